import { strict as assert } from "assert";
import {
  actionsFor,
  planCacheAlarms,
  planDatabaseAlarms,
  planFrontDoorAlarms,
  planProxyAlarms,
  planQueueAlarms,
  planTierAlarms,
  planWorkerBacklogAlarm,
  serviceDownRule,
  topicRegionProblem,
  type AlarmThresholds,
  type MetricRef,
  type PlannedAlarm,
} from "../../tiers/observability/alarm-catalogue";
import { alertTopicPolicy, planSubscriptions } from "../../tiers/observability/alerting-plan";
import { environmentCostFilter, MAX_NOTIFICATIONS_PER_BUDGET, MONTHLY_NOTIFICATIONS, WEEKLY_CHECKPOINTS } from "../../tiers/observability/budget-plan";
import { dashboardBody, MAX_ALARMS_PER_WIDGET, type DashboardContent } from "../../tiers/observability/dashboard-plan";
import { planHealthCheckAlarm } from "../../tiers/observability/health-check";
import { alarmThresholds } from "../support/thresholds";

const thresholds: AlarmThresholds = alarmThresholds({ databaseCpuPercent: 85, proxyCpuPercent: 70 });

const frontDoor = { loadBalancerArnSuffix: "app/web/0123", targetGroupArnSuffix: "targetgroup/web/4567" };
/** The alarms by part; asking for a missing one fails the test. */
function byPart(alarms: PlannedAlarm[]) {
  const parts = new Map(alarms.map((a) => [a.part, a]));
  return {
    has: (part: string) => parts.has(part),
    get(part: string): PlannedAlarm {
      const alarm = parts.get(part);
      assert.ok(alarm, `no alarm ${part} among ${[...parts.keys()].join(", ")}`);
      return alarm;
    },
  };
}
const single = (alarm: PlannedAlarm) => alarm.metric as MetricRef;

function everyPlan(): PlannedAlarm[] {
  return [
    ...planFrontDoorAlarms(frontDoor, thresholds),
    ...planTierAlarms({ tier: "web", autoScalingGroupName: "web-asg" }, thresholds),
    ...planTierAlarms({ tier: "worker", autoScalingGroupName: "worker-asg" }, thresholds),
    planWorkerBacklogAlarm("tasks", thresholds),
    ...planDatabaseAlarms({ clusterIdentifier: "db", instanceIdentifiers: ["db-writer", "db-reader-1"], hasReaders: true }, thresholds),
    ...planCacheAlarms({ nodeIds: ["cache-001", "cache-002"] }, thresholds),
    ...planQueueAlarms({ name: "events", queueName: "events", deadLetterQueueName: "events-dlq" }, thresholds),
    ...planProxyAlarms({ loadBalancerArnSuffix: "net/proxy/89", targetGroupArnSuffix: "targetgroup/proxy/12", autoScalingGroupName: "proxy-asg" }, thresholds),
    planHealthCheckAlarm("hc-1"),
  ];
}

