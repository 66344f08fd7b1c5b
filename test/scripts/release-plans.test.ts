import { strict as assert } from "assert";
import type { TaskDefinition } from "@aws-sdk/client-ecs";
import { parseWaitMinutes } from "../../scripts/durations";
import { imageForRelease, migrationFailure, migrationTarget } from "../../scripts/rollout/migration-plan";
import { commandState, deployPhases, notStarted, parseBatchPercent, progressLine, type CommandState } from "../../scripts/rollout/in-place-plan";
import { rollbackHint } from "../../scripts/rollout/releases";
import { revisionWithImage } from "../../scripts/aws/task-revision";

describe("release plans: migration", () => {
  const cases: [string, string, string][] = [
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform:1.4.2", "1.5.0", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform:1.5.0"],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app@sha256:abcd", "r17", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:r17"],
    ["registry.local:5000/app:1", "2", "registry.local:5000/app:2"],
    ["app", "2", "app:2"],
  ];
  for (const [image, version, expected] of cases) {
    it(`runs ${version} of ${image} as ${expected}`, () => assert.equal(imageForRelease(image, version), expected));
  }
  it("refuses an image with no repository", () => assert.throws(() => imageForRelease("registry/:1", "2"), /cannot read a repository/));

  const exits: [string, Parameters<typeof migrationFailure>[0], RegExp | undefined][] = [
    ["exit 0 is success", { taskArn: "t", exitCode: 0 }, undefined],
    ["a non-zero exit fails", { taskArn: "t", exitCode: 1 }, /exited with code 1 \(task t\)/],
    ["no exit code fails with the reason", { taskArn: "t", reason: "ResourceInitializationError" }, /without an exit code: ResourceInitializationError/],
    ["no exit code and no reason still fails", { taskArn: "t" }, /without an exit code: no reason given/],
  ];
  for (const [name, task, expected] of exits) {
    it(name, () => {
      const failure = migrationFailure(task);
      if (expected === undefined) assert.equal(failure, undefined);
      else assert.match(failure ?? "", expected);
    });
  }

  it("runs in the app subnets with the worker security group, in the stack's region", () => {
    const groups = { loadBalancer: "a", web: "b", worker: "sg-worker", proxyLoadBalancer: "c", proxy: "d", database: "e", cache: "f", endpoints: "g" };
    const target = migrationTarget("prod", {
      region: "eu-west-1",
      jobsClusterArn: "arn:aws:ecs:eu-west-1:1:cluster/prod-jobs",
      migrationTaskDefinitionArn: "arn:aws:ecs:eu-west-1:1:task-definition/prod-migrate:3",
      appSubnetIds: ["subnet-a", "subnet-b"],
      securityGroupIds: groups,
    });
    assert.deepEqual(target, {
      region: "eu-west-1",
      currentTaskDefinitionArn: "arn:aws:ecs:eu-west-1:1:task-definition/prod-migrate:3",
      launch: { clusterArn: "arn:aws:ecs:eu-west-1:1:cluster/prod-jobs", subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-worker"] },
    });
  });
  it("names the missing outputs of a stack that was never deployed", () =>
    assert.throws(
      () => migrationTarget("dev", {}),
      /dev exports no valid region, appSubnetIds and securityGroupIds outputs: deploy it first \(region, appSubnetIds/,
    ));
});

