import { strict as assert } from "assert";
import { releaseProgram } from "../../scripts/release";
import { deployedWithGroups, fakeRun, runScript, type FakeRun } from "../support/fake-workspace";

const CLUSTER = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod-jobs";
const MIGRATE = "arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-migrate:7";
const jobs = {
  jobsClusterArn: CLUSTER,
  migrationTaskDefinitionArn: MIGRATE,
  appSubnetIds: ["subnet-a", "subnet-b"],
  securityGroupIds: {
    loadBalancer: "sg-lb",
    web: "sg-web",
    worker: "sg-worker",
    proxyLoadBalancer: "sg-plb",
    proxy: "sg-proxy",
    database: "sg-db",
    cache: "sg-cache",
    endpoints: "sg-endpoints",
  },
};

function prodOnRelease(extra: Record<string, unknown> = jobs): FakeRun {
  const run = fakeRun();
  deployedWithGroups(run, "prod", extra);
  run.workspace.config.set("prod", { "platform:release": "1.4.2" });
  return run;
}

const release = (run: FakeRun, ...args: string[]) => runScript(releaseProgram(run.context), ["1.5.0", "--env", "prod", "--yes", ...args]);

describe("scripts: release with a migration", () => {
  it("runs the new release's migration on Fargate before the update, then drops its revision", async () => {
    const run = prodOnRelease();
    await release(run, "--migrate");
    assert.deepEqual(run.failures, []);
    assert.deepEqual(run.aws.regions[0], "eu-west-1");
    const all = run.workspace.calls.filter((call) => !call.startsWith("setConfig") && !call.startsWith("headObject"));
    const calls = all.slice(0, all.indexOf("up prod") + 1);
    assert.deepEqual(calls, [
      "preview prod",
      `describeTaskDefinition ${MIGRATE} app`,
      "registerTaskDefinition app 123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform:1.5.0",
      "runTask arn:aws:ecs:eu-west-1:123456789012:cluster/prod-jobs arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-migrate:101 subnet-a,subnet-b sg-worker",
      `waitForTaskStopped ${CLUSTER} arn:aws:ecs:eu-west-1:123456789012:task/prod-jobs/0123456789abcdef app 3600s`,
      "deregisterTaskDefinition arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-migrate:101",
      "up prod",
    ]);
    assert.ok(run.printed.includes("Migration succeeded."));
  });

  it("stops the release on a failing migration: no up, and the config goes back", async () => {
    const run = prodOnRelease();
    run.aws.stopped = { exitCode: 3 };
    await release(run, "--migrate", "--wait-minutes", "20");
    assert.ok(!run.workspace.calls.includes("up prod"));
    assert.ok(run.workspace.calls.some((call) => call.endsWith("app 1200s")));
    assert.ok(run.workspace.calls.some((call) => call.startsWith("deregisterTaskDefinition")));
    assert.match(run.failures[0], /^Migration failed: the migration exited with code 3 .*Release not applied/);
    assert.deepEqual(run.workspace.config.get("prod"), { "platform:release": "1.4.2" });
  });

  it("stops the release when the migration task never ran to an exit", async () => {
    const run = prodOnRelease();
    run.aws.stopped = { reason: "CannotPullContainerError: image not found" };
    await release(run, "--migrate");
    assert.ok(!run.workspace.calls.includes("up prod"));
    assert.match(run.failures[0], /stopped without an exit code: CannotPullContainerError/);
  });

  it("says that the jobs exist only once a release is pinned when the stack exports none", async () => {
    const run = prodOnRelease({ appSubnetIds: jobs.appSubnetIds, securityGroupIds: jobs.securityGroupIds });
    await release(run, "--migrate");
    assert.match(run.failures[0], /^Cannot migrate: prod exports no jobsClusterArn and migrationTaskDefinitionArn: .*release is pinned/);
    assert.ok(!run.workspace.calls.some((call) => call.startsWith("runTask") || call === "up prod"));
  });

  it("runs no task without --migrate", async () => {
    const run = prodOnRelease();
    await release(run);
    assert.deepEqual(run.failures, []);
    assert.ok(run.workspace.calls.includes("up prod"));
    assert.ok(!run.workspace.calls.some((call) => /TaskDefinition|runTask|waitForTask/.test(call)));
  });

  it("asks before migrating: a release that is not confirmed runs no task", async () => {
    const run = prodOnRelease();
    await runScript(releaseProgram(run.context), ["1.5.0", "--env", "prod", "--migrate"]);
    assert.match(run.failures[0], /--yes/);
    assert.ok(!run.workspace.calls.some((call) => call.startsWith("runTask")));
  });

  it("rejects --migrate with a beta release", async () => {
    const run = prodOnRelease();
    await runScript(releaseProgram(run.context), ["--beta", "1.6.0", "--weight", "10", "--env", "prod", "--migrate", "--yes"]);
    assert.match(run.failures[0], /--migrate goes with a <version>/);
    assert.deepEqual(run.workspace.calls, []);
  });
});

describe("scripts: release options", () => {
  it("rejects a --wait-minutes that is no whole number of minutes before touching the stack", async () => {
    const run = prodOnRelease();
    await release(run, "--wait-minutes", "1h");
    assert.match(run.failures[0], /wait minutes: found "1h"; expected a whole number of minutes from 1 to 1440/);
    assert.deepEqual(run.workspace.calls, []);
  });
});
