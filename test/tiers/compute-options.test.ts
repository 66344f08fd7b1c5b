import { strict as assert } from "assert";
import type { Evaluation } from "../../offline/evaluate";
import { appSubnetIds, C, userData } from "../support/compute-resources";
import { evaluatedWith, ofType, one } from "../support/harness";

describe("compute options", () => {
  // One evaluation for all three: evaluating a stack costs seconds.
  let e: Evaluation;
  before(async () => {
    e = await evaluatedWith("prod-abcdefghijklmno", {
      stackFile: "prod",
      config: {
        "platform:role": "prod",
        "platform:web": { min: 3, desired: 6, max: 300, warmPool: { minSize: 2, poolState: "Stopped" } },
        "platform:release": "1.4.2",
      },
    });
  });

  it("fits load balancer and target group names of a 20-character stack in 32 characters", () => {
    assert.equal(e.config.identity.stack.length, 20);
    for (const type of [C.loadBalancer, C.targetGroup]) {
      const { name } = one(e, type, "-compute-").inputs;
      assert.ok(name.length <= 32, `${type} name ${name} is ${name.length} characters`);
    }
  });

  it("adds a warm pool to web when configured", () => {
    assert.deepEqual(one(e, C.group, "compute-web-asg").inputs.warmPool, { minSize: 2, poolState: "Stopped" });
    assert.equal(one(e, C.group, "compute-worker-asg").inputs.warmPool, undefined);
  });

  it("boots the release named in platform:release and lets instances read only that one", () => {
    assert.equal(one(e, "aws:ssm/parameter:Parameter", "compute-web-release").inputs.value, "1.4.2");
    assert.doesNotMatch(userData(e, "web"), /1\.4\.2/);
    const document = JSON.parse(one(e, C.rolePolicy, "compute-web-instance-policy").inputs.policy);
    const release = document.Statement.find((s: { Sid: string }) => s.Sid === "ReadRelease");
    assert.equal(release.Resource.length, 2);
    assert.match(release.Resource[0], /\/releases\/1\.4\.2\/app\.tar\.gz$/);
    assert.match(release.Resource[1], /\/releases\/1\.4\.2\/app\.tar\.gz\.sha256$/);
    assert.equal((e.outputs as Record<string, unknown>).release, "1.4.2");
  });

  it("runs migrations and scheduled jobs on Fargate with the release's image, logs and secrets", () => {
    const definitions = ofType(e, C.taskDefinition);
    assert.deepEqual(definitions.map((d) => d.inputs.family).sort(), [`${e.config.namePrefix}-migrate`, `${e.config.namePrefix}-nightly-cleanup`]);
    const migrate = one(e, C.taskDefinition, "jobs-migrate");
    assert.deepEqual([migrate.inputs.cpu, migrate.inputs.memory], ["512", "1024"]);
    assert.deepEqual(migrate.inputs.runtimePlatform, { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" });
    assert.deepEqual(migrate.inputs.logGroup, { existing: { name: `/${e.config.namePrefix}/jobs`, region: "eu-west-1" } });
    const container = migrate.inputs.container;
    assert.match(container.image, /\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/[^:]+:1\.4\.2$/);
    assert.deepEqual(container.command, ["bin/migrate"]);
    assert.deepEqual(
      container.secrets.map((x: { name: string }) => x.name),
      ["DATABASE_MASTER_SECRET"],
    );
    for (const secret of container.secrets) assert.match(secret.valueFrom, /^arn:aws:secretsmanager:/);
    const [readSecrets] = migrate.inputs.executionRole.args.inlinePolicies;
    assert.deepEqual(
      JSON.parse(readSecrets.policy).Statement[0].Resource,
      container.secrets.map((x: { valueFrom: string }) => x.valueFrom),
    );
    assert.equal(one(e, C.cluster, "-jobs-").inputs.name, `${e.config.namePrefix}-jobs`);
    const [access] = migrate.inputs.taskRole.args.inlinePolicies;
    const granted = JSON.parse(access.policy).Statement as { Sid: string; Resource: string | string[] }[];
    const queues = granted.find((statement) => statement.Sid === "WorkQueues")?.Resource;
    assert.deepEqual(
      queues,
      ofType(e, "aws:sqs/queue:Queue")
        .filter((q) => !q.name.endsWith("-dlq"))
        .map((q) => q.computed.arn),
    );

    const schedule = one(e, C.jobSchedule, "nightly-cleanup");
    assert.equal(schedule.inputs.scheduleExpression, "cron(0 3 * * ? *)");
    assert.equal(schedule.inputs.scheduleExpressionTimezone, "UTC");
    const ecs = schedule.inputs.target.ecsParameters;
    assert.equal(ecs.launchType, "FARGATE");
    assert.match(ecs.taskDefinitionArn, new RegExp(`task-definition/${e.config.namePrefix}-nightly-cleanup:\\d+$`));
    assert.equal(ecs.networkConfiguration.assignPublicIp, false);
    assert.deepEqual([...ecs.networkConfiguration.subnets].sort(), appSubnetIds(e));
    const policy = JSON.parse(one(e, C.rolePolicy, "jobs-scheduler-policy").inputs.policy);
    assert.deepEqual(policy.Statement[0].Action, ["ecs:RunTask"]);
    assert.deepEqual(policy.Statement[0].Resource, [`arn:aws:ecs:eu-west-1:123456789012:task-definition/${e.config.namePrefix}-nightly-cleanup:*`]);
    assert.ok(policy.Statement[0].Condition.ArnEquals["ecs:cluster"]);
    const outputs = e.outputs as Record<string, unknown>;
    assert.match(String(outputs.migrationTaskDefinitionArn), /task-definition\/.*-migrate:\d+$/);
  });
});
