import { strict as assert } from "assert";
import { ApplicationLogs } from "../../tiers/observability/log-groups";
import { Observability, type ObservabilitySettings } from "../../tiers/observability/observability";
import type { PolicyTarget } from "../../policy/rules";
import { declaredUnderMocks } from "../support/policy-view";
import { alarmThresholds } from "../support/thresholds";

const settings: ObservabilitySettings = {
  escalateToOrgTopic: true,
  monthlyBudgetUsd: 1000,
  thresholds: alarmThresholds({ latencyObjectiveMs: 250, http5xxPercent: 2 }),
};
const ORG_TOPIC = "arn:aws:sns:eu-west-1:123456789012:org-alerts";

/** An environment's observability with every tier given, as a program under the mocks declares it. */
function declared(): Promise<PolicyTarget[]> {
  return declaredUnderMocks("obs", (provider) => {
    const logs = new ApplicationLogs(
      "obs-logs",
      { namePrefix: "platform-obs", retentionDays: 7, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k", protect: false },
      { provider },
    );
    new Observability(
      "obs",
      {
        namePrefix: "platform-obs",
        environment: "obs",
        region: "eu-west-1",
        partition: "aws",
        accountId: "123456789012",
        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
        settings,
        recipients: { emails: [], httpsEndpoints: [] },
        orgAlertTopicArn: ORG_TOPIC,
        logs,
        frontDoor: { loadBalancerArnSuffix: "app/platform-obs/0123", targetGroupArnSuffix: "targetgroup/platform-obs-web/4567" },
        tiers: [{ tier: "web", autoScalingGroupName: "platform-obs-web" }],
        cache: { nodeIds: ["platform-obs-cache-001", "platform-obs-cache-002"] },
        queues: [],
      },
      { provider },
    );
  });
}

describe("observability component with a front door and a cache", () => {
  let resources: PolicyTarget[];
  before(async () => (resources = await declared()));
  const alarm = (name: string) => {
    const found = resources.filter((r) => r.props.name === name || r.props.alarmName === name);
    assert.equal(found.length, 1, `expected one alarm ${name}`);
    return found[0].props;
  };

  it("pages on 'the service is down' (5xx high or no healthy host) through a composite alarm, to the environment's and the org's topic", () => {
    const composite = alarm("platform-obs-service-down");
    assert.equal(composite.alarmRule, 'ALARM("platform-obs-front-door-5xx-ratio") OR ALARM("platform-obs-front-door-no-healthy-hosts")');
    assert.equal(composite.alarmActions.length, 2);
    assert.ok(composite.alarmActions.includes(ORG_TOPIC));
    assert.deepEqual(composite.okActions, composite.alarmActions);
  });

  it("gives CloudWatch the 5xx ratio as metric math and the latency as a p99 extended statistic against the objective", () => {
    const ratio = alarm("platform-obs-front-door-5xx-ratio");
    assert.equal(ratio.metricName, undefined);
    assert.deepEqual(
      ratio.metricQueries.map((q: any) => [q.id, q.returnData, q.metric?.stat ?? q.expression]),
      [
        ["result", true, "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests"],
        ["elb5xx", false, "Sum"],
        ["target5xx", false, "Sum"],
        ["requests", false, "Sum"],
      ],
    );
    assert.equal(ratio.threshold, 2);
    const latency = alarm("platform-obs-front-door-p99-latency");
    assert.deepEqual([latency.extendedStatistic, latency.statistic, latency.threshold], ["p99", undefined, 0.25]);
  });

  it("alarms on each cache node, and opens the dashboard with the latency chart against the 250 ms objective", () => {
    for (const node of [1, 2]) alarm(`platform-obs-cache-node-${node}-engine-cpu-high`);
    const dashboard = resources.filter((r) => r.type === "aws:cloudwatch/dashboard:Dashboard");
    assert.equal(dashboard.length, 1);
    const first = JSON.parse(dashboard[0].props.dashboardBody).widgets[0];
    assert.match(first.properties.title, /^Latency/);
    assert.equal(first.properties.metrics[0][3], "app/platform-obs/0123");
    assert.deepEqual(first.properties.annotations.horizontal[0].value, 0.25);
  });
});