describe("alarm plans", () => {
  it("counts 5xx and missing healthy hosts only while the web group should run, so a scheduled sleep pages nobody", () => {
    const alarms = byPart(planFrontDoorAlarms({ ...frontDoor, webGroupName: "p-web" }, thresholds));
    for (const part of ["front-door-5xx-ratio", "front-door-no-healthy-hosts"]) {
      const metric = alarms.get(part).metric;
      assert.ok("expression" in metric, part);
      assert.match(
        metric.expression,
        /^IF\(desired > 0 AND FILL\(healthy, 0\) < 1, 1, 0\)$|^IF\(desired > 0, 100 \* \(FILL\(elb5xx, 0\) \+ FILL\(target5xx, 0\)\) \/ requests, 0\)$/,
        part,
      );
      assert.deepEqual(
        [metric.metrics.desired.metricName, metric.metrics.desired.dimensions],
        ["GroupDesiredCapacity", { AutoScalingGroupName: "p-web" }],
        part,
      );
    }
  });

  it("watches the front door: p99 against the objective, 5xx ratio by metric math, healthy and unhealthy hosts, rejected connections", () => {
    const alarms = byPart(planFrontDoorAlarms(frontDoor, thresholds));
    const latency = alarms.get("front-door-p99-latency");
    assert.equal(latency.threshold, thresholds.latencyObjectiveMs / 1000, "TargetResponseTime is in seconds");
    assert.deepEqual(single(latency), {
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: { LoadBalancer: "app/web/0123" },
      stat: "p99",
      period: 60,
    });
    const ratio = alarms.get("front-door-5xx-ratio");
    assert.ok("expression" in ratio.metric);
    assert.match(ratio.metric.expression, /100 \* \(FILL\(elb5xx, 0\) \+ FILL\(target5xx, 0\)\) \/ requests/);
    assert.deepEqual(
      Object.values(ratio.metric.metrics).map((m) => m.metricName),
      ["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount"],
    );
    assert.equal(ratio.threshold, thresholds.http5xxPercent);
    assert.equal(ratio.metric.expression, "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests", "ungated without a web group to read");
    assert.deepEqual(single(alarms.get("front-door-no-healthy-hosts")).dimensions, { TargetGroup: "targetgroup/web/4567", LoadBalancer: "app/web/0123" });
    assert.ok(alarms.has("front-door-unhealthy-hosts") && alarms.has("front-door-rejected-connections"));
  });

  it("counts no healthy host as an outage only while the web group is meant to run", () => {
    const alarm = byPart(planFrontDoorAlarms({ ...frontDoor, webGroupName: "web-asg" }, thresholds)).get("front-door-no-healthy-hosts");
    assert.ok("expression" in alarm.metric);
    assert.equal(alarm.metric.expression, "IF(desired > 0 AND FILL(healthy, 0) < 1, 1, 0)");
    assert.deepEqual(alarm.metric.metrics.desired.dimensions, { AutoScalingGroupName: "web-asg" });
    assert.deepEqual([alarm.comparison, alarm.threshold, alarm.severity], ["GreaterThanOrEqualToThreshold", 1, "critical"]);
  });

  it("takes every threshold from the thresholds given, converting units to what CloudWatch reports", () => {
    const db = byPart(planDatabaseAlarms({ clusterIdentifier: "db", instanceIdentifiers: ["db-writer"], hasReaders: true }, thresholds));
    assert.equal(db.get("database-cpu-high").threshold, 85);
    assert.equal(db.get("database-free-storage-low").threshold, thresholds.databaseFreeStorageGiB * 1024 ** 3);
    assert.equal(db.get("database-freeable-memory-low").threshold, thresholds.databaseFreeableMemoryMiB * 1024 ** 2);
    assert.equal(db.get("database-write-latency-high").threshold, thresholds.databaseLatencyMs / 1000);
    assert.equal(db.get("database-replica-lag").threshold, thresholds.replicaLagSeconds * 1000, "AuroraReplicaLag is in milliseconds");
    assert.equal(
      byPart(planProxyAlarms({ loadBalancerArnSuffix: "n", targetGroupArnSuffix: "t", autoScalingGroupName: "a" }, thresholds)).get("proxy-cpu-high").threshold,
      70,
    );
    const slower = planFrontDoorAlarms(frontDoor, { ...thresholds, latencyObjectiveMs: 750 });
    assert.equal(byPart(slower).get("front-door-p99-latency").threshold, 0.75);
  });

  const missingData: [string, string][] = [
    ["front-door-p99-latency", "notBreaching"],
    ["front-door-5xx-ratio", "notBreaching"],
    ["front-door-no-healthy-hosts", "breaching"],
    ["web-cpu-high", "notBreaching"],
    ["web-in-service-below-min", "breaching"],
    ["database-cpu-high", "missing"],
    ["database-replica-lag", "breaching"],
    ["cache-node-2-replication-lag", "notBreaching"],
    ["queue-events-dead-letters", "notBreaching"],
    ["public-endpoint-health", "breaching"],
  ];
  for (const [part, expected] of missingData) {
    it(`treats missing data of ${part} as ${expected}, on purpose`, () => {
      assert.equal(byPart(everyPlan()).get(part).treatMissingData, expected);
    });
  }

  it("alarms on in-service instances below the group's own minimum, so scheduled scale-downs do not alarm", () => {
    const below = byPart(planTierAlarms({ tier: "web", autoScalingGroupName: "web-asg" }, thresholds)).get("web-in-service-below-min");
    assert.ok("expression" in below.metric);
    assert.equal(below.metric.expression, "inService - minSize");
    assert.deepEqual(
      Object.values(below.metric.metrics).map((m) => [m.metricName, m.dimensions.AutoScalingGroupName]),
      [
        ["GroupInServiceInstances", "web-asg"],
        ["GroupMinSize", "web-asg"],
      ],
    );
    assert.deepEqual([below.comparison, below.threshold], ["LessThanThreshold", 0]);
  });

  it("watches the Aurora cluster by role, so alarms follow a failover and count auto-scaled readers", () => {
    const planned = planDatabaseAlarms({ clusterIdentifier: "p-db", instanceIdentifiers: ["p-db-writer", "p-db-reader-1"], hasReaders: true }, thresholds);
    const db = byPart(planned);
    assert.deepEqual(single(db.get("database-cpu-high")), {
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: { DBClusterIdentifier: "p-db", Role: "WRITER" },
      stat: "Average",
      period: 60,
    });
    assert.deepEqual(
      [single(db.get("database-replica-lag")).metricName, single(db.get("database-replica-lag")).dimensions],
      ["AuroraReplicaLag", { DBClusterIdentifier: "p-db", Role: "READER" }],
    );
    assert.deepEqual(
      [single(db.get("database-free-storage-low")).metricName, single(db.get("database-free-storage-low")).dimensions],
      ["FreeLocalStorage", { DBClusterIdentifier: "p-db" }],
    );
    for (const alarm of planned) assert.equal(single(alarm).dimensions.DBInstanceIdentifier, undefined, alarm.part);
    const alone = planDatabaseAlarms({ clusterIdentifier: "d-db", instanceIdentifiers: ["d-db-writer"], hasReaders: false }, thresholds);
    assert.ok(!alone.some((a) => a.part === "database-replica-lag"), "a cluster without readers has no lag to watch");
  });

  it("gives each cache node its four alarms", () => {
    const cache = planCacheAlarms({ nodeIds: ["c-001", "c-002", "c-003"] }, thresholds);
    assert.equal(cache.length, 12);
    assert.deepEqual(
      cache.filter((a) => single(a).metricName === "ReplicationLag").map((a) => single(a).dimensions.CacheClusterId),
      ["c-001", "c-002", "c-003"],
    );
  });

  it("watches each queue's oldest message and any message in its dead-letter queue", () => {
    const [age, dlq] = planQueueAlarms({ name: "tasks", queueName: "p-tasks", deadLetterQueueName: "p-tasks-dlq" }, thresholds);
    assert.deepEqual(
      [single(age).metricName, single(age).dimensions.QueueName, age.threshold],
      ["ApproximateAgeOfOldestMessage", "p-tasks", thresholds.queueAgeSeconds],
    );
    assert.deepEqual(
      [single(dlq).metricName, single(dlq).dimensions.QueueName, dlq.threshold, dlq.comparison],
      ["ApproximateNumberOfMessagesVisible", "p-tasks-dlq", 0, "GreaterThanThreshold"],
    );
  });

  it("leaves the age of the workers' own queue to the worker backlog alarm, keeping its dead-letter alarm", () => {
    const parts = planQueueAlarms({ name: "tasks", queueName: "p-tasks", deadLetterQueueName: "p-tasks-dlq", drainedByWorkers: true }, thresholds).map(
      (a) => a.part,
    );
    assert.deepEqual(parts, ["queue-tasks-dead-letters"]);
    const backlog = planWorkerBacklogAlarm("p-tasks", thresholds);
    assert.deepEqual([single(backlog).dimensions.QueueName, backlog.threshold], ["p-tasks", thresholds.workerBacklogAgeSeconds]);
  });

  it("describes what each alarm means and where to look first, within CloudWatch's limits, with unique names", () => {
    const plans = everyPlan();
    assert.equal(new Set(plans.map((p) => p.part)).size, plans.length);
    for (const plan of plans) {
      // AlarmDescription: 0-1024 characters; AlarmName: 1-255 (PutMetricAlarm).
      assert.ok(plan.description.length <= 1024, plan.part);
      assert.match(plan.description, /Look first at/, plan.part);
      assert.ok(`platform-dev-alice-${plan.part}`.length <= 255);
      assert.ok(plan.datapointsToAlarm <= plan.evaluationPeriods, plan.part);
      assert.ok(plan.threshold >= 0, plan.part);
    }
  });

  it("sends warnings to the environment's topic and critical alarms to the escalation topics too", () => {
    const topics = { environment: "env", escalation: ["org"] };
    assert.deepEqual(actionsFor("warning", topics), ["env"]);
    assert.deepEqual(actionsFor("critical", topics), ["env", "org"]);
    assert.deepEqual(actionsFor("critical", { environment: "env", escalation: [] }), ["env"]);
    const critical = everyPlan()
      .filter((p) => p.severity === "critical")
      .map((p) => p.part);
    assert.deepEqual(critical.sort(), ["database-free-storage-low", "front-door-5xx-ratio", "front-door-no-healthy-hosts", "public-endpoint-health"]);
  });

  it("refuses a notification topic outside the alarms' region", () => {
    assert.equal(topicRegionProblem("arn:aws:sns:eu-west-1:123456789012:org", "eu-west-1"), undefined);
    assert.match(String(topicRegionProblem("arn:aws:sns:us-east-1:123456789012:org", "eu-west-1")), /must be in its own region/);
  });

  it("says the service is down when any of its input alarms is in ALARM", () => {
    assert.equal(
      serviceDownRule(["p-front-door-5xx-ratio", "p-front-door-no-healthy-hosts"]),
      'ALARM("p-front-door-5xx-ratio") OR ALARM("p-front-door-no-healthy-hosts")',
    );
  });
});

