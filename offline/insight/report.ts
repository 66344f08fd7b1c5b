import type { Evaluation } from "../evaluate";
import { budgetVerdict, formatBudget, type BudgetVerdict } from "./budget";
import { estimateCost, type CostEstimate } from "./cost";
import { DEFAULT_ASSUMPTIONS } from "./cost-assumptions";
import { diagramModel, type DiagramModel } from "./diagram-model";
import { graphOf } from "./graph";
import { mermaid } from "./mermaid";
import { quotaNeeds, type QuotaNeed } from "./quotas";

export interface InsightRequest {
  diagram: boolean;
  cost: boolean;
  quotas: boolean;
}

export interface InsightReport {
  diagram?: { mermaid: string; model: DiagramModel };
  cost?: CostEstimate & { devPercentOfProd?: number };
  budget?: BudgetVerdict;
  /** Needs of the documented stacks of one account (and the planned one), per region. */
  quotas?: { stacks: string[]; needs: QuotaNeed[] };
}

/** Dev's estimate as a percentage of prod's, both from the documented stacks. */
export function devPercentOfProd(documented: Evaluation[]): number | undefined {
  const total = (stack: string) => {
    const evaluation = documented.find((e) => e.stack === stack);
    return evaluation ? estimateCost(graphOf(evaluation)).totalUsd : undefined;
  };
  const [dev, prod] = [total("dev"), total("prod")];
  return dev !== undefined && prod ? (100 * dev) / prod : undefined;
}

export function budgetOf(evaluation: Evaluation): number | undefined {
  return "observability" in evaluation.config ? evaluation.config.observability.monthlyBudgetUsd : undefined;
}

/** The picture, the estimate (with the budget verdict) and the quotas of a planned stack. */
export function insightReport(target: Evaluation, documented: Evaluation[], request: InsightRequest): InsightReport {
  const graph = graphOf(target);
  const report: InsightReport = {};
  if (request.diagram) {
    const model = diagramModel(graph);
    report.diagram = { mermaid: mermaid(model), model };
  }
  if (request.cost) {
    report.cost = { ...estimateCost(graph), devPercentOfProd: devPercentOfProd(documented) };
    const budget = budgetOf(target);
    if (budget !== undefined) report.budget = budgetVerdict(target.stack, report.cost.totalUsd, budget, DEFAULT_ASSUMPTIONS.hoursPerMonth);
  }
  if (request.quotas) {
    const stacks = documented.some((e) => e.stack === target.stack) ? documented : [...documented, target];
    report.quotas = { stacks: stacks.map((e) => e.stack), needs: quotaNeeds(stacks.map(graphOf)) };
  }
  return report;
}

/** Whether `--strict` fails: a quota default exceeded or the estimate over budget. */
export function strictFailures(report: InsightReport): string[] {
  const quotas = (report.quotas?.needs ?? []).filter((n) => n.exceeded).map((n) => `${n.name} in ${n.scope}: needs ${n.need}, default ${n.defaultValue}`);
  return [...quotas, ...(report.budget?.over ? [formatBudget(report.budget)] : [])];
}

const usd = (value: number) => `$${value.toFixed(2)}`;

export function formatInsight(report: InsightReport): string {
  const out: string[] = [];
  if (report.diagram) out.push("", "Architecture (Mermaid):", report.diagram.mermaid);
  if (report.cost) {
    const c = report.cost;
    out.push("", `Monthly estimate of ${c.stack} (${c.region}), on-demand list prices from offline/insight/price-table.json:`);
    for (const l of c.lines)
      out.push(
        `  ${l.component.padEnd(18)} ${l.item.padEnd(66)} ${l.quantity.toFixed(1).padStart(10)} x ${l.unitUsd.toFixed(4)} = ${usd(l.monthlyUsd).padStart(10)}${l.assumed ? "  (assumed price)" : ""}${l.unpriced ? "  (NO PRICE)" : ""}`,
      );
    out.push("  By component:");
    for (const b of c.byComponent) out.push(`    ${b.component.padEnd(20)} ${usd(b.monthlyUsd).padStart(10)}`);
    out.push(`  Total: ${usd(c.totalUsd)} a month`);
    if (c.devPercentOfProd !== undefined) out.push(`  Dev is ${c.devPercentOfProd.toFixed(1)}% of prod (shipped stack files).`);
    out.push("  Assumptions:", ...c.assumptions.map((a) => `    ${a.name} = ${a.value}: ${a.meaning}`));
    out.push(`  Not priced: ${c.notPriced.join("; ")}.`);
    if (c.unpriced.length > 0) out.push(`  No price in the table (counted as $0): ${c.unpriced.join(", ")}`);
  }
  if (report.budget) out.push("", formatBudget(report.budget));
  if (report.quotas) {
    out.push("", `Quotas needed by ${report.quotas.stacks.join(", ")} in one account, against AWS's defaults:`);
    for (const n of report.quotas.needs) {
      const limit = n.defaultValue === undefined ? "account-specific" : `default ${n.defaultValue}`;
      const mark = n.exceeded ? "EXCEEDED " : "";
      const shares = Object.entries(n.stacks)
        .map(([s, v]) => `${s} ${v}`)
        .join(", ");
      out.push(`  ${mark}${n.scope.padEnd(22)} ${`${n.name}${n.at ? ` at ${n.at}` : ""}`.padEnd(84)} ${String(n.need).padStart(5)}  ${limit}  (${shares})`);
    }
    out.push("  Sources: " + [...new Set(report.quotas.needs.map((n) => n.source))].join(" "));
  }
  return out.join("\n");
}
