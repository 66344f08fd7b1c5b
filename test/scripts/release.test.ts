import { strict as assert } from "assert";
import { releaseProgram } from "../../scripts/release";
import { rollbackProgram } from "../../scripts/rollback";
import { deployedWithGroups, fakeRun, runScript } from "../support/fake-workspace";

describe("scripts: release and rollback", () => {
  it("release sets the version, remembers the one before, previews and updates", async () => {
    const run = fakeRun();
    const { workspace, context, failures } = run;
    deployedWithGroups(run, "prod");
    workspace.config.set("prod", { "platform:release": "1.4.2" });
    await runScript(releaseProgram(context), ["1.5.0", "--env", "prod", "--yes"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(workspace.calls.slice(0, 5), [
      "headObject platform-shared-releases 1.5.0",
      "setConfig prod platform:release 1.5.0",
      "setConfig prod platform:previousRelease 1.4.2",
      "preview prod",
      "up prod",
    ]);
  });

  it("rollback needs no argument: it goes to the previous release and remembers the current one", async () => {
    const run = fakeRun();
    const { workspace, context, failures } = run;
    deployedWithGroups(run, "prod");
    workspace.config.set("prod", { "platform:release": "1.5.0", "platform:previousRelease": "1.4.2" });
    await runScript(rollbackProgram(context), ["--env", "prod", "--yes"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(workspace.config.get("prod"), { "platform:release": "1.4.2", "platform:previousRelease": "1.5.0" });
    assert.deepEqual(
      workspace.calls.filter((call) => ["preview", "up", "sendCommand"].some((verb) => call.startsWith(verb))).slice(0, 3),
      ["preview prod", "up prod", "sendCommand platform-prod-deploy 1.4.2 prod-web-i1 1 0 platform-prod-front-door-5xx-ratio"],
      "the same in-place rollout, to the previous release",
    );
  });

  it("rollback --to goes to the named release", async () => {
    const run = fakeRun();
    const { workspace, context } = run;
    deployedWithGroups(run, "prod");
    workspace.config.set("prod", { "platform:release": "1.5.0", "platform:previousRelease": "1.4.2" });
    await runScript(rollbackProgram(context), ["--env", "prod", "--to", "1.3.0", "--yes"]);
    assert.deepEqual(workspace.config.get("prod"), { "platform:release": "1.3.0", "platform:previousRelease": "1.5.0" });
  });

  it("rollback without a remembered release fails before touching the stack", async () => {
    const { workspace, context, failures } = fakeRun();
    workspace.config.set("prod", { "platform:release": "1.5.0" });
    await runScript(rollbackProgram(context), ["--env", "prod", "--yes"]);
    assert.deepEqual(workspace.calls, []);
    assert.match(failures[0], /no previous release is remembered.*--to/);
  });

  it("puts the config back when the release is not applied", async () => {
    const run = fakeRun();
    const { workspace, context, failures } = run;
    deployedWithGroups(run, "prod");
    workspace.config.set("prod", { "platform:release": "1.4.2", "platform:previousRelease": "1.4.1" });
    await runScript(releaseProgram(context), ["1.5.0", "--env", "prod"]);
    assert.match(failures[0], /--yes/);
    assert.ok(!workspace.calls.includes("up prod"));
    assert.deepEqual(workspace.config.get("prod"), { "platform:release": "1.4.2", "platform:previousRelease": "1.4.1" });
  });

  it("rejects a version that is no release name", async () => {
    const { workspace, context, failures } = fakeRun();
    await runScript(releaseProgram(context), ["../1.5", "--env", "prod", "--yes"]);
    assert.deepEqual(workspace.calls, []);
    assert.match(failures[0], /release version: found "\.\.\/1\.5"/);
  });
});
