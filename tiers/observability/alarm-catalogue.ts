import type * as pulumi from "@pulumi/pulumi";

/** Critical alarms page (and escalate where the role says so); warnings go to the environment's topic only. */
export type Severity = "critical" | "warning";
export type MissingData = "missing" | "ignore" | "breaching" | "notBreaching";
export type Comparison = "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";

/** Thresholds every alarm reads, from `platform:observability` (units in the names). */
export interface AlarmThresholds {
  /** p99 latency objective of the front door, in milliseconds. */
  latencyObjectiveMs: number;
  /** Alarm above this percentage of requests ending in 5xx. */
  http5xxPercent: number;
  /** Alarm above this average CPU percentage of the web or worker group. */
  cpuPercent: number;
  /** Alarm when the oldest message of the workers' queue is older than this, in seconds. */
  workerBacklogAgeSeconds: number;
  /** Alarm above this database CPU percentage. */
  databaseCpuPercent: number;
  /** Alarm below this free database storage, in GiB. */
  databaseFreeStorageGiB: number;
  /** Alarm below this freeable database memory, in MiB. */
  databaseFreeableMemoryMiB: number;
  /** Alarm above this many database connections. */
  databaseConnections: number;
  /** Alarm above this database read or write latency, in milliseconds. */
  databaseLatencyMs: number;
  /** Alarm above this read replica lag, in seconds. */
  replicaLagSeconds: number;
  /** Alarm above this cache engine CPU percentage. */
  cacheCpuPercent: number;
  /** Alarm above this percentage of cache memory used. */
  cacheMemoryPercent: number;
  /** Alarm above this many cache evictions a minute. */
  cacheEvictions: number;
  /** Alarm above this cache replication lag, in seconds. */
  cacheReplicationLagSeconds: number;
  /** Alarm when a queue's oldest message is older than this, in seconds. */
  queueAgeSeconds: number;
  /** Alarm above this average CPU percentage of the egress proxies. */
  proxyCpuPercent: number;
  /** Alarm above this many error lines in an application log group in 5 minutes. */
  applicationErrors: number;
}

export interface MetricRef {
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  /** Sum, Average, Minimum, Maximum or a percentile such as p99. */
  stat: string;
  period: number;
}

export interface MetricMath {
  expression: string;
  label: string;
  /** The metrics the expression reads, by the id it uses. */
  metrics: Record<string, MetricRef>;
}

export interface PlannedAlarm {
  /** Suffix of the logical and the physical name, e.g. `front-door-5xx-ratio`. */
  part: string;
  /** What it means, then what to look at first. */
  description: string;
  severity: Severity;
  comparison: Comparison;
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: MissingData;
  metric: MetricRef | MetricMath;
}

export interface FrontDoorMetrics {
  /** `app/<name>/<id>`: the load balancer's ARN suffix, CloudWatch's LoadBalancer dimension. */
  loadBalancerArnSuffix: pulumi.Input<string>;
  /** `targetgroup/<name>/<id>` of the web tier's target group. */
  targetGroupArnSuffix: pulumi.Input<string>;
  /** The web tier's Auto Scaling group, when it has one: no healthy host only matters while it is meant to run. */
  webGroupName?: pulumi.Input<string>;
}

export interface TierMetrics {
  /** web or worker: the alarm names' prefix. */
  tier: string;
  /** The group must publish GroupInServiceInstances and GroupMinSize (enabledMetrics). */
  autoScalingGroupName: pulumi.Input<string>;
}

export interface DatabaseMetrics {
  /** The Aurora cluster: alarms read its WRITER and READER role metrics, which follow a failover. */
  clusterIdentifier: pulumi.Input<string>;
  /** Writer and declared readers, for the dashboard's per-instance lines. */
  instanceIdentifiers: pulumi.Input<string>[];
  /** Whether the cluster has readers (declared or auto-scaled): only then is there replica lag to watch. */
  hasReaders: boolean;
}

export interface CacheMetrics {
  /** Member clusters of the replication group (`<group>-001`...), each one node. */
  nodeIds: pulumi.Input<string>[];
}

