import { strict as assert } from "assert";
import { readdirSync } from "fs";
import { type EnvironmentConfig } from "../../config/load";
import type { DeclaredResource } from "../../offline/aws-mocks";
import type { Evaluation } from "../../offline/evaluate";
import { PROJECT_DIR } from "../../config/stack-files";
import { evaluated, evaluatedWith, ofType, one, T } from "../support/harness";

const O = {
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  composite: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  budget: "aws:budgets/budget:Budget",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  metricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
} as const;

const alarmNamed = (e: Evaluation, part: string): DeclaredResource => {
  const found = ofType(e, O.alarm).filter((a) => a.inputs.name === `${e.config.namePrefix}-${part}`);
  assert.equal(found.length, 1, `expected one alarm ${part}, found ${found.length}`);
  return found[0];
};
/** The environment's own alert topic (not the us-east-1 one of the health check). */
const environmentTopic = (e: Evaluation) => one(e, O.topic, "observability-alerts-topic");
const arnOf = (r: DeclaredResource) => String(r.computed.arn);
const environmentConfig = (e: Evaluation): EnvironmentConfig => {
  assert.ok(e.config.role !== "shared");
  return e.config;
};
function found<R>(item: R | undefined, what: string): R {
  assert.ok(item, `no ${what}`);
  return item;
}
const ENVIRONMENTS = ["dev", "prod", "load-test"] as const;

