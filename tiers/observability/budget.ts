import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { environmentCostFilter, MONTHLY_NOTIFICATIONS, WEEKLY_CHECKPOINTS, type BudgetNotificationPlan } from "./budget-plan";

export interface EnvironmentBudgetArgs {
  /** Prefix of the budgets' names: `<project>-<stack>`. */
  namePrefix: string;
  /** Value of the `environment` cost allocation tag this budget follows. */
  environment: string;
  /** Monthly cost limit in USD of both budgets: the monthly one (50/80/100% actual, 100% forecast) and the weekly checkpoints (25/50/75% actual). */
  monthlyLimitUsd: number;
  /** The alert topic the budgets notify. */
  topicArn: pulumi.Input<string>;
}

/**
 * A monthly cost budget of one environment, and a second one with the same limit whose only job is the
 * weekly checkpoints, so each notification says by its budget's name which kind it is.
 */
export class EnvironmentBudget extends pulumi.ComponentResource {
  readonly budgetNames: pulumi.Output<string>[];

  constructor(name: string, args: EnvironmentBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:EnvironmentBudget", name, {}, opts);
    const budget = (part: string, notifications: BudgetNotificationPlan[]) =>
      new aws.budgets.Budget(
        `${name}-${part}`,
        {
          name: `${args.namePrefix}-${part}`,
          budgetType: "COST",
          timeUnit: "MONTHLY",
          limitAmount: args.monthlyLimitUsd.toFixed(2),
          limitUnit: "USD",
          costFilters: [environmentCostFilter(args.environment)],
          notifications: notifications.map((n) => ({ ...n, subscriberSnsTopicArns: [args.topicArn] })),
        },
        { parent: this },
      );
    this.budgetNames = [budget("monthly", MONTHLY_NOTIFICATIONS), budget("weekly-checkpoints", WEEKLY_CHECKPOINTS)].map((b) => b.name);
    this.registerOutputs({ budgetNames: this.budgetNames });
  }
}
