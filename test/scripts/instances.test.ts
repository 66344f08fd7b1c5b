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
  it("lists the live formation: each group's instances with zone, state, target health, release, age and the logged session command", async () => {
    const run = prod();
    run.formationAws.targetStates.set("prod-web-i2", { instanceId: "prod-web-i2", state: "unhealthy", reason: "Target.FailedHealthChecks" });
    run.formationAws.releases.set("prod-web-i3", undefined);
    run.formationAws.openAlarmNames = ["platform-prod-front-door-5xx-ratio"];
    await instances(run, "list", "--env", "prod");
    assert.deepEqual(run.failures, []);
    assert.ok(run.printed.includes("prod-web: min 3, desired 3, max 30, 3 instance(s)"), run.printed.join("\n"));
    assert.ok(run.printed.includes("  prod-web-i2  eu-west-1b  InService/Healthy  prod-web:unhealthy (Target.FailedHealthChecks)  release 1.4.2  age 1h 0m"));
    assert.ok(run.printed.some((line) => line.startsWith("  prod-web-i3  eu-west-1c  InService/Healthy  prod-web:healthy  release unknown")));
    assert.ok(run.printed.includes("  prod-worker-i1  eu-west-1a  InService/Healthy  -  release 1.4.2  age 1h 0m"));
    assert.ok(run.printed.includes("    aws ssm start-session --region eu-west-1 --target prod-web-i2 --document-name platform-prod-shell"));
    assert.ok(run.printed.includes("  platform-prod-db-1  writer  eu-west-1a  available"));
    assert.ok(run.printed.includes("queue tasks: 0 waiting, 0 in flight, oldest no datapoint; dead letters 0"));
    assert.ok(run.printed.includes("1 alarm(s) in ALARM:"));
    assert.deepEqual(run.formationAws.calls.slice(0, 2), ["region eu-west-1", "describeAutoScalingGroups prod-web,prod-worker"]);
    assert.ok(run.formationAws.calls.includes("describeInstances 6"));
    assert.ok(run.formationAws.calls.includes("describeAlarms 3"));
  });

  it("gives the formation as JSON with --json", async () => {
    const run = prod();
    await instances(run, "list", "--env", "prod", "--json");
    const formation = JSON.parse(run.printed.join("\n"));
    assert.deepEqual(
      formation.groups.map((g: { part: string }) => g.part),
      ["web", "worker"],
    );
    assert.equal(formation.sessionDocumentName, "platform-prod-shell");
  });

  it("says what a stack deployed before the formation's outputs lacks, and reads nothing of AWS", async () => {
    const run = prod();
    const outputs = run.workspace.stackOutputs.get("prod") ?? {};
    delete outputs.databaseClusterId;
    delete outputs.alarmNames;
    await instances(run, "list", "--env", "prod");
    assert.match(run.failures[0], /^prod does not export its formation \(databaseClusterId, alarmNames\): update it with npm run deploy first\./);
    assert.deepEqual(run.formationAws.calls, []);
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

  it("takes its canary among the instances Run Command can reach, and fails naming those it could not", async () => {
    const run = prod();
    run.aws.offline.add("prod-web-i1");
    await instances(run, "restart", "--env", "prod", "--tier", "web", "--yes");
    assert.deepEqual(
      run.workspace.calls.filter((call) => call.startsWith("sendCommand")),
      [
        "sendCommand platform-prod-deploy 1.5.0;yes prod-web-i2 1 0 platform-prod-front-door-5xx-ratio",
        "sendCommand platform-prod-deploy 1.5.0;yes tag:prod-web 25% 0 platform-prod-front-door-5xx-ratio",
      ],
    );
    assert.ok(run.printed.includes("prod-web: prod-web-i1 in service but SSM Agent not online: Run Command cannot reach them."), run.printed.join("\n"));
    assert.match(
      run.failures[0],
      /^prod: every instance Run Command could reach runs 1\.5\.0, but prod-web-i1 did not take it \(SSM Agent not online\): replace each/,
    );
  });

  it("has nothing to restart before a first release", async () => {
    const run = prod({});
    await instances(run, "restart", "--env", "prod", "--tier", "web", "--yes");
    assert.match(run.failures[0], /prod runs no release on instances yet: nothing to restart/);
  });

  it("prints a named log of a tier's instances in service through the logs document, each under its instance", async () => {
    const run = prod();
    run.aws.outputs.set("prod-worker-i2", { instanceId: "prod-worker-i2", status: "Success", output: "a\nb\n", error: "" });
    await instances(run, "logs", "--env", "prod", "--tier", "worker", "--log", "unit", "--lines", "20");
    assert.deepEqual(run.failures, []);
    const [sent] = run.aws.sent;
    assert.deepEqual(sent.parameters, { Log: ["unit"], Lines: ["20"] });
    assert.equal(sent.documentName, "platform-prod-logs");
    assert.deepEqual(sent.target, { instanceIds: ["prod-worker-i1", "prod-worker-i2", "prod-worker-i3"] });
    assert.deepEqual(
      run.printed.slice(run.printed.indexOf("== prod-worker-i2 eu-west-1b (Success) =="), run.printed.indexOf("== prod-worker-i2 eu-west-1b (Success) ==") + 3),
      ["== prod-worker-i2 eu-west-1b (Success) ==", "a", "b"],
    );
  });

  it("asks one instance when named, and fails naming the instances that did not answer", async () => {
    const run = prod();
    run.aws.outputs.set("prod-web-i3", { instanceId: "prod-web-i3", status: "Failed", output: "", error: "no /var/log/platform/*.log on this instance" });
    await instances(run, "logs", "--env", "prod", "--tier", "web", "--instance", "prod-web-i3");
    assert.deepEqual(run.aws.sent[0].target, { instanceIds: ["prod-web-i3"] });
    assert.deepEqual(run.aws.sent[0].parameters, { Log: ["app"], Lines: ["50"] });
    assert.ok(run.printed.includes("! no /var/log/platform/*.log on this instance"));
    assert.match(run.failures[0], /^The app log could not be read on prod-web-i3 \(command /);
  });

  it("skips, names and fails on the instances whose SSM Agent is not online, as SendCommand would refuse them all", async () => {
    const run = prod();
    run.aws.offline.add("prod-web-i2");
    await instances(run, "logs", "--env", "prod", "--tier", "web");
    assert.deepEqual(run.aws.sent[0].target, { instanceIds: ["prod-web-i1", "prod-web-i3"] });
    assert.ok(run.printed.includes("log of prod-web-i3"));
    assert.equal(run.failures[0], "The app log could not be read on prod-web-i2 (SSM Agent not online (aws ssm describe-instance-information)).");

    const alone = prod();
    alone.aws.offline.add("prod-web-i2");
    await instances(alone, "logs", "--env", "prod", "--tier", "web", "--instance", "prod-web-i2");
    assert.deepEqual(alone.aws.sent, []);
    assert.match(alone.failures[0], /could not be read on prod-web-i2: SSM Agent not online .* Nothing sent\.$/);
  });

  it("waits for delivery and the document's step, then prints what came back before naming the instances still running", async () => {
    const run = prod();
    run.aws.progress[0] = [{ status: "InProgress", targets: 3, completed: 2, errors: 0 }];
    run.aws.outputs.set("prod-web-i3", { instanceId: "prod-web-i3", status: "InProgress", output: "", error: "" });
    await instances(run, "logs", "--env", "prod", "--tier", "web");
    const waited = run.slept.reduce((sum, ms) => sum + ms, 0) / 1000;
    assert.ok(waited >= 200 && waited <= 204, `waited ${waited} s: 120 s of delivery, 60 s of the step and 20 s of slack`);
    assert.equal(run.aws.sent[0].deliveryTimeoutSeconds, 120);
    assert.ok(run.printed.includes("log of prod-web-i1") && run.printed.includes("== prod-web-i3 eu-west-1c (InProgress) =="));
    assert.match(run.failures[0], /^The app log could not be read on prod-web-i3 \(command command-1, still running after 200 s\)\.$/);
  });

  it("refuses an unknown log, a line count out of range, or an instance not in service, and sends nothing", async () => {
    for (const [args, message] of [
      [["--log", "secrets", "--lines", "500"], /^--log secrets: one of app, unit, release, boot; --lines 500: a whole number, 1-200\. Nothing sent\.$/],
      [["--instance", "i-0aaaaaaaaaaaaaaaa"], /^i-0aaaaaaaaaaaaaaaa is not an instance in service of prod-web\. Nothing sent\.$/],
    ] as const) {
      const run = prod();
      await instances(run, "logs", "--env", "prod", "--tier", "web", ...args);
      assert.match(run.failures[0], message);
      assert.deepEqual(run.aws.sent, []);
    }
  });
});
