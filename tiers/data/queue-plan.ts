/** Pure plan of the environment's SQS queues, their dead-letter queues and policies. */

export const QUEUE_NAMES = ["events", "tasks", "notifications"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

// SQS limits (SetQueueAttributes, RedrivePolicy): visibility 0-43,200 s, retention 60-1,209,600 s,
// long polling wait 1-20 s, maxReceiveCount 1-1,000.
export const SQS_LIMITS = {
  maxVisibilityTimeoutSeconds: 43200,
  minRetentionSeconds: 60,
  maxRetentionSeconds: 1209600,
  maxReceiveWaitSeconds: 20,
  maxReceiveCount: 1000,
} as const;

export interface QueueSettings {
  /** Receives of a message before SQS moves it to the dead-letter queue, 1-1000. */
  maxReceiveCount: number;
  /** Per queue: longer than the longest a worker takes on one message. */
  visibilityTimeoutSeconds: Record<QueueName, number>;
  /** Seconds a message stays on a queue, 60-1209600. */
  messageRetentionSeconds: number;
  /** Seconds a message stays on a dead-letter queue, 60-1209600. */
  deadLetterRetentionSeconds: number;
  /** Seconds of long polling of a receive, 1-20. */
  receiveWaitTimeSeconds: number;
}

export interface PlannedQueue {
  name: QueueName;
  visibilityTimeoutSeconds: number;
  messageRetentionSeconds: number;
  receiveWaitTimeSeconds: number;
  maxReceiveCount: number;
  deadLetterRetentionSeconds: number;
}

export function planQueues(settings: QueueSettings): PlannedQueue[] {
  return QUEUE_NAMES.map((name) => ({
    name,
    visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds[name],
    messageRetentionSeconds: settings.messageRetentionSeconds,
    receiveWaitTimeSeconds: settings.receiveWaitTimeSeconds,
    maxReceiveCount: settings.maxReceiveCount,
    deadLetterRetentionSeconds: settings.deadLetterRetentionSeconds,
  }));
}

export function redrivePolicy(deadLetterTargetArn: string, maxReceiveCount: number): string {
  return JSON.stringify({ deadLetterTargetArn, maxReceiveCount });
}

/** Only the queue it serves may send its failures to a dead-letter queue. */
export function redriveAllowPolicy(sourceQueueArn: string): string {
  return JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [sourceQueueArn] });
}

/** Denies every request to the queue that does not arrive over TLS. */
export function queuePolicy(queueArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: queueArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}
