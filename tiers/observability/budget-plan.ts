/** A notification of an AWS Budget, as the Budgets API takes it. */
export interface BudgetNotificationPlan {
  notificationType: "ACTUAL" | "FORECASTED";
  comparisonOperator: "GREATER_THAN";
  threshold: number;
  thresholdType: "PERCENTAGE";
}

const percent = (notificationType: BudgetNotificationPlan["notificationType"], threshold: number): BudgetNotificationPlan => ({
  notificationType,
  comparisonOperator: "GREATER_THAN",
  threshold,
  thresholdType: "PERCENTAGE",
});

/** The monthly budget: half, most and all of it spent, and a forecast that the month will overrun. */
export const MONTHLY_NOTIFICATIONS: BudgetNotificationPlan[] = [
  percent("ACTUAL", 50),
  percent("ACTUAL", 80),
  percent("ACTUAL", 100),
  percent("FORECASTED", 100),
];

/**
 * Weekly checkpoints (the seeds' billing alert per expected week of spend): Budgets has no weekly
 * period (time units are DAILY, MONTHLY, QUARTERLY, ANNUALLY), so these are the monthly limit's quarters;
 * one that fires before the end of its week means spend runs ahead. The fourth week is the monthly 100%.
 */
export const WEEKLY_CHECKPOINTS: BudgetNotificationPlan[] = [1, 2, 3].map((week) => percent("ACTUAL", week * 25));

/** At most 10 notifications per budget (Budgets API, Notification). */
export const MAX_NOTIFICATIONS_PER_BUDGET = 10;

/** The cost filter of one environment: resources whose `environment` cost allocation tag is its name. */
export function environmentCostFilter(environment: string): { name: "TagKeyValue"; values: string[] } {
  // User-defined cost allocation tags are filtered as `user:<key>$<value>` (provider docs, aws.budgets.Budget).
  return { name: "TagKeyValue", values: [`user:environment$${environment}`] };
}
