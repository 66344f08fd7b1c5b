import { strict as assert } from "assert";
import type { Evaluation } from "../../offline/evaluate";
import { violations } from "../../policy/rules";
import { evaluated, evaluatedWith, ofType, one, T } from "../support/harness";
import { policyView } from "../support/policy-view";
import { C, example, withoutBeta, ofCompute, containerOf, policyOf, appSubnetIds, securityGroupId, mainForward } from "../support/container-resources";

describe("containers: prod from examples/containers.yaml, with a beta share", () => {
  let e: Evaluation;
  before(async () => (e = await evaluatedWith("prod", { config: example })));

  it("fails and rolls back each service's deployment on the release stop alarms, which exist before the service does", () => {
    const alarmNames = ["platform-prod-front-door-5xx-ratio", "platform-prod-front-door-no-healthy-hosts"];
    const declared = ofType(e, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => alarmNames.includes(a.inputs.name));
    assert.equal(declared.length, 2, "both alarms are declared");
    for (const part of ["web", "web-beta", "worker"]) {
      const service = one(e, C.service, `containers-${part}-service`);
      assert.deepEqual(service.inputs.alarms, { alarmNames, enable: true, rollback: true }, part);
      for (const alarm of declared) assert.ok(service.options?.dependencies.includes(alarm.name), `${part} waits for ${alarm.name}`);
    }
  });

  it("runs web, web-beta and worker as ECS services on Fargate in the app subnets, with the tier's security group and no public IP", () => {
    assert.deepEqual(
      ofType(e, C.service)
        .map((s) => s.inputs.name)
        .sort(),
      ["platform-prod-web", "platform-prod-web-beta", "platform-prod-worker"],
    );
    for (const [part, tier] of [
      ["web", "web"],
      ["web-beta", "web"],
      ["worker", "worker"],
    ]) {
      const service = one(e, C.service, `containers-${part}-service`);
      assert.deepEqual(service.inputs.capacityProviderStrategies, [{ capacityProvider: "FARGATE", weight: 1 }]);
      assert.deepEqual([...service.inputs.networkConfiguration.subnets].sort(), appSubnetIds(e));
      assert.deepEqual(service.inputs.networkConfiguration.securityGroups, [securityGroupId(e, tier)]);
      assert.equal(service.inputs.networkConfiguration.assignPublicIp, false);
      assert.deepEqual(service.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
      assert.equal(service.inputs.deploymentMinimumHealthyPercent, 100);
      assert.equal(service.inputs.deploymentMaximumPercent, 200);
    }
    const capacity = one(e, C.capacityProviders, "compute-containers");
    assert.deepEqual(capacity.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
  });

  it("passes every rule of the policy pack", () => {
    assert.deepEqual(violations(policyView("prod", e.resources)), []);
  });

  it("declares no Auto Scaling group or launch template of its own for a tier on Fargate", () => {
    assert.deepEqual(ofCompute(e, C.group), []);
    assert.deepEqual(ofCompute(e, C.launchTemplate), []);
  });

  it("defines each task for Fargate: awsvpc, the configured size, ARM64, distinct task and execution roles", () => {
    for (const part of ["web", "web-beta", "worker"]) {
      const task = one(e, C.taskDefinition, `containers-${part}-task`);
      assert.deepEqual(task.inputs.requiresCompatibilities, ["FARGATE"]);
      assert.equal(task.inputs.networkMode, "awsvpc");
      assert.equal(task.inputs.cpu, "1024");
      assert.equal(task.inputs.memory, "2048");
      assert.deepEqual(task.inputs.runtimePlatform, { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" });
      assert.equal(task.inputs.executionRoleArn, one(e, C.role, `containers-${part}-execution-role`).computed.arn);
      assert.equal(task.inputs.taskRoleArn, one(e, C.role, `containers-${part}-task-role`).computed.arn);
    }
  });

  it("runs the release's image from the shared repository (beta its own tag), and the jobs run the same image", () => {
    const repository = /^\d{12}\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/[^:]+/;
    const web = containerOf(e, "web").image;
    assert.match(web, repository);
    assert.ok(web.endsWith(":1.5.0"), web);
    assert.equal(containerOf(e, "worker").image, web);
    assert.equal(containerOf(e, "web-beta").image, web.replace(/:1\.5\.0$/, ":1.6.0"));
    const migrate = one(e, C.jobTaskDefinition, "jobs-migrate");
    assert.equal(migrate.inputs.container.image, web);
  });

  it("injects secrets from Secrets Manager, logs to the tier's log group and checks the container's health", () => {
    for (const [part, group] of [
      ["web", "web"],
      ["web-beta", "web"],
      ["worker", "worker"],
    ]) {
      const container = containerOf(e, part);
      assert.deepEqual(container.secrets.map((s: { name: string }) => s.name).sort(), ["CACHE_AUTH_TOKEN"]);
      for (const secret of container.secrets) assert.match(secret.valueFrom, /^arn:aws:secretsmanager:eu-west-1:\d{12}:secret:/);
      assert.ok(!container.environment.some((v: { value: string }) => v.value.includes("offline-placeholder")), "no secret value in plain environment");
      assert.equal(container.logConfiguration.logDriver, "awslogs");
      assert.equal(container.logConfiguration.options["awslogs-group"], one(e, T.logGroup, `logs-${group}`).inputs.name);
      assert.equal(container.healthCheck.command[0], "CMD-SHELL");
      assert.equal(container.readonlyRootFilesystem, true);
    }
    assert.match(containerOf(e, "web").healthCheck.command[1], /localhost:8080\/healthz/);
  });

  it("lets the execution role pull only from the shared repository, write only its log group and read only this environment's secrets", () => {
    const policy = policyOf(e, "containers-web-execution-policy");
    const byId = Object.fromEntries(policy.Statement.map((s: { Sid: string }) => [s.Sid, s]));
    assert.deepEqual(byId.RegistryLogin.Action, ["ecr:GetAuthorizationToken"]);
    assert.equal(byId.RegistryLogin.Resource, "*");
    assert.equal(byId.PullImage.Resource.length, 1);
    assert.match(byId.PullImage.Resource[0], /^arn:aws:ecr:eu-west-1:\d{12}:repository\//);
    assert.deepEqual(byId.WriteLogs.Resource, [`arn:aws:logs:eu-west-1:123456789012:log-group:${one(e, T.logGroup, "logs-web").inputs.name}:*`]);
    assert.equal(byId.ReadSecrets.Resource.length, 1, "the cache's token only: no master secret");
    for (const statement of policy.Statement) {
      assert.ok(!statement.Action.some((a: string) => a.endsWith("*")), `${statement.Sid} grants a wildcard action`);
    }
    const task = policyOf(e, "containers-worker-task-policy");
    assert.ok(!task.Statement.some((s: { Action: string[] }) => s.Action.some((a) => a.startsWith("ecr:") || a.startsWith("logs:"))));
    assert.deepEqual(task.Statement.find((s: { Sid: string }) => s.Sid === "ReadSecrets").Resource, byId.ReadSecrets.Resource);
  });

  it("registers web tasks as IP targets in a target group of their own, beside a beta one", () => {
    const main = one(e, C.targetGroup, "compute-lb-web-ip");
    const beta = one(e, C.targetGroup, "compute-lb-web-beta-ip");
    for (const group of [main, beta]) {
      assert.equal(group.inputs.targetType, "ip");
      assert.ok(group.inputs.name.length <= 32, group.inputs.name);
    }
    assert.deepEqual(one(e, C.service, "containers-web-service").inputs.loadBalancers, [
      { targetGroupArn: main.computed.arn, containerName: "app", containerPort: 8080 },
    ]);
    assert.equal(one(e, C.service, "containers-web-beta-service").inputs.loadBalancers[0].targetGroupArn, beta.computed.arn);
  });

  it("splits the listener's forward by the beta weight, sticky, with weights summing to 100", () => {
    const forward = mainForward(e).forward;
    const weights = Object.fromEntries(forward.targetGroups.map((g: { arn: string; weight: number }) => [g.arn, g.weight]));
    assert.deepEqual(weights, {
      [one(e, C.targetGroup, "compute-lb-web-ip").computed.arn as string]: 90,
      [one(e, C.targetGroup, "compute-lb-web-beta-ip").computed.arn as string]: 10,
    });
    assert.equal(
      forward.targetGroups.reduce((sum: number, g: { weight: number }) => sum + g.weight, 0),
      100,
    );
    assert.equal(forward.stickiness.enabled, true);
    assert.ok(forward.stickiness.duration >= 1 && forward.stickiness.duration <= 604800);
  });

  it("always sends testers (X-Beta: 1) to beta, before any other rule", () => {
    const testers = one(e, C.listenerRule, "compute-lb-beta-testers");
    assert.ok(testers.inputs.conditions.some((c: any) => c.httpHeader?.httpHeaderName === "X-Beta" && c.httpHeader.values[0] === "1"));
    assert.deepEqual(testers.inputs.actions, [{ type: "forward", targetGroupArn: one(e, C.targetGroup, "compute-lb-web-beta-ip").computed.arn }]);
    for (const rule of ofCompute(e, C.listenerRule).filter((r) => r !== testers)) assert.ok(testers.inputs.priority < rule.inputs.priority, rule.name);
  });

  it("alarms on beta's p99 latency and 5xx ratio, on the beta target group", () => {
    const suffix = one(e, C.targetGroup, "compute-lb-web-beta-ip").computed.arnSuffix;
    const latency = one(e, C.alarm, "alarms-beta-p99-latency");
    assert.equal(latency.inputs.extendedStatistic, "p99");
    assert.equal(latency.inputs.dimensions.TargetGroup, suffix);
    const ratio = one(e, C.alarm, "alarms-beta-5xx-ratio");
    assert.ok(ratio.inputs.metricQueries.some((q: any) => q.metric?.dimensions?.TargetGroup === suffix));
  });

  it("shows beta's p99 and target 5xx beside the main fleet's on the dashboard", () => {
    const body = JSON.parse(one(e, "aws:cloudwatch/dashboard:Dashboard", "observability-dashboard").inputs.dashboardBody);
    const main = one(e, C.targetGroup, "compute-lb-web-ip").computed.arnSuffix;
    const beta = one(e, C.targetGroup, "compute-lb-web-beta-ip").computed.arnSuffix;
    for (const title of ["Beta vs main: p99 latency", "Beta vs main: target 5xx"]) {
      const widget = body.widgets.find((w: any) => w.properties.title === title);
      assert.ok(widget, title);
      assert.deepEqual(
        widget.properties.metrics.map((line: unknown[]) => [line[3], (line.at(-1) as { label: string }).label]),
        [
          [main, "main"],
          [beta, "beta"],
        ],
      );
    }
  });

  it("scales the worker service on the queue backlog per running task, and web on requests per target", () => {
    const backlog = one(e, C.scalingPolicy, "containers-worker-backlog").inputs.targetTrackingScalingPolicyConfiguration;
    assert.equal(backlog.targetValue, 100);
    const [visible, tasks, ratio] = backlog.customizedMetricSpecification.metrics;
    assert.equal(visible.metricStat.metric.metricName, "ApproximateNumberOfMessagesVisible");
    assert.deepEqual(
      tasks.metricStat.metric.dimensions.find((d: any) => d.name === "ServiceName"),
      { name: "ServiceName", value: "platform-prod-worker" },
    );
    assert.equal(ratio.expression, "visible / tasks");
    const target = one(e, C.scalingTarget, "containers-worker-scaling-target");
    assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity, target.inputs.scalableDimension], [2, 100, "ecs:service:DesiredCount"]);
    const requests = one(e, C.scalingPolicy, "containers-web-beta-requests").inputs.targetTrackingScalingPolicyConfiguration;
    assert.ok(requests.predefinedMetricSpecification.resourceLabel.endsWith(one(e, C.targetGroup, "compute-lb-web-beta-ip").computed.arnSuffix));
  });
});

describe("containers: without a beta", () => {
  for (const [what, evaluation] of [
    ["prod as it is (instances)", () => evaluated("prod")],
    ["prod on containers", () => evaluatedWith("prod", { config: withoutBeta })],
  ] as const) {
    it(`${what} declares nothing beta-related and forwards to one target group`, async () => {
      const e = await evaluation();
      const beta = e.resources.filter((r) => r.name.includes("beta"));
      assert.deepEqual(
        beta.map((r) => r.name),
        [],
      );
      assert.equal(mainForward(e).targetGroupArn, ofCompute(e, C.targetGroup)[0].computed.arn);
      assert.equal(ofCompute(e, C.targetGroup).length, 1);
      const body = one(e, "aws:cloudwatch/dashboard:Dashboard", "observability-dashboard").inputs.dashboardBody;
      assert.ok(!body.includes("Beta vs main"));
    });
  }

  it("prod as it is runs no ECS service and keeps its instance target group", async () => {
    const e = await evaluated("prod");
    assert.deepEqual(ofType(e, C.service), []);
    assert.equal(one(e, C.targetGroup, "compute-lb-web").inputs.targetType, "instance");
  });
});