const content: DashboardContent = {
  region: "eu-west-1",
  latencyObjectiveMs: 300,
  frontDoor,
  tiers: [
    { tier: "web", autoScalingGroupName: "web-asg" },
    { tier: "worker", autoScalingGroupName: "worker-asg" },
  ],
  database: { clusterIdentifier: "p-db", instanceIdentifiers: ["p-db-writer", "p-db-reader-1"], hasReaders: true },
  cache: { nodeIds: ["cache-001"] },
  queues: [{ name: "events", queueName: "p-events", deadLetterQueueName: "p-events-dlq" }],
  proxy: { loadBalancerArnSuffix: "net/proxy/1", targetGroupArnSuffix: "targetgroup/proxy/2", autoScalingGroupName: "proxy-asg" },
  healthCheck: { healthCheckId: "hc-1", region: "us-east-1" },
  applicationErrors: { namespace: "p/application", metricNames: ["WebErrors"] },
  alarmArns: ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:p-front-door-5xx-ratio"],
};

describe("dashboard body", () => {
  const body = JSON.parse(JSON.stringify(dashboardBody(content)));

  it("parses as JSON and opens with the latency chart: p50, p90 and p99 against the objective line", () => {
    const first = body.widgets[0];
    assert.equal(first.type, "metric");
    assert.deepEqual([first.x, first.y, first.width], [0, 0, 24]);
    assert.match(first.properties.title, /Latency/);
    assert.deepEqual(
      first.properties.metrics.map((m: any[]) => [m[1], m[4].stat]),
      [
        ["TargetResponseTime", "p50"],
        ["TargetResponseTime", "p90"],
        ["TargetResponseTime", "p99"],
      ],
    );
    assert.deepEqual(first.properties.annotations.horizontal, [{ label: "objective 300 ms", value: 0.3, color: "#d62728" }]);
  });

  it("then shows traffic and errors, the tiers, data, queues, the proxy and the alarms, in that order", () => {
    const titles: string[] = body.widgets.map((w: any) => w.properties.title);
    const firstIndex = (pattern: RegExp) => titles.findIndex((t) => pattern.test(t));
    const order = [/^Traffic/, /^Errors/, /^Availability/, /^Tiers/, /^Database/, /^Cache/, /^Queues/, /^Egress proxy/, /^Alarms/].map(firstIndex);
    assert.ok(
      order.every((i) => i > 0),
      titles.join(" | "),
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
  });

  it("charts the database by role (following failovers and auto-scaled readers) and Aurora's replica lag in milliseconds", () => {
    const lag = body.widgets.find((w: any) => w.properties.title === "Database: replica lag (ms)");
    assert.deepEqual(lag.properties.metrics, [
      ["AWS/RDS", "AuroraReplicaLag", "DBClusterIdentifier", "p-db", "Role", "READER", { stat: "Maximum", label: "reader AuroraReplicaLag" }],
    ]);
    const cpu = body.widgets.find((w: any) => w.properties.title === "Database: CPU %");
    assert.deepEqual(
      cpu.properties.metrics.map((m: any[]) => m.slice(2, -1)),
      [
        ["DBClusterIdentifier", "p-db", "Role", "WRITER"],
        ["DBClusterIdentifier", "p-db", "Role", "READER"],
        ["DBInstanceIdentifier", "p-db-writer"],
        ["DBInstanceIdentifier", "p-db-reader-1"],
      ],
    );
    assert.ok(!JSON.stringify(body).includes("FreeStorageSpace"), "Aurora publishes no FreeStorageSpace");
  });

  it("names the region in every metric widget, us-east-1 for the health check's metrics", () => {
    for (const w of body.widgets.filter((w: any) => w.type === "metric")) {
      assert.equal(w.properties.region, /^Availability/.test(w.properties.title) ? "us-east-1" : "eu-west-1", w.properties.title);
    }
  });

  it("places every widget inside the 24-unit grid without overlap", () => {
    const cells = new Set<string>();
    for (const w of body.widgets) {
      assert.ok(w.x >= 0 && w.x + w.width <= 24);
      for (let x = w.x; x < w.x + w.width; x++) for (let y = w.y; y < w.y + w.height; y++) assert.ok(!cells.has(`${x},${y}`) && cells.add(`${x},${y}`));
    }
  });

  it("shows only the tiers it is given, and splits alarm status widgets at 100 alarms", () => {
    const arns = Array.from({ length: 150 }, (_, i) => `arn:aws:cloudwatch:eu-west-1:1:alarm:a${i}`);
    const bare = dashboardBody({
      region: "eu-west-1",
      latencyObjectiveMs: 300,
      tiers: [],
      queues: [],
      applicationErrors: { namespace: "n", metricNames: [] },
      alarmArns: arns,
    });
    assert.deepEqual(
      bare.widgets.map((w) => w.type),
      ["alarm", "alarm"],
    );
    assert.deepEqual(
      bare.widgets.map((w) => (w.properties.alarms as string[]).length),
      [MAX_ALARMS_PER_WIDGET, 50],
    );
  });
});

describe("budget plan", () => {
  it("notifies at 50, 80 and 100% of actual spend and 100% of forecast", () => {
    assert.deepEqual(
      MONTHLY_NOTIFICATIONS.map((n) => [n.notificationType, n.threshold, n.thresholdType, n.comparisonOperator]),
      [
        ["ACTUAL", 50, "PERCENTAGE", "GREATER_THAN"],
        ["ACTUAL", 80, "PERCENTAGE", "GREATER_THAN"],
        ["ACTUAL", 100, "PERCENTAGE", "GREATER_THAN"],
        ["FORECASTED", 100, "PERCENTAGE", "GREATER_THAN"],
      ],
    );
  });

  it("has weekly checkpoints at a quarter, half and three quarters of the month's limit, within the notifications a budget may hold", () => {
    assert.deepEqual(
      WEEKLY_CHECKPOINTS.map((n) => [n.notificationType, n.threshold]),
      [
        ["ACTUAL", 25],
        ["ACTUAL", 50],
        ["ACTUAL", 75],
      ],
    );
    assert.ok(MONTHLY_NOTIFICATIONS.length <= MAX_NOTIFICATIONS_PER_BUDGET && WEEKLY_CHECKPOINTS.length <= MAX_NOTIFICATIONS_PER_BUDGET);
  });

  it("filters on the environment cost allocation tag", () => {
    assert.deepEqual(environmentCostFilter("dev-alice"), { name: "TagKeyValue", values: ["user:environment$dev-alice"] });
  });
});

describe("alerting plan", () => {
  it("subscribes each email and https endpoint under a name derived from it", () => {
    assert.deepEqual(planSubscriptions({ emails: ["On.Call@example.com"], httpsEndpoints: ["https://events.example.com/hook?x=1"] }), [
      { part: "email-on-call-example-com", protocol: "email", endpoint: "On.Call@example.com" },
      { part: "https-events-example-com-hook-x-1", protocol: "https", endpoint: "https://events.example.com/hook?x=1" },
    ]);
  });

  it("lets CloudWatch and Budgets of this account only publish to the topic", () => {
    const policy = alertTopicPolicy("arn:aws:sns:eu-west-1:123456789012:alerts", "123456789012", "aws") as { Statement: any[] };
    const services = policy.Statement.filter((s) => s.Principal.Service);
    assert.deepEqual(
      services.map((s) => [s.Principal.Service, s.Action, s.Condition.StringEquals["aws:SourceAccount"]]),
      [
        ["cloudwatch.amazonaws.com", "sns:Publish", "123456789012"],
        ["budgets.amazonaws.com", "sns:Publish", "123456789012"],
      ],
    );
    for (const s of policy.Statement) assert.equal(s.Resource, "arn:aws:sns:eu-west-1:123456789012:alerts");
  });
});
