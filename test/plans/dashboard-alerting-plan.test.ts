import { strict as assert } from "assert";
import { alertTopicPolicy, planSubscriptions } from "../../tiers/observability/alerting-plan";
import { environmentCostFilter, MAX_NOTIFICATIONS_PER_BUDGET, MONTHLY_NOTIFICATIONS, WEEKLY_CHECKPOINTS } from "../../tiers/observability/budget-plan";
import { dashboardBody, MAX_ALARMS_PER_WIDGET, type DashboardContent } from "../../tiers/observability/dashboard-plan";

const frontDoor = { loadBalancerArnSuffix: "app/web/0123", targetGroupArnSuffix: "targetgroup/web/4567" };

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