export interface QueueMetrics {
  /** Short name in alarm names, e.g. events. */
  name: string;
  /** Name of the queue, CloudWatch's QueueName dimension. */
  queueName: pulumi.Input<string>;
  /** Name of its dead-letter queue. */
  deadLetterQueueName: pulumi.Input<string>;
  /** The queue the workers drain: its age is the worker-backlog-age alarm's, with the tighter threshold. */
  drainedByWorkers?: boolean;
}

export interface ProxyMetrics {
  /** `net/<name>/<id>` of the proxy's internal Network Load Balancer. */
  loadBalancerArnSuffix: pulumi.Input<string>;
  /** `targetgroup/<name>/<id>` of the proxies' target group. */
  targetGroupArnSuffix: pulumi.Input<string>;
  /** The proxies' Auto Scaling group. */
  autoScalingGroupName: pulumi.Input<string>;
}

// Windows: a minute's data, alarming on 3 bad minutes of 5 so one spike does not page.
const MINUTE = 60;
const THREE_OF_FIVE = { evaluationPeriods: 5, datapointsToAlarm: 3 };
const FIVE_OF_FIVE = { evaluationPeriods: 5, datapointsToAlarm: 5 };
// EC2 basic monitoring reports every 5 minutes; SQS metrics can arrive late, so 5-minute periods there too.
const FIVE_MINUTES = 300;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

const alb = (metricName: string, stat: string, dimensions: Record<string, pulumi.Input<string>>): MetricRef => ({
  namespace: "AWS/ApplicationELB",
  metricName,
  dimensions,
  stat,
  period: MINUTE,
});

/**
 * "No healthy host": with the web group known, only while it is meant to run (desired above 0), so a
 * tier scaled to zero on purpose (availability hours) is not an outage.
 */
/** The web group's desired capacity, when web runs on instances: zero while it sleeps on schedule (or has no release). */
function webDesired(frontDoor: FrontDoorMetrics): MetricRef | undefined {
  if (frontDoor.webGroupName === undefined) return undefined;
  return {
    namespace: "AWS/AutoScaling",
    metricName: "GroupDesiredCapacity",
    dimensions: { AutoScalingGroupName: frontDoor.webGroupName },
    stat: "Maximum",
    period: MINUTE,
  };
}

function noHealthyHosts(frontDoor: FrontDoorMetrics, targets: Record<string, pulumi.Input<string>>): Pick<PlannedAlarm, "comparison" | "threshold" | "metric"> {
  const healthy = alb("HealthyHostCount", "Minimum", targets);
  const desired = webDesired(frontDoor);
  if (desired === undefined) return { comparison: "LessThanThreshold", threshold: 1, metric: healthy };
  return {
    comparison: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    metric: { expression: "IF(desired > 0 AND FILL(healthy, 0) < 1, 1, 0)", label: "no healthy host while web should run", metrics: { healthy, desired } },
  };
}

/**
 * 5xx per request, in percent. While the web group is scheduled to zero every request gets the load balancer's 503,
 * which is the schedule, not an outage: the ratio counts only while the group should run.
 */
function fiveXxRatio(frontDoor: FrontDoorMetrics, lb: Record<string, pulumi.Input<string>>): PlannedAlarm["metric"] {
  const ratio = "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests";
  const metrics = {
    elb5xx: alb("HTTPCode_ELB_5XX_Count", "Sum", lb),
    target5xx: alb("HTTPCode_Target_5XX_Count", "Sum", lb),
    requests: alb("RequestCount", "Sum", lb),
  };
  const desired = webDesired(frontDoor);
  return desired
    ? { expression: `IF(desired > 0, ${ratio}, 0)`, label: "5xx % of requests while web should run", metrics: { ...metrics, desired } }
    : { expression: ratio, label: "5xx % of requests", metrics };
}

/** Names of the front door alarms the "service is down" composite reads. */
export const SERVICE_DOWN_INPUTS = ["front-door-5xx-ratio", "front-door-no-healthy-hosts"] as const;

/** The alarms a release stops on, by name: the service-down inputs, the 5xx ratio first (Run Command watches only one). */
export function releaseStopAlarmNames(namePrefix: string): string[] {
  return SERVICE_DOWN_INPUTS.map((part) => `${namePrefix}-${part}`);
}

