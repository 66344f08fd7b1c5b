import { Command } from "commander";
import { evaluateStack } from "./evaluate";
import { formatPlan, planReport } from "./plan-report";
import { readConfigFile } from "../config/stack-files";

const program = new Command("plan")
  .description("Evaluate a stack offline, under mocks, and show what it would create. No AWS credentials or Pulumi CLI needed.")
  .requiredOption("-s, --stack <name>", "stack to plan, e.g. prod (its Pulumi.<stack>.yaml is read)")
  .option("--stack-file <name>", "read config from Pulumi.<name>.yaml instead (e.g. dev for dev-alice)")
  .option("--config-file <path>", "lay the config: of this YAML file over the stack file's, e.g. examples/containers.yaml")
  .option("--json", "print the plan as JSON", false)
  .action(async (options: { stack: string; stackFile?: string; configFile?: string; json: boolean }) => {
    try {
      const config = options.configFile ? readConfigFile(options.configFile) : undefined;
      const report = planReport(await evaluateStack(options.stack, { stackFile: options.stackFile, config }));
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
