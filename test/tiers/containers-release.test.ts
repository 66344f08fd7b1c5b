import { strict as assert } from "assert";
import { releaseProgram } from "../../scripts/release";
import { deployedWithGroups, fakeRun, runScript } from "../support/fake-workspace";

const BETA = "platform:beta";

describe("scripts: beta releases", () => {
  it("release --beta --weight checks the beta release is in the bucket, sets platform:beta alone, previews and updates", async () => {
    const run = fakeRun();
    const { workspace, context, failures } = run;
    deployedWithGroups(run, "prod");
    workspace.config.set("prod", { "platform:release": "1.5.0" });
    await runScript(releaseProgram(context), ["--beta", "1.6.0", "--weight", "10", "--env", "prod", "--yes"]);
    assert.deepEqual(failures, []);
    // A new beta group boots 1.6.0 from its pointer: nothing to deploy in place.
    assert.deepEqual(workspace.calls, [
      "headObject platform-shared-releases 1.6.0",
      `setConfig prod ${BETA} {"release":"1.6.0","weight":10}`,
      "preview prod",
      "up prod",
    ]);
    assert.equal(workspace.config.get("prod")?.["platform:release"], "1.5.0");
  });

  it("release --weight alone changes the running beta's share and keeps its release and header", async () => {
    const { workspace, context, failures } = fakeRun();
    workspace.config.set("prod", { "platform:release": "1.5.0", [BETA]: '{"release":"1.6.0","weight":10,"header":"X-Canary"}' });
    await runScript(releaseProgram(context), ["--weight", "50", "--env", "prod", "--yes"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(JSON.parse(workspace.config.get("prod")?.[BETA] ?? ""), { release: "1.6.0", weight: 50, header: "X-Canary" });
  });

  it("promote makes beta's release the main one, remembers the one before, sets beta's share to 0 and deploys it to web and worker", async () => {
    const run = fakeRun();
    const { workspace, context, failures } = run;
    deployedWithGroups(run, "prod");
    workspace.config.set("prod", { "platform:release": "1.5.0", "platform:previousRelease": "1.4.2", [BETA]: '{"release":"1.6.0","weight":25}' });
    await runScript(releaseProgram(context), ["promote", "--env", "prod", "--yes"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(workspace.config.get("prod"), {
      "platform:release": "1.6.0",
      "platform:previousRelease": "1.5.0",
      [BETA]: '{"release":"1.6.0","weight":0}',
    });
    const calls = workspace.calls.filter((call) => /^(headObject|up|sendCommand)/.test(call));
    assert.deepEqual(calls, [
      "headObject platform-shared-releases 1.6.0",
      "up prod",
      "sendCommand platform-prod-deploy 1.6.0 prod-web-i1 1 0 platform-prod-front-door-5xx-ratio",
      "sendCommand platform-prod-deploy 1.6.0 tag:prod-web 25% 0 platform-prod-front-door-5xx-ratio",
      "sendCommand platform-prod-deploy 1.6.0 prod-worker-i1 1 0 platform-prod-front-door-5xx-ratio",
      "sendCommand platform-prod-deploy 1.6.0 tag:prod-worker 25% 0 platform-prod-front-door-5xx-ratio",
    ]);
  });

  it("a new release for a running beta goes in place to the beta group only", async () => {
    const run = fakeRun();
    const { workspace, context, failures } = run;
    const beta = { groupName: "prod-web-beta", canaryInstances: 1, batchPercent: 25 };
    deployedWithGroups(run, "prod", { releaseGroups: { web: { ...beta, groupName: "prod-web" }, "web-beta": beta } });
    workspace.config.set("prod", { "platform:release": "1.5.0", [BETA]: '{"release":"1.6.0","weight":10}' });
    await runScript(releaseProgram(context), ["--beta", "1.6.1", "--weight", "10", "--env", "prod", "--yes"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(
      workspace.calls.filter((call) => call.startsWith("sendCommand")),
      [
        "sendCommand platform-prod-deploy 1.6.1 prod-web-beta-i1 1 0 platform-prod-front-door-5xx-ratio",
        "sendCommand platform-prod-deploy 1.6.1 tag:prod-web-beta 25% 0 platform-prod-front-door-5xx-ratio",
      ],
    );
  });

  it("abort removes beta and leaves the main release as it was", async () => {
    const { workspace, context, failures } = fakeRun();
    workspace.config.set("prod", { "platform:release": "1.5.0", "platform:previousRelease": "1.4.2", [BETA]: '{"release":"1.6.0","weight":25}' });
    await runScript(releaseProgram(context), ["abort", "--env", "prod", "--yes"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(workspace.calls, [`removeConfig prod ${BETA}`, "preview prod", "up prod"]);
    assert.deepEqual(workspace.config.get("prod"), { "platform:release": "1.5.0", "platform:previousRelease": "1.4.2" });
  });

  it("puts platform:beta back when the change is not applied", async () => {
    const { workspace, context, failures } = fakeRun();
    workspace.config.set("prod", { "platform:release": "1.5.0", [BETA]: '{"release":"1.6.0","weight":10}' });
    await runScript(releaseProgram(context), ["--weight", "90", "--env", "prod"]);
    assert.match(failures[0], /--yes/);
    assert.ok(!workspace.calls.includes("up prod"));
    assert.equal(workspace.config.get("prod")?.[BETA], '{"release":"1.6.0","weight":10}');
  });

  for (const [args, message] of [
    [["--beta", "1.6.0", "--env", "prod", "--yes"], /--beta needs --weight/],
    [["--beta", "1.6.0", "--weight", "120", "--env", "prod", "--yes"], /beta weight: found "120"; expected a whole percentage from 0 to 100/],
    [["--weight", "10", "--env", "prod", "--yes"], /no beta is running/],
    [["promote", "--env", "prod", "--yes"], /nothing to promote: no beta is running/],
    [["abort", "--env", "prod", "--yes"], /nothing to abort: no beta is running/],
    [["1.6.0", "--beta", "1.7.0", "--weight", "5", "--env", "prod", "--yes"], /either <version> or --beta/],
  ] as const) {
    it(`refuses ${args.slice(0, -3).join(" ")} before touching the stack`, async () => {
      const { workspace, context, failures } = fakeRun();
      workspace.config.set("prod", { "platform:release": "1.5.0" });
      await runScript(releaseProgram(context), [...args]);
      assert.deepEqual(workspace.calls, []);
      assert.match(failures[0] ?? "", message);
    });
  }
});
