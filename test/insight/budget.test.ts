import { strict as assert } from "assert";
import { budgetVerdict, formatBudget } from "../../offline/insight/budget";
import { insightReport, strictFailures } from "../../offline/insight/report";
import { evaluated } from "../support/harness";
import { documented, evaluatedOver } from "./stacks";

const costOnly = { diagram: false, cost: true, quotas: false };

describe("insight: budget gate", () => {
  it("fires on a config whose budget is below the estimate, and --strict fails", async () => {
    const dev = await evaluatedOver("dev", { "platform:observability": { monthlyBudgetUsd: 50 } });
    const report = insightReport(dev, await documented(), costOnly);
    assert.equal(report.budget?.budgetUsd, 50);
    assert.ok(report.budget?.over);
    assert.match(formatBudget(report.budget), /^OVER BUDGET: dev estimate \$\d+ a month is over its budget of \$50/);
    assert.equal(strictFailures(report).length, 1);
  });

  it("passes dev and prod as shipped: their estimates are within their budgets", async () => {
    for (const stack of ["dev", "prod"]) {
      const report = insightReport(await evaluated(stack), await documented(), costOnly);
      assert.equal(report.budget?.over, false, `${stack}: ${report.budget && formatBudget(report.budget)}`);
    }
  });

  it("says how many hours a month the budget lasts at the estimated rate", () => {
    assert.deepEqual(budgetVerdict("load-test", 7300, 3000, 730), {
      stack: "load-test",
      budgetUsd: 3000,
      estimateUsd: 7300,
      over: true,
      hoursWithinBudget: 300,
    });
  });
});
