import { strict as assert } from "assert";
import { envProgram } from "../../scripts/env";
import { fakeRun, runScript } from "../support/fake-workspace";

describe("scripts: env", () => {
  it("create makes dev-<name> from the dev stack file as role dev, with its TTL in config and tags, then brings it up", async () => {
    const { workspace, context, failures } = fakeRun();
    await runScript(envProgram(context), ["create", "alice", "--ttl", "2d"]);
    assert.deepEqual(failures, []);
    assert.equal(workspace.calls[0], "createStack dev-alice");
    assert.ok(workspace.calls.includes("setTag dev-alice ttl 2d"));
    assert.ok(workspace.calls.includes("setTag dev-alice created 2026-01-10T12:00:00.000Z"));
    const config = workspace.config.get("dev-alice") ?? {};
    assert.equal(config["platform:role"], "dev");
    assert.equal(config["platform:ttl"], "2d");
    assert.equal(config["platform:network"], JSON.stringify({ cidr: "10.10.0.0/16" }));
    assert.equal(workspace.calls.at(-1), "up dev-alice");
  });

  it("create refuses a bad TTL or a name too long for AWS names before creating anything", async () => {
    for (const args of [
      ["create", "alice", "--ttl", "3w"],
      ["create", "a-name-much-too-long-for-it"],
    ]) {
      const { workspace, context, failures } = fakeRun();
      await runScript(envProgram(context), args);
      assert.deepEqual(workspace.calls, [], args.join(" "));
      assert.equal(failures.length, 1);
    }
  });

  it("destroy destroys the stack's resources, then removes the stack", async () => {
    const { workspace, context } = fakeRun();
    await runScript(envProgram(context), ["destroy", "alice", "--yes"]);
    assert.deepEqual(workspace.calls, ["destroy dev-alice", "removeStack dev-alice"]);
  });

  it("list shows age and TTL of dev-<name> stacks and flags the expired ones", async () => {
    const { workspace, context, printed } = fakeRun({ now: new Date("2026-01-10T12:00:00Z") });
    workspace.stacks.push({ name: "prod" }, { name: "dev-alice" }, { name: "dev-bob" });
    workspace.tags.set("dev-alice", { ttl: "3d", created: "2026-01-09T10:00:00Z" });
    workspace.tags.set("dev-bob", { ttl: "24h", created: "2026-01-08T11:30:00Z" });
    await runScript(envProgram(context), ["list"]);
    assert.equal(printed.length, 2);
    assert.match(printed[0], /^dev-alice +age 1d 2h +ttl 3d *$/);
    assert.match(printed[1], /^dev-bob +age 2d 0h +ttl 24h +EXPIRED/);
  });
});