for (const stack of ENVIRONMENTS) {
  describe(`observability of ${stack}`, () => {
    let e: Evaluation;
    before(async () => (e = await evaluated(stack)));

    it("has an alert topic encrypted with the stack key, that alarms and budgets of this account may publish to", () => {
      const topic = environmentTopic(e);
      assert.equal(topic.inputs.kmsMasterKeyId, arnOf(one(e, T.kmsKey, `${e.config.namePrefix}-key`)));
      const policy = JSON.parse(
        found(
          ofType(e, O.topicPolicy).find((p) => p.inputs.arn === arnOf(topic)),
          "topic policy",
        ).inputs.policy,
      );
      assert.deepEqual(
        policy.Statement.filter((s: any) => s.Principal.Service).map((s: any) => s.Principal.Service),
        ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"],
      );
    });

    it("alarms on every tier present: web and worker, database and each replica, each cache node, every queue and its DLQ, the proxy, application errors", () => {
      const parts = ofType(e, O.alarm).map((a) => String(a.inputs.name).replace(`${e.config.namePrefix}-`, ""));
      const expected = [
        "front-door-p99-latency",
        "front-door-5xx-ratio",
        "front-door-no-healthy-hosts",
        "front-door-unhealthy-hosts",
        "front-door-rejected-connections",
        "web-cpu-high",
        "worker-cpu-high",
        "worker-backlog-age",
        "database-cpu-high",
        "database-free-storage-low",
        "database-freeable-memory-low",
        "database-connections-high",
        "database-write-latency-high",
        "database-read-latency-high",
        ...(environmentConfig(e).data.readers > 0 ? ["database-replica-lag"] : []),
        ...Array.from({ length: 1 + environmentConfig(e).data.cache.replicas }, (_, i) =>
          ["engine-cpu-high", "memory-high", "evictions", "replication-lag"].map((alarm) => `cache-node-${i + 1}-${alarm}`),
        ).flat(),
        ...["events", "notifications"].map((q) => `queue-${q}-oldest-message`),
        ...["events", "tasks", "notifications"].map((q) => `queue-${q}-dead-letters`),
        "proxy-unhealthy-hosts",
        "proxy-cpu-high",
        "web-application-errors",
        "worker-application-errors",
        "jobs-application-errors",
        ...(environmentConfig(e).observability.externalHealthCheck ? ["public-endpoint-health"] : []),
      ];
      for (const part of expected) assert.ok(parts.includes(part), `missing alarm ${part}; has ${parts.join(", ")}`);
      const serviceDown = one(e, O.composite);
      assert.equal(
        serviceDown.inputs.alarmRule,
        `ALARM("${e.config.namePrefix}-front-door-5xx-ratio") OR ALARM("${e.config.namePrefix}-front-door-no-healthy-hosts")`,
      );
    });

    it("wires every alarm to the environment's topic for both ALARM and OK, with a description and a deliberate treatMissingData", () => {
      const topicArn = arnOf(environmentTopic(e));
      const usEast1Topic = ofType(e, O.topic).find((t) => t.inputs.region === "us-east-1");
      for (const alarm of [...ofType(e, O.alarm), ...ofType(e, O.composite)]) {
        const expectedTopic = alarm.inputs.region === "us-east-1" ? arnOf(found(usEast1Topic, "us-east-1 topic")) : topicArn;
        assert.ok(alarm.inputs.alarmActions.includes(expectedTopic), `${alarm.name} does not notify the topic`);
        assert.deepEqual(alarm.inputs.okActions, alarm.inputs.alarmActions, `${alarm.name} OK actions differ`);
        assert.match(alarm.inputs.alarmDescription, /Look first at/, alarm.name);
        if (alarm.type === O.alarm) assert.ok(["missing", "notBreaching", "breaching", "ignore"].includes(alarm.inputs.treatMissingData), alarm.name);
      }
    });

    it("gives every log group a retention and the stack key, and counts application errors in each application log group", () => {
      const groups = ofType(e, T.logGroup);
      for (const group of groups) {
        assert.ok(Number.isInteger(group.inputs.retentionInDays) && group.inputs.retentionInDays > 0, `${group.name} keeps logs forever`);
        assert.ok(String(group.inputs.kmsKeyId).startsWith("arn:aws:kms:"), `${group.name} is not encrypted with a key`);
      }
      const names = groups.map((g) => g.inputs.name);
      for (const source of ["web", "worker", "jobs", "proxy"]) assert.ok(names.includes(`/${e.config.namePrefix}/${source}`), source);
      const filtered = ofType(e, O.metricFilter).map((f) => f.inputs.logGroupName);
      assert.deepEqual(
        filtered.sort(),
        ["jobs", "web", "worker"].map((s) => `/${e.config.namePrefix}/${s}`),
      );
    });

    it("has one dashboard whose body is JSON within the dashboard limits", () => {
      const dashboard = one(e, O.dashboard);
      assert.equal(dashboard.inputs.dashboardName, e.config.namePrefix);
      assert.equal(e.outputs.dashboardName, e.config.namePrefix);
      assert.equal(e.outputs.alertTopicArn, arnOf(environmentTopic(e)));
      const body = JSON.parse(dashboard.inputs.dashboardBody);
      assert.ok(body.widgets.length > 0 && body.widgets.length <= 500);
      const [first] = body.widgets;
      assert.match(first.properties.title, /^Latency/, "the latency chart comes first");
      const loadBalancer = one(e, "aws:lb/loadBalancer:LoadBalancer", "compute");
      assert.deepEqual(
        first.properties.metrics.map((m: any[]) => [m[3], m[4].stat]),
        ["p50", "p90", "p99"].map((stat) => [loadBalancer.computed.arnSuffix, stat]),
      );
      assert.equal(first.properties.annotations.horizontal[0].value, environmentConfig(e).observability.latencyObjectiveMs / 1000);
      const availability = body.widgets.find((w: any) => w.properties.region === "us-east-1");
      if (environmentConfig(e).observability.externalHealthCheck) {
        assert.equal(availability.properties.metrics[0][3], one(e, O.healthCheck).id, "the dashboard shows the health check from us-east-1");
      } else {
        assert.equal(availability, undefined);
      }
      const alarmWidget = body.widgets.find((w: any) => w.type === "alarm");
      assert.ok(alarmWidget.properties.alarms.every((arn: string) => arn.startsWith(`arn:aws:cloudwatch:${e.config.region}:`)));
    });

    it("checks the public endpoint's health path from Route 53, with its alarm in us-east-1, where the role wants it", () => {
      if (!environmentConfig(e).observability.externalHealthCheck) {
        assert.equal(stack, "dev", "only dev, which sleeps at night, goes without");
        assert.deepEqual(ofType(e, O.healthCheck), []);
        return;
      }
      const check = one(e, O.healthCheck);
      assert.equal(check.inputs.fqdn, `${stack}.example.com`);
      assert.equal(check.inputs.type, "HTTPS");
      assert.equal(check.inputs.resourcePath, environmentConfig(e).web.healthCheckPath);
      const alarm = alarmNamed(e, "public-endpoint-health");
      assert.equal(alarm.inputs.region, "us-east-1");
      assert.deepEqual(alarm.inputs.dimensions, { HealthCheckId: check.id });
      const topic = found(
        ofType(e, O.topic).find((t) => arnOf(t) === alarm.inputs.alarmActions[0]),
        "topic of the health check alarm",
      );
      assert.equal(topic.inputs.region, "us-east-1");
      const key = found(
        ofType(e, T.kmsKey).find((k) => arnOf(k) === topic.inputs.kmsMasterKeyId),
        "key of the us-east-1 topic",
      );
      assert.equal(key.inputs.region, "us-east-1", "a topic's KMS key must be in the topic's region");
    });

    it("has a monthly budget on the environment tag with 50/80/100% actual and 100% forecast, and weekly checkpoints", () => {
      const budgets = ofType(e, O.budget);
      const monthly = found(
        budgets.find((b) => b.inputs.name === `${e.config.namePrefix}-monthly`),
        "monthly budget",
      );
      const weekly = found(
        budgets.find((b) => b.inputs.name === `${e.config.namePrefix}-weekly-checkpoints`),
        "weekly checkpoints budget",
      );
      const limit = environmentConfig(e).observability.monthlyBudgetUsd;
      for (const budget of [monthly, weekly]) {
        assert.equal(budget.inputs.timeUnit, "MONTHLY");
        assert.equal(Number(budget.inputs.limitAmount), limit);
        assert.deepEqual(budget.inputs.costFilters, [{ name: "TagKeyValue", values: [`user:environment$${stack}`] }]);
        for (const n of budget.inputs.notifications) assert.deepEqual(n.subscriberSnsTopicArns, [arnOf(environmentTopic(e))]);
      }
      assert.deepEqual(
        monthly.inputs.notifications.map((n: any) => `${n.notificationType} ${n.threshold}`),
        ["ACTUAL 50", "ACTUAL 80", "ACTUAL 100", "FORECASTED 100"],
      );
      assert.deepEqual(
        weekly.inputs.notifications.map((n: any) => `${n.notificationType} ${n.threshold}`),
        ["ACTUAL 25", "ACTUAL 50", "ACTUAL 75"],
      );
    });
  });
}

