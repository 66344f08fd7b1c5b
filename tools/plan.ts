import { Command } from "commander";
import { evaluateStack } from "../offline/evaluate";
import { formatPlan, planReport } from "../offline/plan-report";

const program = new Command("plan")
  .description("Evaluate a stack offline, under mocks, and show what it would create. No AWS credentials or Pulumi CLI needed.")
  .requiredOption("-s, --stack <name>", "stack to plan, e.g. prod (its Pulumi.<stack>.yaml is read)")
  .option("--stack-file <name>", "read config from Pulumi.<name>.yaml instead (e.g. dev for dev-alice)")
  .option("--json", "print the plan as JSON", false)
  .action(async (options: { stack: string; stackFile?: string; json: boolean }) => {
    try {
      const report = planReport(await evaluateStack(options.stack, { stackFile: options.stackFile }));
      console.log(options.json ? JSON.stringify(report, null, 2) : formatPlan(report));
    } catch (error) {
      console.error((error as Error).message);
      process.exitCode = 1;
    }
  });

program.parseAsync().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