export function planFrontDoorAlarms(frontDoor: FrontDoorMetrics, t: AlarmThresholds): PlannedAlarm[] {
  const lb = { LoadBalancer: frontDoor.loadBalancerArnSuffix };
  const targets = { TargetGroup: frontDoor.targetGroupArnSuffix, LoadBalancer: frontDoor.loadBalancerArnSuffix };
  return [
    {
      part: "front-door-p99-latency",
      description:
        `p99 of TargetResponseTime is above the ${t.latencyObjectiveMs} ms objective: users wait. ` +
        "Look first at the dashboard's latency chart against web CPU and in-service count (scaling behind?), then database latency and connections.",
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: t.latencyObjectiveMs / 1000,
      ...THREE_OF_FIVE,
      // No requests means no latency datapoint, which is not slowness.
      treatMissingData: "notBreaching",
      metric: alb("TargetResponseTime", "p99", lb),
    },
    {
      part: "front-door-5xx-ratio",
      description:
        `More than ${t.http5xxPercent}% of requests end in a 5xx (from the load balancer or the targets). ` +
        "Look first at the web tier's application errors in its log group and at unhealthy hosts; a release in progress is the usual suspect.",
      severity: "critical",
      comparison: "GreaterThanThreshold",
      threshold: t.http5xxPercent,
      ...THREE_OF_FIVE,
      // Without traffic the ratio has no value; that alone is not an error.
      treatMissingData: "notBreaching",
      metric: fiveXxRatio(frontDoor, lb),
    },
    {
      part: "front-door-no-healthy-hosts",
      description:
        "The web target group has no healthy host: every request fails. Look first at the web Auto Scaling group's activity and the target health reasons.",
      severity: "critical",
      ...noHealthyHosts(frontDoor, targets),
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      // The load balancer reports healthy hosts every minute and group metrics come every minute; silence means none.
      treatMissingData: "breaching",
    },
    {
      part: "front-door-unhealthy-hosts",
      description: "Web targets fail their health checks. Look first at the target health reason in the target group, then the instance's application log.",
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: 0,
      ...FIVE_OF_FIVE,
      treatMissingData: "notBreaching",
      metric: alb("UnHealthyHostCount", "Maximum", targets),
    },
    {
      part: "front-door-rejected-connections",
      description:
        "The load balancer rejected connections: it hit its connection limit or had no target to route to. Look first at healthy hosts and surge traffic.",
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: 0,
      ...THREE_OF_FIVE,
      treatMissingData: "notBreaching",
      metric: alb("RejectedConnectionCount", "Sum", lb),
    },
  ];
}

export function planTierAlarms(tier: TierMetrics, t: AlarmThresholds): PlannedAlarm[] {
  const group = { AutoScalingGroupName: tier.autoScalingGroupName };
  const alarms: PlannedAlarm[] = [
    {
      part: `${tier.tier}-cpu-high`,
      description:
        `Average CPU of the ${tier.tier} tier is above ${t.cpuPercent}% for 15 minutes: scaling is not keeping up or is at max. ` +
        "Look first at the group's desired versus max capacity and its scaling activity.",
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: t.cpuPercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      // A tier scaled to zero (availability hours) has no CPU to report.
      treatMissingData: "notBreaching",
      metric: { namespace: "AWS/EC2", metricName: "CPUUtilization", dimensions: group, stat: "Average", period: FIVE_MINUTES },
    },
  ];
  // Against the group's own minimum metric, so a scheduled scale-down (availability hours) is no alarm.
  alarms.push({
    part: `${tier.tier}-in-service-below-min`,
    description:
      `Fewer ${tier.tier} instances are InService than the group's minimum: a zone or launches are failing. ` +
      "Look first at the Auto Scaling group's activity history (capacity, launch template, spot interruptions).",
    severity: "warning",
    comparison: "LessThanThreshold",
    threshold: 0,
    ...FIVE_OF_FIVE,
    // Enabled group metrics are published every minute, even at zero instances; silence means the group is not reporting.
    treatMissingData: "breaching",
    metric: {
      expression: "inService - minSize",
      label: "in service minus minimum",
      metrics: {
        inService: { namespace: "AWS/AutoScaling", metricName: "GroupInServiceInstances", dimensions: group, stat: "Minimum", period: MINUTE },
        minSize: { namespace: "AWS/AutoScaling", metricName: "GroupMinSize", dimensions: group, stat: "Maximum", period: MINUTE },
      },
    },
  });
  return alarms;
}

