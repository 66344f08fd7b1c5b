import { partitionOf } from "./arn";

export interface KeyPolicyScope {
  accountId: string;
  region: string;
}

/**
 * Key policy for a stack key: the account administers it through IAM, and the
 * services that encrypt with it on the environment's behalf may use it, each only in this
 * account and region (CloudWatch Logs additionally only for this account's log groups).
 */
export function stackKeyPolicy({ accountId, region }: KeyPolicyScope): object {
  const partition = partitionOf(region);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersKeyThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
          ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` },
        },
      },
      {
        Sid: "AlarmsAndNotificationsPublishToEncryptedTopics",
        Effect: "Allow",
        Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com", "budgets.amazonaws.com"] },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}
