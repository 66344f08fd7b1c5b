import { strict as assert } from "assert";
import { planBetaAlarms } from "../../tiers/observability/beta-alarm-plan";
import { alarmThresholds } from "../support/thresholds";
import { betaSplit, executionPolicy, fargateProvider, renderEcsUserData, taskPolicy } from "../../tiers/compute/container-plan";

const thresholds = alarmThresholds();

describe("containers plan", () => {
  const execution = {
    repositoryArn: "arn:aws:ecr:eu-west-1:123456789012:repository/platform-app",
    logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/platform-prod/web",
    secretArns: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"],
    kmsKeyArns: ["arn:aws:kms:eu-west-1:123456789012:key/1"],
    region: "eu-west-1",
  };

  it("lets the execution role log in to ECR on * (no resource-level permission) and pull only from the repository", () => {
    const statements = executionPolicy(execution).Statement;
    assert.deepEqual(
      statements.filter((s) => s.Resource === "*").map((s) => s.Action),
      [["ecr:GetAuthorizationToken"]],
    );
    assert.deepEqual(statements.find((s) => s.Sid === "PullImage")?.Resource, [execution.repositoryArn]);
    assert.deepEqual(statements.find((s) => s.Sid === "WriteLogs")?.Resource, [`${execution.logGroupArn}:*`]);
    assert.deepEqual(statements.find((s) => s.Sid === "DecryptSecrets")?.Condition, {
      StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" },
    });
  });

  it("leaves out statements without resources", () => {
    const sids = executionPolicy({ ...execution, secretArns: [], kmsKeyArns: [] }).Statement.map((s) => s.Sid);
    assert.deepEqual(sids, ["RegistryLogin", "PullImage", "WriteLogs"]);
    const task = taskPolicy({
      region: "eu-west-1",
      queueArns: [],
      secretArns: [],
      bucketArns: [],
      kmsKeyArns: [],
      databaseUserArns: [],
      metricNamespace: "platform-prod",
    }).Statement;
    assert.deepEqual(
      task.map((s) => s.Sid),
      ["PutMetrics"],
    );
    assert.deepEqual(task[0].Condition, { StringEquals: { "cloudwatch:namespace": "platform-prod" } });
  });

  for (const [capacity, provider] of [
    ["fargate", "FARGATE"],
    ["fargate-spot", "FARGATE_SPOT"],
    ["ec2", undefined],
  ] as const) {
    it(`runs ${capacity} capacity on ${provider ?? "the tier's own capacity provider"}`, () => assert.equal(fargateProvider(capacity), provider));
  }

  it("joins container instances to the cluster and blocks task access to instance metadata", () => {
    assert.deepEqual(renderEcsUserData("platform-prod-app").split("\n"), [
      "#!/bin/bash",
      "cat >> /etc/ecs/ecs.config <<'ECS'",
      "ECS_CLUSTER=platform-prod-app",
      "ECS_AWSVPC_BLOCK_IMDS=true",
      "ECS",
      "",
    ]);
  });

  it("splits the weighted forward so both weights sum to 100", () => {
    assert.deepEqual(betaSplit(10), { main: 90, beta: 10 });
    assert.deepEqual(betaSplit(0), { main: 100, beta: 0 });
    assert.deepEqual(betaSplit(100), { main: 0, beta: 100 });
  });

  it("alarms on beta's p99 against the latency objective and its 5xx share, on the beta target group only", () => {
    const beta = { loadBalancerArnSuffix: "app/web/0123", betaTargetGroupArnSuffix: "targetgroup/web-beta/4567" };
    const [latency, ratio] = planBetaAlarms(beta, thresholds);
    assert.equal(latency.part, "beta-p99-latency");
    assert.equal(latency.threshold, thresholds.latencyObjectiveMs / 1000);
    assert.deepEqual(latency.metric, {
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: { TargetGroup: "targetgroup/web-beta/4567", LoadBalancer: "app/web/0123" },
      stat: "p99",
      period: 60,
    });
    assert.equal(ratio.part, "beta-5xx-ratio");
    assert.equal(ratio.severity, "critical");
    assert.equal(ratio.threshold, thresholds.http5xxPercent);
    assert.ok("metrics" in ratio.metric);
    for (const metric of Object.values(ratio.metric.metrics)) assert.equal(metric.dimensions.TargetGroup, "targetgroup/web-beta/4567");
  });
});
