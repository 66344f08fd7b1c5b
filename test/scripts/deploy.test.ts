import { strict as assert } from "assert";
import { budgetVerdict } from "../../offline/insight/budget";
import { deployProgram } from "../../scripts/deploy";
import { fakeRun, runScript } from "../support/fake-workspace";

describe("scripts: deploy", () => {
  it("previews shared then prod, then updates them in the same order", async () => {
    const { workspace, context, failures, printed } = fakeRun();
    await runScript(deployProgram(context), ["--env", "prod", "--yes"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(workspace.calls, ["preview shared", "preview prod", "up shared", "up prod"]);
    assert.ok(printed.includes("Order: shared -> prod"));
    assert.ok(printed.includes("[prod] Updating (prod)"), "streams the engine's output, prefixed by stack");
  });

  it("refuses to apply without --yes when nobody can confirm", async () => {
    const { workspace, context, failures } = fakeRun();
    await runScript(deployProgram(context), ["--env", "prod"]);
    assert.deepEqual(workspace.calls, ["preview shared", "preview prod"]);
    assert.equal(failures.length, 1);
    assert.match(failures[0], /--yes/);
  });

  it("asks when interactive, and applies nothing on a no", async () => {
    const { workspace, context, failures, printed } = fakeRun({ answer: false });
    await runScript(deployProgram(context), ["--env", "dev"]);
    assert.ok(printed.some((line) => line.startsWith("? Apply these changes to shared, dev")));
    assert.deepEqual(workspace.calls, ["preview shared", "preview dev"]);
    assert.match(failures[0], /cancelled/);
  });

  it("stops at --preview-only", async () => {
    const { workspace, context, failures } = fakeRun();
    await runScript(deployProgram(context), ["--env", "prod", "--preview-only"]);
    assert.deepEqual(failures, []);
    assert.deepEqual(workspace.calls, ["preview shared", "preview prod"]);
  });

  it("flags loudly a replacement of the database, and counts its steps once", async () => {
    const { workspace, context, printed } = fakeRun();
    const urn = "urn:pulumi:prod::platform::platform:data:Data$aws:rds/instance:Instance::prod-db";
    const type = "aws:rds/instance:Instance";
    workspace.previews.set("prod", [
      { op: "create-replacement", type, urn },
      { op: "replace", type, urn },
      { op: "delete-replaced", type, urn },
    ]);
    await runScript(deployProgram(context), ["--env", "prod", "--preview-only"]);
    assert.ok(printed.includes("prod: 0 to create, 0 to update, 1 to replace, 0 to delete"));
    assert.ok(printed.some((line) => line.includes('WARNING: REPLACE of stateful aws:rds/instance:Instance "prod-db"')));
    assert.ok(printed.some((line) => line.startsWith("!!! 1 stateful resource(s)")));
  });

  it("stops on the first failure, naming the stack and the error", async () => {
    const { workspace, context, failures } = fakeRun();
    workspace.failing.set("up shared", "AccessDenied: not allowed");
    await runScript(deployProgram(context), ["--env", "prod", "--yes"]);
    assert.deepEqual(workspace.calls, ["preview shared", "preview prod", "up shared"]);
    assert.deepEqual(failures, ["Update of shared failed: AccessDenied: not allowed"]);
  });

  it("applies nothing when the previews show no change", async () => {
    const { workspace, context, printed } = fakeRun();
    workspace.previews.set("shared", []);
    workspace.previews.set("prod", [{ op: "same", type: "aws:ec2/vpc:Vpc", urn: "urn:pulumi:prod::platform::vpc" }]);
    await runScript(deployProgram(context), ["--env", "prod"]);
    assert.deepEqual(workspace.calls, ["preview shared", "preview prod"]);
    assert.ok(printed.includes("No changes: nothing to apply."));
  });

  it("does nothing at all when the preflight finds a problem", async () => {
    const { workspace, context, failures } = fakeRun({ problems: ["No AWS credentials: ..."] });
    await runScript(deployProgram(context), ["--env", "prod", "--yes"]);
    assert.deepEqual(workspace.calls, []);
    assert.deepEqual(failures, ["No AWS credentials: ..."]);
  });

  it("names the stack file when the target has none", async () => {
    const { workspace, context, failures } = fakeRun();
    await runScript(deployProgram(context), ["--env", "staging", "--yes"]);
    assert.deepEqual(workspace.calls, []);
    assert.match(failures[0], /No stack file Pulumi\.staging\.yaml/);
  });

  it("stops before applying when a stack's estimate is over its budget, unless told --over-budget", async () => {
    const budgets = { prod: budgetVerdict("prod", 12000, 10000, 730) };
    const stopped = fakeRun({ budgets: { prod: budgets.prod } });
    await runScript(deployProgram(stopped.context), ["--env", "prod", "--yes"]);
    assert.deepEqual(stopped.workspace.calls, ["preview shared", "preview prod"]);
    assert.ok(stopped.printed.some((line) => line.startsWith("OVER BUDGET: prod estimate $12000 a month is over its budget of $10000")));
    assert.deepEqual(stopped.failures, ["Not applied: prod would cost more than the budget; run again with --over-budget to apply anyway."]);

    const allowed = fakeRun({ budgets: { prod: budgets.prod } });
    await runScript(deployProgram(allowed.context), ["--env", "prod", "--yes", "--over-budget"]);
    assert.deepEqual(allowed.failures, []);
    assert.deepEqual(allowed.workspace.calls, ["preview shared", "preview prod", "up shared", "up prod"]);
  });

  it("applies a stack within its budget, saying so", async () => {
    const { workspace, context, printed } = fakeRun({ budgets: { prod: budgetVerdict("prod", 2700, 10000, 730) } });
    await runScript(deployProgram(context), ["--env", "prod", "--yes"]);
    assert.deepEqual(workspace.calls, ["preview shared", "preview prod", "up shared", "up prod"]);
    assert.ok(printed.includes("Budget: prod estimate $2700 a month is within its budget of $10000."));
  });
});
