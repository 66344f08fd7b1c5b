import { partitionOf } from "./arn";

export interface KeyPolicyScope {
  /** The account whose root administers the key and whose log groups, alarms, budgets and Auto Scaling may use it. */
  accountId: string;
  /** The region of the CloudWatch Logs service principal, the log groups and the alarms the key serves. */
  region: string;
  /** Name prefixes of the log groups CloudWatch Logs may encrypt with the key, e.g. `/platform-prod/`. Default: none. */
  logGroupNamePrefixes?: string[];
  /** Name prefix of the CloudWatch alarms that may publish to topics the key encrypts, e.g. `platform-prod-`. */
  alarmNamePrefix: string;
  /** Name prefix of the AWS Budgets that may notify topics the key encrypts. Default: none. */
  budgetNamePrefix?: string;
  /** Whether EC2 Auto Scaling may encrypt the volumes of the instances it launches with the key. Default: false. */
  encryptsVolumes?: boolean;
}

/**
 * Key policy for a stack key: the account administers it through IAM, and the services that encrypt with it on the
 * stack's behalf may use it, each only for this stack's own resources: CloudWatch Logs for its log groups (by the
 * encryption context), CloudWatch alarms and AWS Budgets by the ARN of the alarm or budget they publish for (the
 * confused-deputy conditions), and EC2 Auto Scaling for the volumes of the instances it launches.
 */
export function stackKeyPolicy({
  accountId,
  region,
  logGroupNamePrefixes = [],
  alarmNamePrefix,
  budgetNamePrefix,
  encryptsVolumes = false,
}: KeyPolicyScope): object {
  const partition = partitionOf(region);
  const autoScalingRole = `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  const publishing = ["kms:Decrypt", "kms:GenerateDataKey*"];
  const statements: object[] = [
    {
      Sid: "AccountAdministersKeyThroughIam",
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ];
  if (logGroupNamePrefixes.length > 0) {
    // CloudWatch Logs passes the log group's ARN as encryption context (CloudWatch Logs guide, "Encrypt log data using AWS KMS").
    statements.push({
      Sid: "CloudWatchLogsEncryptsThisStacksLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": logGroupNamePrefixes.map((prefix) => `arn:${partition}:logs:${region}:${accountId}:log-group:${prefix}*`),
        },
      },
    });
  }
  // Alarm ARNs are arn:<partition>:cloudwatch:<region>:<account>:alarm:<name> (AWS Knowledge Center, "CloudWatch alarm SNS notifications").
  statements.push({
    Sid: "ThisStacksAlarmsPublishToEncryptedTopics",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: publishing,
    Resource: "*",
    Condition: {
      StringEquals: { "aws:SourceAccount": accountId },
      ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${alarmNamePrefix}*` },
    },
  });
  if (budgetNamePrefix !== undefined) {
    // Budgets are global: arn:<partition>:budgets::<account>:budget/<name> (Cost Management guide, "Creating an Amazon SNS topic for budget notifications").
    statements.push({
      Sid: "ThisStacksBudgetsNotifyEncryptedTopics",
      Effect: "Allow",
      Principal: { Service: "budgets.amazonaws.com" },
      Action: publishing,
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:${partition}:budgets::${accountId}:budget/${budgetNamePrefix}*` },
      },
    });
  }
  if (!encryptsVolumes) return { Version: "2012-10-17", Statement: statements };
  // EC2 Auto Scaling launches instances with volumes encrypted by this key through its service-linked role, which
  // holds no customer-managed key by default (Auto Scaling guide, "Required AWS KMS key policy for use with encrypted
  // volumes"). The role is matched by condition rather than named as principal: KMS rejects a policy naming a role
  // that does not exist yet, and the account gets this role only with its first Auto Scaling group.
  statements.push(
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
  );
  return { Version: "2012-10-17", Statement: statements };
}
