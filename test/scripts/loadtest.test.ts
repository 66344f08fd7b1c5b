import { strict as assert } from "assert";
import { loadtestProgram } from "../../scripts/loadtest";
import { fakeRun, runScript } from "../support/fake-workspace";

const shape = {
  architecture: "arm64",
  web: { min: 3, desired: 6, max: 300, instanceTypes: ["m7g.large"] },
  worker: { min: 2, desired: 3, max: 100, instanceTypes: ["c7g.large"] },
  database: { instanceClass: "db.r7g.large", readers: 2, readerAutoScaling: { maxReaders: 6, targetCpuPercent: 60 } },
  cache: { nodeType: "cache.r7g.large", replicas: 2 },
};

function prodDeployed() {
  const run = fakeRun();
  run.workspace.stackOutputs.set("prod", { shape: { value: shape, secret: false }, release: { value: "1.5.0", secret: false } });
  run.workspace.stackOutputs.set("load-test", {
    targetUrl: { value: "https://load-test.example.com", secret: false },
    resultsLocation: { value: "s3://platform-load-test-results/load-tests/default/", secret: false },
  });
  return run;
}

describe("scripts: loadtest", () => {
  it("points the stack at prod (whose shape and release its program reads), runs for the duration, then destroys it", async () => {
    const { workspace, context, failures, slept, printed } = prodDeployed();
    await runScript(loadtestProgram(context), ["run", "--duration", "20m"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(workspace.calls, ["setConfig load-test platform:mirror prod", "up load-test", "destroy load-test"]);
    assert.ok(printed.some((line) => line.includes("web 6 x m7g.large") && line.includes("release 1.5.0")));
    assert.deepEqual(slept, [20 * 60_000]);
  });

  it("keeps the stack with --keep and prints where the results are", async () => {
    const { workspace, context, printed } = prodDeployed();
    await runScript(loadtestProgram(context), ["run", "--keep"]);
    assert.ok(!workspace.calls.includes("destroy load-test"));
    assert.ok(printed.includes("Target: https://load-test.example.com; waiting 30m for the run..."));
    assert.ok(printed.includes("Results: s3://platform-load-test-results/load-tests/default/"));
  });

  it("destroys the stack when the stack is not what a load test reads", async () => {
    const { workspace, context, failures } = prodDeployed();
    workspace.stackOutputs.delete("load-test");
    await runScript(loadtestProgram(context), ["run", "--keep"]);
    assert.equal(workspace.calls.at(-1), "destroy load-test");
    assert.match(failures[0], /load-test exports no valid targetUrl and resultsLocation outputs/);
  });

  it("destroys the stack when the run fails, even with --keep", async () => {
    const { workspace, context, failures } = prodDeployed();
    workspace.failing.set("up load-test", "capacity not available");
    await runScript(loadtestProgram(context), ["run", "--keep"]);
    assert.deepEqual(workspace.calls.slice(-2), ["up load-test", "destroy load-test"]);
    assert.deepEqual(failures, ["Update of load-test failed: capacity not available"]);
  });

  it("refuses to start when the mirrored stack exports no shape", async () => {
    const { workspace, context, failures } = fakeRun();
    await runScript(loadtestProgram(context), ["run"]);
    assert.deepEqual(workspace.calls, []);
    assert.match(failures[0], /prod exports no valid shape and release outputs/);
  });
});