describe("observability across roles and config", () => {
  it("escalates prod's critical alarms to the organization's topic, and only those, as the role defaults say; dev escalates nothing", async () => {
    const prod = await evaluated("prod");
    const orgTopic = String(prod.references["organization/platform/shared"].outputs.orgAlertTopicArn);
    const escalated = ofType(prod, O.alarm).filter((a) => a.inputs.alarmActions.includes(orgTopic));
    assert.deepEqual(escalated.map((a) => a.inputs.name.replace("platform-prod-", "")).sort(), [
      "database-free-storage-low",
      "front-door-5xx-ratio",
      "front-door-no-healthy-hosts",
    ]);
    assert.ok(one(prod, O.composite).inputs.alarmActions.includes(orgTopic), "the service-down composite pages the org topic");
    const dev = await evaluated("dev");
    const devOrgTopic = String(dev.references["organization/platform/shared"].outputs.orgAlertTopicArn);
    assert.ok(ofType(dev, O.alarm).every((a) => !a.inputs.alarmActions.includes(devOrgTopic)));
  });

  it("stops prod when the organization's topic is in another region than its alarms, which could not notify it", async () => {
    const shared = (await evaluated("shared")).outputs;
    const elsewhere = { ...shared, orgAlertTopicArn: "arn:aws:sns:us-east-1:123456789012:org-alerts" };
    const failure = await evaluatedWith("prod", { references: { "organization/platform/shared": elsewhere } }).then(
      () => assert.fail("expected the evaluation to fail"),
      (error: unknown) => error as Error,
    );
    assert.match(failure.message, /alarms in eu-west-1 cannot notify arn:aws:sns:us-east-1:123456789012:org-alerts/);
  });

  // One ephemeral dev stack with its own config serves both the config and the ttl tag checks (evaluations are slow).
  let alice: Promise<Evaluation> | undefined;
  const devAlice = () =>
    (alice ??= evaluatedWith("dev-alice", {
      stackFile: "dev",
      config: {
        "platform:role": "dev",
        "platform:ttl": "3d",
        // An ephemeral stack that stays up at night may want the outside check dev goes without.
        "platform:observability": { thresholds: { cpuPercent: 55, queueAgeSeconds: 120 }, monthlyBudgetUsd: 250, externalHealthCheck: true },
        "platform:alerts": { emails: ["oncall@example.com"], httpsEndpoints: ["https://hooks.example.com/alerts"] },
      },
    }));

  it("takes thresholds, budget, the outside health check and subscribers from config", async () => {
    const e = await devAlice();
    assert.equal(ofType(e, O.healthCheck).length, 1);
    assert.equal(alarmNamed(e, "web-cpu-high").inputs.threshold, 55);
    assert.equal(alarmNamed(e, "queue-events-oldest-message").inputs.threshold, 120);
    assert.equal(ofType(e, O.budget)[0].inputs.limitAmount, "250.00");
    const subscriptions = ofType(e, O.subscription).map((s) => `${s.inputs.protocol} ${s.inputs.endpoint} ${s.inputs.region ?? e.config.region}`);
    assert.deepEqual(subscriptions.sort(), [
      "email oncall@example.com eu-west-1",
      "email oncall@example.com us-east-1",
      "https https://hooks.example.com/alerts eu-west-1",
      "https https://hooks.example.com/alerts us-east-1",
    ]);
  });

  const STACK_FILES = readdirSync(PROJECT_DIR)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined);
  for (const stack of [...STACK_FILES, "dev-alice"]) {
    it(`sends every resource of ${stack} through a provider whose default tags carry the cost allocation tags`, async () => {
      const e = stack === "dev-alice" ? await devAlice() : await evaluated(stack);
      const providers = new Map(ofType(e, T.provider).map((p) => [p.id, p]));
      const expected = {
        environment: stack,
        service: "platform",
        owner: e.config.tags.owner,
        "cost-center": e.config.tags["cost-center"],
        ...(stack === "dev-alice" ? { ttl: "3d" } : {}),
      };
      const resources = e.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:"));
      assert.ok(resources.length > 0);
      for (const resource of resources) {
        const provider = providers.get(resource.providerId ?? "");
        assert.ok(provider, `${resource.name} goes through no explicit provider`);
        const defaultTags = typeof provider.inputs.defaultTags === "string" ? JSON.parse(provider.inputs.defaultTags) : provider.inputs.defaultTags;
        assert.deepEqual(defaultTags.tags, expected, `${resource.name}'s provider`);
      }
    });
  }
});
