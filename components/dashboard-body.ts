/** What the dashboard shows, with every id resolved. */
export interface DashboardContent {
  region: string;
  latencyObjectiveMs: number;
  frontDoor?: { loadBalancerArnSuffix: string; targetGroupArnSuffix: string };
  tiers: { tier: string; autoScalingGroupName: string }[];
  database?: { primaryInstanceId: string; replicaInstanceIds: string[] };
  cache?: { nodeIds: string[] };
  queues: { name: string; queueName: string; deadLetterQueueName: string }[];
  proxy?: { loadBalancerArnSuffix: string; targetGroupArnSuffix: string; autoScalingGroupName: string };
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

function chart(title: string, metrics: MetricLine[], extra: Record<string, unknown> = {}, width = 12): Widget {
  return { type: "metric", width, height: 6, properties: { title, view: "timeSeries", stacked: false, period: 60, metrics, ...extra } };
}

function latencyChart(c: DashboardContent, lb: string): Widget {
  const line = (stat: string): MetricLine => ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb, { stat, label: stat }];
  return chart(
    `Latency (TargetResponseTime) against the ${c.latencyObjectiveMs} ms objective`,
    [line("p50"), line("p90"), line("p99")],
    {
      region: c.region,
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
    chart("Traffic: requests per minute", [["AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb, { stat: "Sum" }]], { region: c.region }),
    chart(
      "Errors: 5xx and 4xx",
      [
        ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", lb, { stat: "Sum" }],
        ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", lb, { stat: "Sum" }],
        ["AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", "LoadBalancer", lb, { stat: "Sum" }],
        ["AWS/ApplicationELB", "RejectedConnectionCount", "LoadBalancer", lb, { stat: "Sum" }],
      ],
      { region: c.region },
    ),
    chart(
      "Web targets: healthy and unhealthy",
      [
        ["AWS/ApplicationELB", "HealthyHostCount", ...targets, { stat: "Minimum" }],
        ["AWS/ApplicationELB", "UnHealthyHostCount", ...targets, { stat: "Maximum" }],
      ],
      { region: c.region },
    ),
  ];
}

function tierWidgets(c: DashboardContent): Widget[] {
  if (c.tiers.length === 0) return [];
  const byGroup = (metric: string, namespace: string, stat: string) =>
    c.tiers.map((t): MetricLine => [namespace, metric, "AutoScalingGroupName", t.autoScalingGroupName, { stat, label: t.tier }]);
  return [
    chart("Tiers: average CPU %", byGroup("CPUUtilization", "AWS/EC2", "Average"), { region: c.region, period: 300 }),
    chart("Tiers: in-service instances", byGroup("GroupInServiceInstances", "AWS/AutoScaling", "Minimum"), { region: c.region }),
  ];
}

function errorWidgets(c: DashboardContent): Widget[] {
  const { namespace, metricNames } = c.applicationErrors;
  if (metricNames.length === 0) return [];
  return [
    chart(
      "Application errors (log lines)",
      metricNames.map((m): MetricLine => [namespace, m, { stat: "Sum" }]),
      { region: c.region, period: 300 },
    ),
  ];
}

function databaseWidgets(c: DashboardContent, db: NonNullable<DashboardContent["database"]>): Widget[] {
  const all = [db.primaryInstanceId, ...db.replicaInstanceIds];
  const per = (metric: string, stat: string, ids: string[]) => ids.map((id): MetricLine => ["AWS/RDS", metric, "DBInstanceIdentifier", id, { stat }]);
  const widgets = [
    chart("Database: CPU %", per("CPUUtilization", "Average", all), { region: c.region }),
    chart("Database: connections", per("DatabaseConnections", "Maximum", all), { region: c.region }),
    chart("Database: read and write latency (s)", [...per("ReadLatency", "Average", all), ...per("WriteLatency", "Average", [db.primaryInstanceId])], {
      region: c.region,
    }),
    chart(
      "Database: free storage and freeable memory (bytes)",
      [...per("FreeStorageSpace", "Minimum", [db.primaryInstanceId]), ...per("FreeableMemory", "Minimum", all)],
      { region: c.region },
    ),
  ];
  if (db.replicaInstanceIds.length > 0)
    widgets.push(chart("Database: replica lag (s)", per("ReplicaLag", "Maximum", db.replicaInstanceIds), { region: c.region }));
  return widgets;
}

function cacheWidgets(c: DashboardContent, cache: NonNullable<DashboardContent["cache"]>): Widget[] {
  const per = (metric: string, stat: string) => cache.nodeIds.map((id): MetricLine => ["AWS/ElastiCache", metric, "CacheClusterId", id, { stat }]);
  return [
    chart("Cache: engine CPU %", per("EngineCPUUtilization", "Average"), { region: c.region }),
    chart("Cache: memory used %", per("DatabaseMemoryUsagePercentage", "Maximum"), { region: c.region }),
    chart("Cache: evictions", per("Evictions", "Sum"), { region: c.region }),
    chart("Cache: replication lag (s)", per("ReplicationLag", "Maximum"), { region: c.region }),
  ];
}

function queueWidgets(c: DashboardContent): Widget[] {
  if (c.queues.length === 0) return [];
  return [
    chart(
      "Queues: age of oldest message (s)",
      c.queues.map((q): MetricLine => ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", q.queueName, { stat: "Maximum", label: q.name }]),
      { region: c.region, period: 300 },
    ),
    chart(
      "Queues: messages waiting, and in dead-letter queues",
      c.queues.flatMap((q): MetricLine[] => [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q.queueName, { stat: "Maximum", label: q.name }],
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q.deadLetterQueueName, { stat: "Maximum", label: `${q.name} DLQ` }],
      ]),
      { region: c.region, period: 300 },
    ),
  ];
}

function proxyWidgets(c: DashboardContent, proxy: NonNullable<DashboardContent["proxy"]>): Widget[] {
  const targets = ["TargetGroup", proxy.targetGroupArnSuffix, "LoadBalancer", proxy.loadBalancerArnSuffix];
  return [
    chart(
      "Egress proxy: healthy and unhealthy hosts",
      [
        ["AWS/NetworkELB", "HealthyHostCount", ...targets, { stat: "Minimum" }],
        ["AWS/NetworkELB", "UnHealthyHostCount", ...targets, { stat: "Maximum" }],
      ],
      { region: c.region },
    ),
    chart("Egress proxy: average CPU %", [["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", proxy.autoScalingGroupName, { stat: "Average" }]], {
      region: c.region,
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
