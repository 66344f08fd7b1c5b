import { strict as assert } from "assert";
import { formatInsight, insightReport } from "../../offline/insight/report";
import { evaluated } from "../support/harness";
import { documented } from "./stacks";

describe("insight: the plan's report", () => {
  it("carries the diagram, the cost lines and totals, the budget and the quotas, as JSON and as text", async () => {
    const report = insightReport(await evaluated("prod"), await documented(), { diagram: true, cost: true, quotas: true });
    const json = JSON.parse(JSON.stringify(report));
    assert.match(json.diagram.mermaid, /^flowchart TB/);
    assert.ok(json.cost.lines.length > 10 && json.cost.totalUsd > 0 && json.cost.devPercentOfProd > 0);
    assert.equal(json.budget.stack, "prod");
    assert.deepEqual(json.quotas.stacks, ["shared", "dev", "prod", "load-test"]);
    assert.ok(json.quotas.needs.some((n: { quota: string }) => n.quota === "elasticIps"));
    const text = formatInsight(report);
    for (const heading of ["Architecture (Mermaid):", "Monthly estimate of prod", "Assumptions:", "Budget: prod", "Quotas needed by"])
      assert.ok(text.includes(heading), heading);
  });
});
