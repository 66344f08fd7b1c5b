export interface AlertRecipients {
  /** Email addresses subscribed to the topic (each confirms by mail). */
  emails: string[];
  /** https:// URLs subscribed to the topic. */
  httpsEndpoints: string[];
}

export interface PlannedSubscription {
  /** Stable logical-name suffix derived from the endpoint, so reordering the list replaces nothing. */
  part: string;
  protocol: "email" | "https";
  endpoint: string;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/^https:\/\//, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export function planSubscriptions(recipients: AlertRecipients): PlannedSubscription[] {
  return [
    ...recipients.emails.map((endpoint) => ({ part: `email-${slug(endpoint)}`, protocol: "email" as const, endpoint })),
    ...recipients.httpsEndpoints.map((endpoint) => ({ part: `https-${slug(endpoint)}`, protocol: "https" as const, endpoint })),
  ];
}

/**
 * Policy of an environment's alert topic: the account manages it, and CloudWatch alarms and AWS
 * Budgets of this account only may publish (Budgets needs the grant; the default policy lacks it).
 */
export function alertTopicPolicy(topicArn: string, accountId: string, partition: string): object {
  const owner = { StringEquals: { "aws:SourceAccount": accountId } };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountManagesTopic",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: [
          "sns:GetTopicAttributes",
          "sns:SetTopicAttributes",
          "sns:AddPermission",
          "sns:RemovePermission",
          "sns:DeleteTopic",
          "sns:Subscribe",
          "sns:ListSubscriptionsByTopic",
          "sns:Publish",
        ],
        Resource: topicArn,
      },
      {
        Sid: "AlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: owner,
      },
      { Sid: "BudgetsPublish", Effect: "Allow", Principal: { Service: "budgets.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn, Condition: owner },
    ],
  };
}
