import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlertTopic } from "./alert-topic";
import { alertTopicPolicy, planSubscriptions, type AlertRecipients } from "./alerting-plan";

export interface AlertingArgs {
  /** Display name of the SNS topic (the sender name of its email notifications). */
  displayName: string;
  /** The stack's account, the only source the topic policy lets CloudWatch and Budgets publish from. */
  accountId: pulumi.Input<string>;
  /** Partition of the account's ARNs (aws, aws-cn, aws-us-gov). */
  partition: string;
  /** Region of the topic when it is not the provider's; unset, the provider's. */
  region?: string;
  /** A customer-managed key whose policy lets CloudWatch publish, which encrypts the topic. */
  kmsKeyArn: pulumi.Input<string>;
  /** Email and https:// subscribers of the topic (`platform:alerts`). */
  recipients: AlertRecipients;
}

/** An encrypted alert topic that alarms and budgets may publish to, with its email and HTTPS subscribers. */
export class Alerting extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:Alerting", name, {}, opts);
    const region = args.region;
    const topic = new AlertTopic(`${name}-topic`, { kmsKeyArn: args.kmsKeyArn, displayName: args.displayName, region }, { parent: this });
    new aws.sns.TopicPolicy(
      `${name}-policy`,
      {
        arn: topic.topicArn,
        policy: pulumi.all([topic.topicArn, args.accountId]).apply(([arn, accountId]) => JSON.stringify(alertTopicPolicy(arn, accountId, args.partition))),
        region,
      },
      { parent: this },
    );
    for (const subscription of planSubscriptions(args.recipients)) {
      new aws.sns.TopicSubscription(
        `${name}-${subscription.part}`,
        { topic: topic.topicArn, protocol: subscription.protocol, endpoint: subscription.endpoint, region },
        { parent: this },
      );
    }
    this.topicArn = topic.topicArn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
