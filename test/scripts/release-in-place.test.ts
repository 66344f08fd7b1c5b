import { strict as assert } from "assert";
import { releaseProgram } from "../../scripts/release";
import { PROGRESS_POLL_SECONDS } from "../../tiers/compute/rollout-plan";
import { deployedWithGroups, fakeRun, runScript, type FakeRun } from "../support/fake-workspace";

const ALARM = "platform-prod-front-door-5xx-ratio";

function prodOn(release: string | undefined): FakeRun {
  const run = fakeRun();
  deployedWithGroups(run, "prod");
  run.workspace.config.set("prod", release ? { "platform:release": release } : {});
  return run;
}

const release = (run: FakeRun, ...args: string[]) => runScript(releaseProgram(run.context), ["1.5.0", "--env", "prod", "--yes", ...args]);
const sent = (run: FakeRun) => run.workspace.calls.filter((call) => call.startsWith("sendCommand"));

describe("scripts: release in place over Run Command", () => {
  it("checks the bucket, moves the pointers with up, then sends the deploy document: canary, then a share of the group, web before worker", async () => {
    const run = prodOn("1.4.2");
    await release(run);
    assert.deepEqual(run.failures, []);
    const calls = run.workspace.calls;
    assert.equal(calls[0], "headObject platform-shared-releases 1.5.0", "the release is looked for before anything changes");
    assert.ok(
      calls.indexOf("up prod") < calls.findIndex((call) => call.startsWith("sendCommand")),
      "the pointers move first, so a new instance boots the release",
    );
    assert.deepEqual(sent(run), [
      `sendCommand platform-prod-deploy 1.5.0 prod-web-i1 1 0 ${ALARM}`,
      `sendCommand platform-prod-deploy 1.5.0 tag:prod-web 25% 0 ${ALARM}`,
      `sendCommand platform-prod-deploy 1.5.0 prod-worker-i1 1 0 ${ALARM}`,
      `sendCommand platform-prod-deploy 1.5.0 tag:prod-worker 25% 0 ${ALARM}`,
    ]);
    assert.ok(run.printed.includes("web canary: 1 done, 0 failed, 0 remaining, 0m00s (Success)"));
    assert.equal(run.printed.at(-1), "prod runs release 1.5.0.");
  });

  it("refuses a release that is not in the release bucket, and changes nothing", async () => {
    const run = prodOn("1.4.2");
    run.aws.missingReleases.add("1.5.0");
    await release(run);
    assert.match(
      run.failures[0],
      /^Release 1\.5\.0 is not in the release bucket: s3:\/\/platform-shared-releases\/releases\/1\.5\.0\/app\.tar\.gz and its \.sha256 are both needed\. Nothing changed\.$/,
    );
    assert.deepEqual(run.workspace.calls, ["headObject platform-shared-releases 1.5.0"]);
    assert.deepEqual(run.workspace.config.get("prod"), { "platform:release": "1.4.2" });
  });

  for (const bad of ["0", "51", "twenty"]) {
    it(`refuses --batch-percent ${bad} before touching anything`, async () => {
      const run = prodOn("1.4.2");
      await release(run, "--batch-percent", bad);
      assert.match(run.failures[0], new RegExp(`batch percent: found "${bad}"; expected a whole number from 1 to 50`));
      assert.deepEqual(run.workspace.calls, []);
    });
  }

  it("takes --batch-percent over the group's own share", async () => {
    const run = prodOn("1.4.2");
    await release(run, "--batch-percent", "50");
    assert.equal(sent(run)[1], `sendCommand platform-prod-deploy 1.5.0 tag:prod-web 50% 0 ${ALARM}`);
  });

  it("stops after a failed canary: the rest of the group and the worker get nothing, and it says how to roll back", async () => {
    const run = prodOn("1.4.2");
    run.aws.progress[0] = [{ status: "Failed", targets: 1, completed: 1, errors: 1 }];
    run.aws.invocationStates = [{ instanceId: "prod-web-i1", status: "Failed" }];
    await release(run);
    assert.equal(sent(run).length, 1);
    assert.match(run.failures[0], /^prod: web canary ended Failed: 1 instance\(s\) failed or were cancelled\.\n/);
    assert.match(run.failures[0], /\n {2}Failed \(1\): prod-web-i1\n/);
    assert.match(run.failures[0], /Roll back to 1\.4\.2 with: npm run rollback -- --env prod$/);
  });

  it("stops when a stop alarm fires mid-rollout, cancelling only the instances not yet started", async () => {
    const run = prodOn("1.4.2");
    run.aws.progress[1] = [{ status: "InProgress", targets: 3, completed: 1, errors: 0 }];
    run.aws.firing.push([], [ALARM]);
    run.aws.invocationStates = [
      { instanceId: "prod-web-i1", status: "Success" },
      { instanceId: "prod-web-i2", status: "InProgress" },
      { instanceId: "prod-web-i3", status: "Pending" },
    ];
    await release(run);
    assert.ok(run.workspace.calls.includes("cancelCommand command-2 prod-web-i3"));
    assert.match(run.failures[0], new RegExp(`^prod: web stopped: ${ALARM} in ALARM\\.`));
    assert.match(run.failures[0], /InProgress \(1\): prod-web-i2/);
    assert.match(run.failures[0], /finish their run; a deploy that fails goes back to the instance.s previous release/);
    assert.deepEqual(run.slept, [PROGRESS_POLL_SECONDS * 1000], "one poll interval before the alarm was seen");
    assert.equal(sent(run).length, 2, "the worker is not started");
  });

  it("counts a group's phase done once its in-service instances succeed, cancelling a warm instance the tag also reached", async () => {
    const run = prodOn("1.4.2");
    run.aws.progress[1] = [{ status: "InProgress", targets: 4, completed: 3, errors: 0 }];
    run.aws.invocationStates = [
      { instanceId: "prod-web-i1", status: "Success" },
      { instanceId: "prod-web-i2", status: "Success" },
      { instanceId: "prod-web-i3", status: "Success" },
      { instanceId: "prod-web-warm", status: "Pending" },
    ];
    await release(run);
    assert.deepEqual(run.failures, []);
    assert.ok(run.workspace.calls.includes("cancelCommand command-2 prod-web-warm"));
    assert.equal(sent(run).length, 4, "the worker follows");
  });

  it("on Ctrl-C cancels what has not started and says what state each instance is in", async () => {
    const run = prodOn("1.4.2");
    run.aws.progress[1] = [{ status: "InProgress", targets: 3, completed: 1, errors: 0 }];
    run.aws.invocationStates = [
      { instanceId: "prod-web-i1", status: "Success" },
      { instanceId: "prod-web-i2", status: "Pending" },
      { instanceId: "prod-web-i3", status: "Pending" },
    ];
    run.aws.onPoll = (poll) => poll === 2 && run.interrupt();
    await release(run);
    assert.ok(run.workspace.calls.includes("cancelCommand command-2 prod-web-i2,prod-web-i3"));
    assert.match(
      run.failures[0],
      /^prod: web cancelled \(Ctrl-C\)\.\nCommand command-2, instance by instance \(2 not started, now cancelled\):\n {2}Success \(1\): prod-web-i1\n {2}Pending \(2\): prod-web-i2 prod-web-i3\n/,
    );
  });

  it("sends nothing on a first release: the groups start from nothing and boot it from the pointer", async () => {
    const run = prodOn(undefined);
    await release(run);
    assert.deepEqual(run.failures, []);
    assert.deepEqual(sent(run), []);
    assert.ok(run.printed.includes("prod has no instance running an earlier release: its groups boot 1.5.0."));
  });

  it("skips a group with no instance in service", async () => {
    const run = prodOn("1.4.2");
    run.aws.instances.set("prod-web", []);
    await release(run);
    assert.deepEqual(run.failures, []);
    assert.ok(run.printed.includes("prod-web: no instance in service; instances that launch boot 1.5.0 from the pointer."));
    assert.equal(sent(run).length, 2, "the worker's canary and batch only");
  });

  it("refuses a stack that predates in-place releases, before changing anything", async () => {
    const run = fakeRun();
    run.workspace.stackOutputs.set("prod", { region: { value: "eu-west-1", secret: false } });
    run.workspace.config.set("prod", { "platform:release": "1.4.2" });
    await release(run);
    assert.match(
      run.failures[0],
      /^prod does not export where its releases are and how to deploy them \(releaseBucketName, releaseGroups, releaseStopAlarmNames\): update it with npm run deploy first\. Nothing changed\.$/,
    );
    assert.deepEqual(run.workspace.calls, []);
  });
});
