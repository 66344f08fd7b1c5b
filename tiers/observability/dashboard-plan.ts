import { CACHE_NODE_ID } from "./alarm-catalogue";

/** What the dashboard shows, with every id resolved. */
export interface DashboardContent {
  region: string;
  latencyObjectiveMs: number;
  frontDoor?: { loadBalancerArnSuffix: string; targetGroupArnSuffix: string };
  /** The beta target group, shown beside the main one while a beta release takes a share. */
  beta?: { betaTargetGroupArnSuffix: string };
  tiers: { tier: string; autoScalingGroupName: string }[];
  database?: { clusterIdentifier: string; instanceIdentifiers: string[]; hasReaders: boolean };
  cache?: { nodeIds: string[] };
  queues: { name: string; queueName: string; deadLetterQueueName: string }[];
  proxy?: { loadBalancerArnSuffix: string; targetGroupArnSuffix: string; autoScalingGroupName: string };
  /** The Route 53 health check of the public endpoint, whose metrics are in `healthCheck.region`. */
  healthCheck?: { healthCheckId: string; region: string };
  /** Namespace and metric names of the application error counts. */
  applicationErrors: { namespace: string; metricNames: string[] };
  /** ARNs of the alarms whose state the dashboard shows last. */
  alarmArns: string[];
}

// Dashboard Body Structure and Syntax (CloudWatch API reference): 0 to 500 widgets, a grid 24 units wide,
// and an alarm status widget lists 1 to 100 alarm ARNs.
export const MAX_WIDGETS = 500;
export const MAX_ALARMS_PER_WIDGET = 100;
const GRID_WIDTH = 24;

type MetricLine = (string | Record<string, unknown>)[];

interface Widget {
  type: "metric" | "alarm" | "text";
  width: number;
  height: number;
  properties: Record<string, unknown>;
}

/** A time series; metric widgets must name their region. */
function chart(c: DashboardContent, title: string, metrics: MetricLine[], extra: Record<string, unknown> = {}, width = 12): Widget {
  return { type: "metric", width, height: 6, properties: { title, view: "timeSeries", stacked: false, region: c.region, period: 60, metrics, ...extra } };
}

function latencyChart(c: DashboardContent, lb: string): Widget {
  const line = (stat: string): MetricLine => ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb, { stat, label: stat }];
  return chart(
    c,
    `Latency (TargetResponseTime) against the ${c.latencyObjectiveMs} ms objective`,
    [line("p50"), line("p90"), line("p99")],
    {
      yAxis: { left: { label: "seconds", min: 0 } },
      annotations: { horizontal: [{ label: `objective ${c.latencyObjectiveMs} ms`, value: c.latencyObjectiveMs / 1000, color: "#d62728" }] },
    },
    GRID_WIDTH,
  );
}