const sqs = (queueName: pulumi.Input<string>, metricName: string, stat: string): MetricRef => ({
  namespace: "AWS/SQS",
  metricName,
  dimensions: { QueueName: queueName },
  stat,
  period: FIVE_MINUTES,
});

/** The age of the oldest message on the queue the workers drain: work waits longer than it should. */
export function planWorkerBacklogAlarm(queueName: pulumi.Input<string>, t: AlarmThresholds): PlannedAlarm {
  return {
    part: "worker-backlog-age",
    description:
      `The oldest message waiting for the workers is older than ${t.workerBacklogAgeSeconds} s: the worker tier falls behind. ` +
      "Look first at the worker group's desired versus max capacity, then at worker errors in its log group.",
    severity: "warning",
    comparison: "GreaterThanThreshold",
    threshold: t.workerBacklogAgeSeconds,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    // SQS stops reporting an idle, empty queue.
    treatMissingData: "notBreaching",
    metric: sqs(queueName, "ApproximateAgeOfOldestMessage", "Maximum"),
  };
}

export function planQueueAlarms(queue: QueueMetrics, t: AlarmThresholds): PlannedAlarm[] {
  const alarms: PlannedAlarm[] = [
    {
      part: `queue-${queue.name}-oldest-message`,
      description:
        `A message on the ${queue.name} queue is older than ${t.queueAgeSeconds} s: its consumers are stuck or too few. ` +
        "Look first at the consumers' errors and capacity.",
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: t.queueAgeSeconds,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      metric: sqs(queue.queueName, "ApproximateAgeOfOldestMessage", "Maximum"),
    },
    {
      part: `queue-${queue.name}-dead-letters`,
      description:
        `Messages reached the ${queue.name} dead-letter queue: they failed every delivery attempt. ` +
        "Look first at a message in the DLQ and the consumer's error log; redrive once fixed.",
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // An empty DLQ goes quiet; quiet is the good state.
      treatMissingData: "notBreaching",
      metric: sqs(queue.deadLetterQueueName, "ApproximateNumberOfMessagesVisible", "Maximum"),
    },
  ];
  return queue.drainedByWorkers ? alarms.filter((a) => !a.part.endsWith("-oldest-message")) : alarms;
}

/**
 * An Aurora metric aggregated over the cluster's instances, or over those of one role: AWS advises alarms on the
 * WRITER and READER role metrics, as instances change roles on failover ("Creating CloudWatch alarms to monitor
 * Amazon Aurora"; dimensions DBClusterIdentifier and Role).
 */
const aurora = (clusterIdentifier: pulumi.Input<string>, role: "WRITER" | "READER" | undefined, metricName: string, stat: string): MetricRef => ({
  namespace: "AWS/RDS",
  metricName,
  dimensions: role ? { DBClusterIdentifier: clusterIdentifier, Role: role } : { DBClusterIdentifier: clusterIdentifier },
  stat,
  period: MINUTE,
});

