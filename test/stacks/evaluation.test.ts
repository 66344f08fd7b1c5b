import { strict as assert } from "assert";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT_DIR } from "../../config/stack-files";
import { evaluateStack, type Evaluation } from "../../offline/evaluate";
import { suspendStackTraces } from "../../offline/stack-traces";
import { evaluated, TEST_RELEASE } from "../support/harness";

// What the evaluator relies on when it reloads only index.ts between evaluations (offline/evaluate.ts).
const PROGRAM_DIRS = ["tiers", "lib", "config", "contracts", "stacks"];

function programFiles(dir: string): string[] {
  return readdirSync(path.join(PROJECT_DIR, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? programFiles(path.join(dir, entry.name)) : entry.name.endsWith(".ts") ? [path.join(dir, entry.name)] : [],
  );
}

const declared = (e: Evaluation) => e.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));

describe("offline evaluation", () => {
  it("evaluates a stack the same after another evaluation with other config: nothing carries over", async () => {
    const first = await evaluated("prod");
    const other = await evaluateStack("prod", { release: "2.0.0", config: { "platform:observability": { monthlyBudgetUsd: 123 } } });
    assert.notDeepEqual(declared(other), declared(first), "the override changes what is declared");
    const again = await evaluateStack("prod", { release: TEST_RELEASE });
    assert.deepEqual(declared(again), declared(first));
    assert.deepEqual(again.outputs, first.outputs);
  });

  it("captures no stack trace per resource while it evaluates, and leaves the process's traces as it found them", async () => {
    const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };
    const before = { limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace, callsites: resource.callsites };
    assert.ok(before.callsites().length > 0, "Pulumi's own callsites see this test");
    const restore = suspendStackTraces();
    const overlapping = suspendStackTraces();
    assert.deepEqual(resource.callsites(), []);
    restore();
    restore();
    assert.deepEqual(resource.callsites(), [], "still suspended while another suspension is open");
    overlapping();
    assert.deepEqual({ limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace, callsites: resource.callsites }, before);
    await evaluateStack("shared", {});
    assert.deepEqual({ limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace, callsites: resource.callsites }, before);
  });

  it("loads program modules that hold no state and declare nothing at load, so only index.ts is loaded again", () => {
    const files = PROGRAM_DIRS.flatMap(programFiles);
    assert.ok(files.length > 50, `${files.length} program files`);
    const atLoad = /^(export )?(let|var) |^(export )?const \w+ = new (Map|Set|WeakMap)\b|^(export )?const \w+ = (aws|awsx|pulumi)\.|^new /m;
    const offenders = files.filter((file) => atLoad.test(readFileSync(path.join(PROJECT_DIR, file), "utf8")));
    assert.deepEqual(offenders, []);
  });
});
