import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AlertTopicArgs {
  /** A customer-managed key whose policy lets CloudWatch publish; AWS-managed SNS keys do not. */
  kmsKeyArn: pulumi.Input<string>;
  /** Display name of the SNS topic (the sender name of its email notifications). */
  displayName: string;
  /** Region of the topic when it is not the provider's (alarms can only notify a topic in their own region); unset, the provider's. */
  region?: string;
}

/** An encrypted SNS topic that alarms publish to. */
export class AlertTopic extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AlertTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:AlertTopic", name, {}, opts);
    const topic = new aws.sns.Topic(name, { displayName: args.displayName, kmsMasterKeyId: args.kmsKeyArn, region: args.region }, { parent: this });
    this.topicArn = topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