export function planDatabaseAlarms(database: DatabaseMetrics, t: AlarmThresholds): PlannedAlarm[] {
  const cluster = database.clusterIdentifier;
  // RDS reports every minute while the instance runs; missing data keeps the last state so a reboot does not flap.
  const common = { ...THREE_OF_FIVE, treatMissingData: "missing" as const };
  const alarms: PlannedAlarm[] = [
    {
      part: "database-cpu-high",
      description: `Database writer CPU is above ${t.databaseCpuPercent}%. Look first at Performance Insights' top SQL, then at connections and moving reads to the reader endpoint.`,
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: t.databaseCpuPercent,
      ...common,
      metric: aurora(cluster, "WRITER", "CPUUtilization", "Average"),
    },
    {
      part: "database-free-storage-low",
      description:
        `An instance's local storage is below ${t.databaseFreeStorageGiB} GiB: temporary tables and sorts fail when it runs out (the cluster volume grows by itself). ` +
        "Look first at Performance Insights for queries spilling to disk, then at work_mem and a larger instance class.",
      severity: "critical",
      comparison: "LessThanThreshold",
      threshold: t.databaseFreeStorageGiB * GIB,
      ...common,
      metric: aurora(cluster, undefined, "FreeLocalStorage", "Minimum"),
    },
    {
      part: "database-freeable-memory-low",
      description:
        `Database writer freeable memory is below ${t.databaseFreeableMemoryMiB} MiB: it will slow down. ` +
        "Look first at connection count and work_mem-heavy queries; consider a larger instance class.",
      severity: "warning",
      comparison: "LessThanThreshold",
      threshold: t.databaseFreeableMemoryMiB * MIB,
      ...common,
      metric: aurora(cluster, "WRITER", "FreeableMemory", "Minimum"),
    },
    {
      part: "database-connections-high",
      description:
        `More than ${t.databaseConnections} connections to the database writer: new ones will soon be refused. ` +
        "Look first at the web and worker instance counts times their pool size, and at connection leaks.",
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: t.databaseConnections,
      ...common,
      metric: aurora(cluster, "WRITER", "DatabaseConnections", "Maximum"),
    },
    {
      part: "database-write-latency-high",
      description: `Database write latency is above ${t.databaseLatencyMs} ms. Look first at commit latency and locks, then at the writer's CPU.`,
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: t.databaseLatencyMs / 1000,
      ...common,
      metric: aurora(cluster, "WRITER", "WriteLatency", "Average"),
    },
    {
      part: "database-read-latency-high",
      description: `Database read latency is above ${t.databaseLatencyMs} ms across the cluster. Look first at Performance Insights' top SQL and missing indexes.`,
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: t.databaseLatencyMs / 1000,
      ...common,
      metric: aurora(cluster, undefined, "ReadLatency", "Average"),
    },
  ];
  if (database.hasReaders) {
    alarms.push({
      part: "database-replica-lag",
      description:
        `A reader is more than ${t.replicaLagSeconds} s behind the writer: reads from the reader endpoint are stale. ` +
        "Look first at the writer's write volume and the readers' CPU.",
      severity: "warning",
      comparison: "GreaterThanThreshold",
      // AuroraReplicaLag is in milliseconds (Aurora User Guide, "Instance-level metrics for Amazon Aurora").
      threshold: t.replicaLagSeconds * 1000,
      ...THREE_OF_FIVE,
      // Readers always report lag; none reporting means no reader is replicating.
      treatMissingData: "breaching",
      metric: aurora(cluster, "READER", "AuroraReplicaLag", "Maximum"),
    });
  }
  return alarms;
}

/** The one node of each member cluster of a replication group without cluster mode. */
export const CACHE_NODE_ID = "0001";

// ElastiCache publishes per node, under CacheClusterId and CacheNodeId together.
const elasticache = (nodeId: pulumi.Input<string>, metricName: string, stat: string): MetricRef => ({
  namespace: "AWS/ElastiCache",
  metricName,
  dimensions: { CacheClusterId: nodeId, CacheNodeId: CACHE_NODE_ID },
  stat,
  period: MINUTE,
});

