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
