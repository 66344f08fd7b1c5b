import { Command } from "commander";
import { formatBudget } from "../offline/insight/budget";
import { hasChanges, type ChangeSummary } from "./pulumi/change-summary";
import { ScriptError, confirmApply, main, run, type ScriptContext } from "./context";
import { stackReferences } from "./pulumi/stack-references";
import { deployOrder } from "./pulumi/stack-order";
import { previewStack, upStack } from "./pulumi/update";

interface DeployOptions {
  env: string;
  yes: boolean;
  previewOnly: boolean;
  overBudget: boolean;
}

/** Holds each stack's offline estimate against its budget; an overrun stops the deploy unless it was allowed. */
async function budgetGate(context: ScriptContext, order: string[], allowed: boolean): Promise<void> {
  const over: string[] = [];
  for (const stack of order) {
    const verdict = await context.budget(stack);
    if (!verdict) continue;
    context.print(formatBudget(verdict));
    if (verdict.over) over.push(stack);
  }
  if (over.length > 0 && !allowed)
    throw new ScriptError(`Not applied: ${over.join(", ")} would cost more than the budget; run again with --over-budget to apply anyway.`);
}

export function deployProgram(context: ScriptContext): Command {
  return new Command("deploy")
    .description("Preview a stack and the stacks it reads, in reference order, then update them all after one confirmation.")
    .requiredOption("-e, --env <stack>", "stack to deploy, e.g. prod; the stacks it reads (shared) go first")
    .option("-y, --yes", "apply without asking", false)
    .option("--preview-only", "stop after the previews", false)
    .option("--over-budget", "apply even when a stack's estimate is over its monthly budget", false)
    .action((options: DeployOptions) =>
      run(context, async (workspace) => {
        const organization = await workspace.organization();
        const external = new Set<string>();
        const order = deployOrder(options.env, (stack) => {
          const references = stackReferences(stack, organization, context.projectDir);
          references.external.forEach((name) => external.add(name));
          return references.inProject;
        });
        for (const name of external) context.print(`Note: reads ${name} of another project, which must already be deployed.`);
        context.print(`Order: ${order.join(" -> ")}`);

        const summaries: ChangeSummary[] = [];
        for (const stack of order) summaries.push(await previewStack(context, workspace, stack));
        const dangerous = summaries.reduce((count, summary) => count + summary.dangerous.length, 0);
        if (dangerous > 0) context.print(`!!! ${dangerous} stateful resource(s) would be replaced or deleted: read the warnings above !!!`);
        if (options.previewOnly) return;
        if (!summaries.some(hasChanges)) {
          context.print("No changes: nothing to apply.");
          return;
        }
        await budgetGate(context, order, options.overBudget);

        await confirmApply(context, `these changes to ${order.join(", ")}`, options.yes);
        // Later stacks read earlier stacks' outputs, so each goes up only after the one before it succeeded.
        for (const stack of order) await upStack(context, workspace, stack);
        context.print(`Deployed ${order.join(" -> ")}.`);
      }),
    );
}

if (require.main === module) main(deployProgram);
