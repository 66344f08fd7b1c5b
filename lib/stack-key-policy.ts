import { partitionOf } from "./arn";

export interface KeyPolicyScope {
  /** The account whose root administers the key and whose log groups, alarms, budgets and Auto Scaling may use it. */
  accountId: string;
  /** The region of the CloudWatch Logs service principal (and its log groups) the key serves. */
  region: string;
}

/**
 * Key policy for a stack key: the account administers it through IAM, and the
 * services that encrypt with it on the environment's behalf may use it, each only in this
 * account and region (CloudWatch Logs additionally only for this account's log groups), and
 * EC2 Auto Scaling may launch instances whose volumes it encrypts.
 */
export function stackKeyPolicy({ accountId, region }: KeyPolicyScope): object {
  const partition = partitionOf(region);
  const autoScalingRole = `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
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
      // EC2 Auto Scaling launches instances with volumes encrypted by this key through its service-linked role, which
      // holds no customer-managed key by default (Auto Scaling guide, "Required AWS KMS key policy for use with encrypted
      // volumes"). The role is matched by condition rather than named as principal: KMS rejects a policy naming a role
      // that does not exist yet, and the account gets this role only with its first Auto Scaling group.
      {
        Sid: "AutoScalingUsesKeyForEncryptedVolumes",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: "*",
        Condition: { ArnEquals: { "aws:PrincipalArn": autoScalingRole }, StringEquals: { "aws:PrincipalAccount": accountId } },
      },
      {
        Sid: "AutoScalingGrantsKeyToEbs",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "kms:CreateGrant",
        Resource: "*",
        Condition: {
          ArnEquals: { "aws:PrincipalArn": autoScalingRole },
          StringEquals: { "aws:PrincipalAccount": accountId },
          Bool: { "kms:GrantIsForAWSResource": "true" },
        },
      },
    ],
  };
}