function frontDoorWidgets(c: DashboardContent, fd: NonNullable<DashboardContent["frontDoor"]>): Widget[] {
  const lb = fd.loadBalancerArnSuffix;
  const targets = ["TargetGroup", fd.targetGroupArnSuffix, "LoadBalancer", lb];
  return [
    chart(c, "Traffic: requests per minute", [["AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb, { stat: "Sum" }]]),
    chart(c, "Errors: 5xx and 4xx", [
      ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", lb, { stat: "Sum" }],
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", lb, { stat: "Sum" }],
      ["AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", "LoadBalancer", lb, { stat: "Sum" }],
      ["AWS/ApplicationELB", "RejectedConnectionCount", "LoadBalancer", lb, { stat: "Sum" }],
    ]),
    chart(c, "Web targets: healthy and unhealthy", [
      ["AWS/ApplicationELB", "HealthyHostCount", ...targets, { stat: "Minimum" }],
      ["AWS/ApplicationELB", "UnHealthyHostCount", ...targets, { stat: "Maximum" }],
    ]),
  ];
}

/** Beta against the main fleet: p99 latency and target 5xx per target group, side by side. */
function betaWidgets(c: DashboardContent, fd: NonNullable<DashboardContent["frontDoor"]>, beta: NonNullable<DashboardContent["beta"]>): Widget[] {
  const side = (metric: string, stat: string, targetGroup: string, label: string): MetricLine => [
    "AWS/ApplicationELB",
    metric,
    "TargetGroup",
    targetGroup,
    "LoadBalancer",
    fd.loadBalancerArnSuffix,
    { stat, label },
  ];
  return [
    chart(c, "Beta vs main: p99 latency", [
      side("TargetResponseTime", "p99", fd.targetGroupArnSuffix, "main"),
      side("TargetResponseTime", "p99", beta.betaTargetGroupArnSuffix, "beta"),
    ]),
    chart(c, "Beta vs main: target 5xx", [
      side("HTTPCode_Target_5XX_Count", "Sum", fd.targetGroupArnSuffix, "main"),
      side("HTTPCode_Target_5XX_Count", "Sum", beta.betaTargetGroupArnSuffix, "beta"),
    ]),
  ];
}

function availabilityWidget(c: DashboardContent, check: NonNullable<DashboardContent["healthCheck"]>): Widget {
  return chart(
    c,
    "Availability: Route 53 health checkers reporting healthy (%)",
    [["AWS/Route53", "HealthCheckPercentageHealthy", "HealthCheckId", check.healthCheckId, { stat: "Average" }]],
    { region: check.region, yAxis: { left: { min: 0, max: 100 } } },
  );
}

function tierWidgets(c: DashboardContent): Widget[] {
  if (c.tiers.length === 0) return [];
  const byGroup = (metric: string, namespace: string, stat: string) =>
    c.tiers.map((t): MetricLine => [namespace, metric, "AutoScalingGroupName", t.autoScalingGroupName, { stat, label: t.tier }]);
  return [
    chart(c, "Tiers: average CPU %", byGroup("CPUUtilization", "AWS/EC2", "Average"), { period: 300 }),
    chart(c, "Tiers: in-service instances", byGroup("GroupInServiceInstances", "AWS/AutoScaling", "Minimum")),
  ];
}

function errorWidgets(c: DashboardContent): Widget[] {
  const { namespace, metricNames } = c.applicationErrors;
  if (metricNames.length === 0) return [];
  return [
    chart(
      c,
      "Application errors (log lines)",
      metricNames.map((m): MetricLine => [namespace, m, { stat: "Sum" }]),
      { period: 300 },
    ),
  ];
}

function databaseWidgets(c: DashboardContent, db: NonNullable<DashboardContent["database"]>): Widget[] {
  const per = (metric: string, stat: string) => db.instanceIdentifiers.map((id): MetricLine => ["AWS/RDS", metric, "DBInstanceIdentifier", id, { stat }]);
  // Role lines follow a failover and include auto-scaled readers, which have no declared identifier.
  const role = (metric: string, stat: string, r: "WRITER" | "READER"): MetricLine => [
    "AWS/RDS",
    metric,
    "DBClusterIdentifier",
    db.clusterIdentifier,
    "Role",
    r,
    { stat, label: `${r.toLowerCase()} ${metric}` },
  ];
  const roles = db.hasReaders ? (["WRITER", "READER"] as const) : (["WRITER"] as const);
  const widgets = [
    chart(c, "Database: CPU %", [...roles.map((r) => role("CPUUtilization", "Average", r)), ...per("CPUUtilization", "Average")]),
    chart(
      c,
      "Database: connections",
      roles.map((r) => role("DatabaseConnections", "Maximum", r)),
    ),
    chart(c, "Database: read and write latency (s)", [...roles.map((r) => role("ReadLatency", "Average", r)), role("WriteLatency", "Average", "WRITER")]),
    chart(c, "Database: free local storage and freeable memory (bytes)", [...per("FreeLocalStorage", "Minimum"), ...per("FreeableMemory", "Minimum")]),
  ];
  if (db.hasReaders) widgets.push(chart(c, "Database: replica lag (ms)", [role("AuroraReplicaLag", "Maximum", "READER")]));
  return widgets;
}

function cacheWidgets(c: DashboardContent, cache: NonNullable<DashboardContent["cache"]>): Widget[] {
  const per = (metric: string, stat: string) =>
    cache.nodeIds.map((id): MetricLine => ["AWS/ElastiCache", metric, "CacheClusterId", id, "CacheNodeId", CACHE_NODE_ID, { stat }]);
  return [
    chart(c, "Cache: engine CPU %", per("EngineCPUUtilization", "Average")),
    chart(c, "Cache: memory used %", per("DatabaseMemoryUsagePercentage", "Maximum")),
    chart(c, "Cache: evictions", per("Evictions", "Sum")),
    chart(c, "Cache: replication lag (s)", per("ReplicationLag", "Maximum")),
  ];
}

function queueWidgets(c: DashboardContent): Widget[] {
  if (c.queues.length === 0) return [];
  return [
    chart(
      c,
      "Queues: age of oldest message (s)",
      c.queues.map((q): MetricLine => ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", q.queueName, { stat: "Maximum", label: q.name }]),
      { period: 300 },
    ),
    chart(
      c,
      "Queues: messages waiting, and in dead-letter queues",
      c.queues.flatMap((q): MetricLine[] => [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q.queueName, { stat: "Maximum", label: q.name }],
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q.deadLetterQueueName, { stat: "Maximum", label: `${q.name} DLQ` }],
      ]),
      { period: 300 },
    ),
  ];
}

function proxyWidgets(c: DashboardContent, proxy: NonNullable<DashboardContent["proxy"]>): Widget[] {
  const targets = ["TargetGroup", proxy.targetGroupArnSuffix, "LoadBalancer", proxy.loadBalancerArnSuffix];
  return [
    chart(c, "Egress proxy: healthy and unhealthy hosts", [
      ["AWS/NetworkELB", "HealthyHostCount", ...targets, { stat: "Minimum" }],
      ["AWS/NetworkELB", "UnHealthyHostCount", ...targets, { stat: "Maximum" }],
    ]),
    chart(c, "Egress proxy: average CPU %", [["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", proxy.autoScalingGroupName, { stat: "Average" }]], {
      period: 300,
    }),
  ];
}

/** Places widgets left to right, top to bottom, on the dashboard's 24-unit grid. */
function laidOut(widgets: Widget[]): (Widget & { x: number; y: number })[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return widgets.map((w) => {
    if (x + w.width > GRID_WIDTH) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { ...w, x, y };
    x += w.width;
    rowHeight = Math.max(rowHeight, w.height);
    return placed;
  });
}

/**
 * The environment's dashboard: the latency chart against the objective first, then traffic and
 * errors, the tiers, data, queues and the proxy, and the alarms' states last.
 */
export function dashboardBody(c: DashboardContent): { widgets: (Widget & { x: number; y: number })[] } {
  const widgets: Widget[] = [
    ...(c.frontDoor ? [latencyChart(c, c.frontDoor.loadBalancerArnSuffix), ...frontDoorWidgets(c, c.frontDoor)] : []),
    ...(c.frontDoor && c.beta ? betaWidgets(c, c.frontDoor, c.beta) : []),
    ...(c.healthCheck ? [availabilityWidget(c, c.healthCheck)] : []),
    ...errorWidgets(c),
    ...tierWidgets(c),
    ...(c.database ? databaseWidgets(c, c.database) : []),
    ...(c.cache ? cacheWidgets(c, c.cache) : []),
    ...queueWidgets(c),
    ...(c.proxy ? proxyWidgets(c, c.proxy) : []),
  ];
  for (let i = 0; i < c.alarmArns.length; i += MAX_ALARMS_PER_WIDGET) {
    const alarms = c.alarmArns.slice(i, i + MAX_ALARMS_PER_WIDGET);
    widgets.push({ type: "alarm", width: GRID_WIDTH, height: 6, properties: { title: "Alarms", alarms, sortBy: "stateUpdatedTimestamp" } });
  }
  if (widgets.length > MAX_WIDGETS) throw new Error(`a dashboard holds at most ${MAX_WIDGETS} widgets, this one would have ${widgets.length}`);
  return { widgets: laidOut(widgets) };
}
