import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig } from "../config/load";
import type { SharedOutputs } from "../contracts/outputs";
import type { Outputs } from "../contracts/reference";
import { partitionOf } from "../lib/arn";
import type { Compute } from "../tiers/compute/compute";
import type { Data } from "../tiers/data/data";
import type { ApplicationLogs } from "../tiers/observability/log-groups";
import { Observability } from "../tiers/observability/observability";
import type { EgressProxy } from "../tiers/proxy/proxy";
import type { StackKey } from "../lib/stack-key";

export interface ObservedParts {
  config: EnvironmentConfig;
  provider: aws.Provider;
  shared: Outputs<SharedOutputs>;
  accountId: pulumi.Input<string>;
  key: StackKey;
  logs: ApplicationLogs;
  data: Data;
  proxy: EgressProxy;
  compute: Compute;
}

/** The queue the workers drain and scale on (the compute tier's work queue). */
const WORK_QUEUE = "tasks";

/** The resource name at the end of an ARN (an SQS queue's). */
const lastField = (arn: pulumi.Output<string>) => arn.apply((a) => a.slice(a.lastIndexOf(":") + 1));

/** Watches the environment's tiers, each through the outputs its component gives. */
export function observeEnvironment({ config, provider, shared, accountId, key, logs, data, proxy, compute }: ObservedParts): Observability {
  const o = config.observability;
  return new Observability(
    `${config.namePrefix}-observability`,
    {
      namePrefix: config.namePrefix,
      environment: config.tags.environment,
      region: config.region,
      partition: partitionOf(config.region),
      accountId,
      kmsKeyArn: key.keyArn,
      settings: {
        thresholds: { ...o.thresholds, latencyObjectiveMs: o.latencyObjectiveMs },
        escalateToOrgTopic: o.escalateToOrgTopic,
        monthlyBudgetUsd: o.monthlyBudgetUsd,
      },
      recipients: config.alerts,
      orgAlertTopicArn: shared.orgAlertTopicArn,
      logs,
      frontDoor: {
        loadBalancerArnSuffix: compute.loadBalancerArnSuffix,
        targetGroupArnSuffix: compute.targetGroupArnSuffix,
        webGroupName: compute.webGroupName,
      },
      // A tier on Fargate has no Auto Scaling group to watch.
      tiers: [
        { tier: "web", autoScalingGroupName: compute.webGroupName },
        { tier: "worker", autoScalingGroupName: compute.workerGroupName },
      ].flatMap(({ tier, autoScalingGroupName }) => (autoScalingGroupName ? [{ tier, autoScalingGroupName }] : [])),
      beta: compute.betaTargetGroupArnSuffix
        ? { loadBalancerArnSuffix: compute.loadBalancerArnSuffix, betaTargetGroupArnSuffix: compute.betaTargetGroupArnSuffix }
        : undefined,
      workQueueName: lastField(data.queues.queues[WORK_QUEUE].arn),
      database: {
        clusterIdentifier: data.database.clusterIdentifier,
        instanceIdentifiers: data.database.instanceIdentifiers,
        hasReaders: config.data.readers > 0,
      },
      cache: { nodeIds: data.cache.memberClusterIds },
      queues: Object.entries(data.queues.queues).map(([name, queue]) => ({
        name,
        queueName: lastField(queue.arn),
        deadLetterQueueName: lastField(queue.deadLetterArn),
        drainedByWorkers: name === WORK_QUEUE,
      })),
      proxy: {
        loadBalancerArnSuffix: proxy.loadBalancerArnSuffix,
        targetGroupArnSuffix: proxy.targetGroupArnSuffix,
        autoScalingGroupName: proxy.autoScalingGroupName,
      },
      publicEndpoint: o.externalHealthCheck
        ? { hostName: compute.url.apply((url) => new URL(url).hostname), healthCheckPath: config.web.healthCheckPath }
        : undefined,
    },
    { provider },
  );
}
