import { evaluateStack } from "../evaluate";
import { budgetVerdict, type BudgetVerdict } from "./budget";
import { estimateCost } from "./cost";
import { DEFAULT_ASSUMPTIONS } from "./cost-assumptions";
import { graphOf } from "./graph";
import { budgetOf } from "./report";

/** A stack's estimate, evaluated offline from its stack file, against its configured monthly budget; undefined when it has none. */
export async function budgetCheck(stack: string): Promise<BudgetVerdict | undefined> {
  const evaluation = await evaluateStack(stack);
  const budget = budgetOf(evaluation);
  return budget === undefined ? undefined : budgetVerdict(stack, estimateCost(graphOf(evaluation)).totalUsd, budget, DEFAULT_ASSUMPTIONS.hoursPerMonth);
}
