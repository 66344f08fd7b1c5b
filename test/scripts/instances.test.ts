import { strict as assert } from "assert";
import { instancesProgram } from "../../scripts/instances";
import { deployedWithGroups, fakeRun, runScript, type FakeRun } from "../support/fake-workspace";

function prod(extra: Record<string, unknown> = { release: "1.5.0" }): FakeRun {
  const run = fakeRun();
  deployedWithGroups(run, "prod", extra);
  return run;
}
const instances = (run: FakeRun, ...args: string[]) => runScript(instancesProgram(run.context), args);

describe("scripts: instances", () => {
  it("lists each group's instances with zone, lifecycle, health and the logged Session Manager command", async () => {
    const run = prod();
    await instances(run, "list", "--env", "prod");
    assert.deepEqual(run.failures, []);
    assert.ok(run.printed.includes("prod-web: 3 instance(s)"));
    assert.ok(
      run.printed.includes(
        "  prod-web-i2  eu-west-1b  InService  Healthy  aws ssm start-session --region eu-west-1 --target prod-web-i2 --document-name platform-prod-shell",
      ),
    );
  });

  it("terminates an instance of the stack's groups, keeping the desired capacity so the group replaces it", async () => {
    const run = prod();
    await instances(run, "terminate", "prod-worker-i3", "--env", "prod", "--yes");
    assert.deepEqual(run.failures, []);
    assert.ok(run.workspace.calls.includes("terminateInstanceInAutoScalingGroup prod-worker-i3 keep-desired"));
  });

  it("refuses to terminate an instance that is not the stack's, and changes nothing", async () => {
    const run = prod();
    await instances(run, "terminate", "i-0aaaaaaaaaaaaaaaa", "--env", "prod", "--yes");
    assert.match(run.failures[0], /^i-0aaaaaaaaaaaaaaaa is in none of prod's groups \(prod-web, prod-worker\)\. Nothing changed\.$/);
    assert.ok(!run.workspace.calls.some((call) => call.startsWith("terminate")));
  });

  it("asks before terminating, and refuses without a terminal", async () => {
    const run = prod();
    await instances(run, "terminate", "prod-web-i1", "--env", "prod");
    assert.match(run.failures[0], /needs confirmation; run again with --yes/);
    assert.ok(!run.workspace.calls.some((call) => call.startsWith("terminate")));
  });

  it("starts an instance refresh of a tier's group", async () => {
    const run = prod();
    await instances(run, "refresh", "--env", "prod", "--tier", "worker", "--yes");
    assert.deepEqual(run.failures, []);
    assert.ok(run.workspace.calls.includes("startInstanceRefresh prod-worker"));
    assert.match(run.printed.at(-1) ?? "", /prod-worker-refresh of prod-worker started/);
  });

  it("names the groups there are when asked for one there is not", async () => {
    const run = prod();
    await instances(run, "refresh", "--env", "prod", "--tier", "web-beta", "--yes");
    assert.match(run.failures[0], /^prod has no instance group web-beta; its groups: web, worker\. Nothing changed\.$/);
    assert.ok(!run.workspace.calls.some((call) => call.startsWith("startInstanceRefresh")));
  });

  it("restarts a tier on its release with the deploy document, canary first, each instance out of its target group meanwhile", async () => {
    const run = prod();
    await instances(run, "restart", "--env", "prod", "--tier", "web", "--yes");
    assert.deepEqual(run.failures, []);
    assert.deepEqual(
      run.workspace.calls.filter((call) => call.startsWith("sendCommand")),
      [
        "sendCommand platform-prod-deploy 1.5.0;yes prod-web-i1 1 0 platform-prod-front-door-5xx-ratio",
        "sendCommand platform-prod-deploy 1.5.0;yes tag:prod-web 25% 0 platform-prod-front-door-5xx-ratio",
      ],
    );
  });

  it("has nothing to restart before a first release", async () => {
    const run = prod({});
    await instances(run, "restart", "--env", "prod", "--tier", "web", "--yes");
    assert.match(run.failures[0], /prod runs no release on instances yet: nothing to restart/);
  });
});
