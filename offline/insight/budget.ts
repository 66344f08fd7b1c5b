/** A stack's estimate held against its monthly budget (`platform:observability.monthlyBudgetUsd`). */
export interface BudgetVerdict {
  stack: string;
  budgetUsd: number;
  estimateUsd: number;
  over: boolean;
  /** Hours a month the stack can run at its estimated rate within the budget. */
  hoursWithinBudget: number;
}

export function budgetVerdict(stack: string, estimateUsd: number, budgetUsd: number, hoursPerMonth: number): BudgetVerdict {
  const hourly = estimateUsd / hoursPerMonth;
  return { stack, budgetUsd, estimateUsd, over: estimateUsd > budgetUsd, hoursWithinBudget: hourly > 0 ? budgetUsd / hourly : hoursPerMonth };
}

export function formatBudget(verdict: BudgetVerdict): string {
  const money = (usd: number) => `$${usd.toFixed(0)}`;
  if (!verdict.over) return `Budget: ${verdict.stack} estimate ${money(verdict.estimateUsd)} a month is within its budget of ${money(verdict.budgetUsd)}.`;
  return (
    `OVER BUDGET: ${verdict.stack} estimate ${money(verdict.estimateUsd)} a month is over its budget of ${money(verdict.budgetUsd)} ` +
    `(at this rate the budget lasts ${verdict.hoursWithinBudget.toFixed(0)} hours a month).`
  );
}
