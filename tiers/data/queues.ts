import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { planQueues, queuePolicy, redriveAllowPolicy, redrivePolicy, type QueueName, type QueueSettings } from "./queue-plan";

export interface QueuesArgs {
  /** Prefix of the queues' names: `<project>-<stack>-<queue>`. */
  namePrefix: string;
  /** Receive count before the DLQ, visibility timeouts, retention and long polling, in seconds (`platform:data.queues`). */
  settings: QueueSettings;
  /** The stack key, which encrypts every queue and dead-letter queue. */
  kmsKeyArn: pulumi.Input<string>;
  /** Keep the queues and dead-letter queues (and the messages in them) from `pulumi destroy`. */
  protect: boolean;
}

export interface QueueRef {
  url: pulumi.Output<string>;
  arn: pulumi.Output<string>;
  deadLetterUrl: pulumi.Output<string>;
  deadLetterArn: pulumi.Output<string>;
}

/** The environment's work queues, each with a dead-letter queue, KMS encryption, long polling and a TLS-only policy. */
export class Queues extends pulumi.ComponentResource {
  readonly queues: Record<QueueName, QueueRef>;

  constructor(name: string, args: QueuesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Queues", name, {}, opts);
    const parent = { parent: this };
    const encryption = { kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 };
    const queues: Partial<Record<QueueName, QueueRef>> = {};
    const stateful = { parent: this, protect: args.protect };

    for (const q of planQueues(args.settings)) {
      const dlq = new aws.sqs.Queue(
        `${name}-${q.name}-dlq`,
        {
          name: `${args.namePrefix}-${q.name}-dlq`,
          messageRetentionSeconds: q.deadLetterRetentionSeconds,
          receiveWaitTimeSeconds: q.receiveWaitTimeSeconds,
          ...encryption,
        },
        stateful,
      );
      const queue = new aws.sqs.Queue(
        `${name}-${q.name}`,
        {
          name: `${args.namePrefix}-${q.name}`,
          visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
          messageRetentionSeconds: q.messageRetentionSeconds,
          receiveWaitTimeSeconds: q.receiveWaitTimeSeconds,
          redrivePolicy: dlq.arn.apply((arn) => redrivePolicy(arn, q.maxReceiveCount)),
          ...encryption,
        },
        stateful,
      );
      new aws.sqs.RedriveAllowPolicy(
        `${name}-${q.name}-dlq-redrive-allow`,
        { queueUrl: dlq.url, redriveAllowPolicy: queue.arn.apply(redriveAllowPolicy) },
        parent,
      );
      for (const [suffix, target] of [
        ["", queue],
        ["-dlq", dlq],
      ] as const) {
        new aws.sqs.QueuePolicy(`${name}-${q.name}${suffix}-policy`, { queueUrl: target.url, policy: target.arn.apply(queuePolicy) }, parent);
      }
      queues[q.name] = { url: queue.url, arn: queue.arn, deadLetterUrl: dlq.url, deadLetterArn: dlq.arn };
    }
    this.queues = queues as Record<QueueName, QueueRef>;
    this.registerOutputs({ queues: this.queues });
  }
}
