import type * as pulumi from "@pulumi/pulumi";

/** A CloudWatch metric that counts what drains a queue: in-service instances, or running tasks. */
export interface CapacityMetric {
  /** The metric's id in the expression: instances, tasks. */
  id: string;
  namespace: string;
  metricName: string;
  dimensions: { name: string; value: pulumi.Input<string> }[];
  /** What one unit is, for the expression's label: "in-service instance", "running task". */
  unit: string;
}

/**
 * Messages waiting per unit of capacity, as target tracking metric math: the scaling AWS documents
 * for SQS-driven workers, for an Auto Scaling group and an ECS service alike.
 */
export function backlogPerCapacity(queueName: pulumi.Input<string>, capacity: CapacityMetric) {
  return [
    {
      id: "visible",
      returnData: false,
      metricStat: {
        stat: "Sum",
        metric: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: [{ name: "QueueName", value: queueName }] },
      },
    },
    {
      id: capacity.id,
      returnData: false,
      metricStat: { stat: "Average", metric: { namespace: capacity.namespace, metricName: capacity.metricName, dimensions: capacity.dimensions } },
    },
    { id: "backlog", expression: `visible / ${capacity.id}`, label: `Messages per ${capacity.unit}`, returnData: true },
  ];
}
