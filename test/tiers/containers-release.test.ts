import { strict as assert } from "assert";
import { releaseProgram } from "../../scripts/release";
import { fakeRun, runScript } from "../support/fake-workspace";

const BETA = "platform:beta";

describe("scripts: beta releases", () => {
  it("release --beta --weight sets platform:beta alone, previews and updates", async () => {
    const { workspace, context, failures } = fakeRun();
    workspace.config.set("prod", { "platform:release": "1.5.0" });
    await runScript(releaseProgram(context), ["--beta", "1.6.0", "--weight", "10", "--env", "prod", "--yes"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(workspace.calls, [`setConfig prod ${BETA} {"release":"1.6.0","weight":10}`, "preview prod", "up prod"]);
    assert.equal(workspace.config.get("prod")?.["platform:release"], "1.5.0");
  });

  it("release --weight alone changes the running beta's share and keeps its release and header", async () => {
    const { workspace, context, failures } = fakeRun();
    workspace.config.set("prod", { "platform:release": "1.5.0", [BETA]: '{"release":"1.6.0","weight":10,"header":"X-Canary"}' });
    await runScript(releaseProgram(context), ["--weight", "50", "--env", "prod", "--yes"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(JSON.parse(workspace.config.get("prod")?.[BETA] ?? ""), { release: "1.6.0", weight: 50, header: "X-Canary" });
  });

  it("promote makes beta's release the main one, remembers the one before and sets beta's share to 0", async () => {
    const { workspace, context, failures } = fakeRun();
    workspace.config.set("prod", { "platform:release": "1.5.0", "platform:previousRelease": "1.4.2", [BETA]: '{"release":"1.6.0","weight":25}' });
    await runScript(releaseProgram(context), ["promote", "--env", "prod", "--yes"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(workspace.config.get("prod"), {
      "platform:release": "1.6.0",
      "platform:previousRelease": "1.5.0",
      [BETA]: '{"release":"1.6.0","weight":0}',
    });
    assert.deepEqual(workspace.calls.slice(-2), ["preview prod", "up prod"]);
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