describe("release plans: task definition revision", () => {
  const definition: TaskDefinition = {
    taskDefinitionArn: "arn:aws:ecs:eu-west-1:1:task-definition/prod-migrate:3",
    family: "prod-migrate",
    revision: 3,
    status: "ACTIVE",
    registeredAt: new Date("2026-01-01T00:00:00Z"),
    requiresAttributes: [{ name: "com.amazonaws.ecs.capability.logging-driver.awslogs" }],
    compatibilities: ["EC2", "FARGATE"],
    taskRoleArn: "arn:aws:iam::1:role/task",
    executionRoleArn: "arn:aws:iam::1:role/execution",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
    containerDefinitions: [
      { name: "app", image: "repo/platform:1.4.2", command: ["migrate"], secrets: [{ name: "DB", valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:db" }] },
      { name: "sidecar", image: "repo/sidecar:1" },
    ],
  };

  it("copies what RegisterTaskDefinition accepts, with the new image for the named container only", () => {
    const input = revisionWithImage(definition, [{ key: "Name", value: "prod-migrate" }], "app", "repo/platform:1.5.0");
    assert.deepEqual(input.containerDefinitions, [
      { name: "app", image: "repo/platform:1.5.0", command: ["migrate"], secrets: [{ name: "DB", valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:db" }] },
      { name: "sidecar", image: "repo/sidecar:1" },
    ]);
    assert.equal(input.family, "prod-migrate");
    assert.equal(input.executionRoleArn, "arn:aws:iam::1:role/execution");
    assert.deepEqual(input.runtimePlatform, { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" });
    assert.deepEqual(input.tags, [{ key: "Name", value: "prod-migrate" }]);
    for (const field of ["taskDefinitionArn", "revision", "status", "registeredAt", "requiresAttributes", "compatibilities"]) {
      assert.ok(!(field in input), `${field} is set by ECS, not registered`);
    }
  });
  it("drops the tags reserved for AWS", () =>
    assert.deepEqual(
      revisionWithImage(
        definition,
        [
          { key: "aws:cloudformation:stack-name", value: "x" },
          { key: "team", value: "core" },
        ],
        "app",
        "i",
      ).tags,
      [{ key: "team", value: "core" }],
    ));
  it("refuses a container the task definition does not have", () =>
    assert.throws(() => revisionWithImage(definition, [], "web", "i"), /has no container named web/));
});

describe("release plans: in place over Run Command", () => {
  const group = { groupName: "platform-prod-web", canaryInstances: 1, batchPercent: 20 };
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${String(i).padStart(17, "0")}`);

  it("sends the canary alone by id, then the whole group by tag a share at a time, each stopping at its first error", () => {
    const phases = deployPhases({ part: "web", group, instances: ids(300) }, "platform-prod-deploy", "1.5.0", "platform-prod-front-door-5xx-ratio");
    assert.deepEqual(
      phases.map((p) => [p.label, p.command.target, p.command.maxConcurrency, p.command.maxErrors, p.command.alarmName]),
      [
        ["web canary", { instanceIds: [ids(1)[0]] }, "1", "0", "platform-prod-front-door-5xx-ratio"],
        ["web", { groupName: "platform-prod-web" }, "20%", "0", "platform-prod-front-door-5xx-ratio"],
      ],
    );
    assert.ok(phases.every((p) => p.command.documentName === "platform-prod-deploy" && p.command.parameters.Release[0] === "1.5.0"));
  });

  for (const [instances, canary, labels] of [
    [0, 1, []],
    [1, 1, ["web canary"]],
    [2, 1, ["web canary", "web"]],
    [3, 3, ["web canary"]],
  ] as const) {
    it(`plans ${labels.length} phase(s) for ${instances} instance(s) and a canary of ${canary}`, () =>
      assert.deepEqual(
        deployPhases({ part: "web", group: { ...group, canaryInstances: canary }, instances: ids(instances) }, "d", "1.5.0", undefined).map((p) => p.label),
        labels,
      ));
  }

  it("never names more than SendCommand's 50 instance ids", () => {
    const [canary] = deployPhases({ part: "web", group: { ...group, canaryInstances: 80 }, instances: ids(300) }, "d", "1.5.0", undefined);
    assert.equal((canary.command.target as { instanceIds: string[] }).instanceIds.length, 50);
  });

  const states: [string, CommandState][] = [
    ["Pending", "running"],
    ["InProgress", "running"],
    ["Cancelling", "running"],
    ["Success", "succeeded"],
    ["Failed", "failed"],
    ["TimedOut", "failed"],
    ["Cancelled", "failed"],
  ];
  for (const [status, state] of states) it(`${status} is ${state}`, () => assert.equal(commandState(status), state));

  it("prints done, failed and remaining instances and the time spent", () =>
    assert.equal(
      progressLine("web", { status: "InProgress", targets: 300, completed: 62, errors: 1 }, 65),
      "web: 61 done, 1 failed, 238 remaining, 1m05s (InProgress)",
    ));

  it("cancels only the instances whose run has not started", () =>
    assert.deepEqual(
      notStarted([
        { instanceId: "i-1", status: "Success" },
        { instanceId: "i-2", status: "InProgress" },
        { instanceId: "i-3", status: "Pending" },
        { instanceId: "i-4", status: "Delayed" },
      ]),
      ["i-3", "i-4"],
    ));

  for (const [text, expected] of [
    ["20", 20],
    ["1", 1],
    ["50", 50],
    ["0", /batch percent: found "0"; expected a whole number from 1 to 50/],
    ["51", /found "51"/],
    ["12.5", /found "12.5"/],
    ["", /found ""/],
  ] as const) {
    it(`--batch-percent ${JSON.stringify(text)} is ${expected}`, () =>
      typeof expected === "number" ? assert.equal(parseBatchPercent(text), expected) : assert.throws(() => parseBatchPercent(text), expected));
  }

  it("points back to the remembered release, or asks for one", () => {
    assert.equal(rollbackHint("prod", "1.4.2"), "Roll back to 1.4.2 with: npm run rollback -- --env prod");
    assert.equal(rollbackHint("dev", undefined), "Roll back with: npm run rollback -- --env dev --to <version>");
  });

  const waits: [string, number | RegExp][] = [
    ["60", 60],
    ["1", 1],
    ["1440", 1440],
    ["0", /found "0"/],
    ["1441", /found "1441"/],
    ["1.5", /found "1.5"/],
    ["30m", /found "30m"/],
  ];
  for (const [text, expected] of waits) {
    it(`--wait-minutes ${text}`, () => {
      if (typeof expected === "number") assert.equal(parseWaitMinutes(text), expected);
      else assert.throws(() => parseWaitMinutes(text), expected);
    });
  }
});