export function planCacheAlarms(cache: CacheMetrics, t: AlarmThresholds): PlannedAlarm[] {
  return cache.nodeIds.flatMap((node, i): PlannedAlarm[] => {
    const n = i + 1;
    return [
      {
        part: `cache-node-${n}-engine-cpu-high`,
        description: `The Redis engine thread of cache node ${n} is above ${t.cacheCpuPercent}%: commands queue. Look first at slow log and hot keys.`,
        severity: "warning",
        comparison: "GreaterThanThreshold",
        threshold: t.cacheCpuPercent,
        ...THREE_OF_FIVE,
        treatMissingData: "missing",
        metric: elasticache(node, "EngineCPUUtilization", "Average"),
      },
      {
        part: `cache-node-${n}-memory-high`,
        description:
          `Cache node ${n} uses more than ${t.cacheMemoryPercent}% of its memory: evictions follow. ` +
          "Look first at key TTLs and the largest keys; consider a larger node type.",
        severity: "warning",
        comparison: "GreaterThanThreshold",
        threshold: t.cacheMemoryPercent,
        ...THREE_OF_FIVE,
        treatMissingData: "missing",
        metric: elasticache(node, "DatabaseMemoryUsagePercentage", "Maximum"),
      },
      {
        part: `cache-node-${n}-evictions`,
        description: `Cache node ${n} evicted more than ${t.cacheEvictions} keys a minute: the cache is too small for its working set. Look first at memory use.`,
        severity: "warning",
        comparison: "GreaterThanThreshold",
        threshold: t.cacheEvictions,
        ...THREE_OF_FIVE,
        treatMissingData: "notBreaching",
        metric: elasticache(node, "Evictions", "Sum"),
      },
      {
        part: `cache-node-${n}-replication-lag`,
        description:
          `Cache node ${n}, as a replica, is more than ${t.cacheReplicationLagSeconds} s behind its primary. ` +
          "Look first at the primary's write rate and network.",
        severity: "warning",
        comparison: "GreaterThanThreshold",
        threshold: t.cacheReplicationLagSeconds,
        ...THREE_OF_FIVE,
        // Only replicas report ReplicationLag, and which node is the primary changes on failover.
        treatMissingData: "notBreaching",
        metric: elasticache(node, "ReplicationLag", "Maximum"),
      },
    ];
  });
}

export function planProxyAlarms(proxy: ProxyMetrics, t: AlarmThresholds): PlannedAlarm[] {
  return [
    {
      part: "proxy-unhealthy-hosts",
      description:
        "Egress proxy instances fail their health checks on the proxy's load balancer: outbound HTTPS from the tiers may fail. " +
        "Look first at the proxy group's activity and a proxy instance's log.",
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: 0,
      ...FIVE_OF_FIVE,
      treatMissingData: "notBreaching",
      metric: {
        namespace: "AWS/NetworkELB",
        metricName: "UnHealthyHostCount",
        dimensions: { TargetGroup: proxy.targetGroupArnSuffix, LoadBalancer: proxy.loadBalancerArnSuffix },
        stat: "Maximum",
        period: MINUTE,
      },
    },
    {
      part: "proxy-cpu-high",
      description: `Average CPU of the egress proxies is above ${t.proxyCpuPercent}%. Look first at the proxy group's capacity versus max and outbound traffic.`,
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: t.proxyCpuPercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      metric: {
        namespace: "AWS/EC2",
        metricName: "CPUUtilization",
        dimensions: { AutoScalingGroupName: proxy.autoScalingGroupName },
        stat: "Average",
        period: FIVE_MINUTES,
      },
    },
  ];
}

/** Application errors counted by the log metric filters, per 5 minutes. */
export function planApplicationErrorAlarm(namespace: string, metricName: string, source: string, t: AlarmThresholds): PlannedAlarm {
  return {
    part: `${source}-application-errors`,
    description:
      `More than ${t.applicationErrors} error lines in the ${source} log group in 5 minutes. ` +
      `Look first at the ${source} log group in Logs Insights, filtered on ERROR.`,
    severity: "warning",
    comparison: "GreaterThanThreshold",
    threshold: t.applicationErrors,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    // The filter reports 0 when nothing matches, so missing data means no logs at all, not errors.
    treatMissingData: "notBreaching",
    metric: { namespace, metricName, dimensions: {}, stat: "Sum", period: FIVE_MINUTES },
  };
}

/** The composite rule "the service is down": any of the given alarms. */
export function serviceDownRule(alarmNames: string[]): string {
  return alarmNames.map((name) => `ALARM("${name}")`).join(" OR ");
}

/** Alarm and OK actions of a severity: warnings to the environment's topic, critical alarms also to the escalation topics. */
export function actionsFor<T>(severity: Severity, topics: { environment: T; escalation: T[] }): T[] {
  return severity === "critical" ? [topics.environment, ...topics.escalation] : [topics.environment];
}

/** Why alarms in `region` cannot notify the topic `topicArn`: alarm actions must be in the alarm's region (PutMetricAlarm rejects others). */
export function topicRegionProblem(topicArn: string, region: string): string | undefined {
  const topicRegion = topicArn.split(":")[3];
  return topicRegion === region ? undefined : `alarms in ${region} cannot notify ${topicArn}: an alarm's SNS actions must be in its own region`;
}
