import { writeFileSync } from "fs";
import { Command } from "commander";
import { evaluateStack } from "./evaluate";
import { evaluateDocumented } from "./insight/documented-stacks";
import { formatInsight, insightReport, strictFailures } from "./insight/report";
import { svg } from "./insight/svg";
import { formatPlan, planReport } from "./plan-report";
import { formatRollout, rolloutReport } from "./rollout-report";
import { readConfigFile } from "../config/stack-files";

interface PlanOptions {
  stack: string;
  stackFile?: string;
  configFile?: string;
  json: boolean;
  diagram?: boolean | string;
  cost: boolean;
  quotas: boolean;
  strict: boolean;
}

const program = new Command("plan")
  .description("Evaluate a stack offline, under mocks, and show what it would create. No AWS credentials or Pulumi CLI needed.")
  .requiredOption("-s, --stack <name>", "stack to plan, e.g. prod (its Pulumi.<stack>.yaml is read)")
  .option("--stack-file <name>", "read config from Pulumi.<name>.yaml instead (e.g. dev for dev-alice)")
  .option("--config-file <path>", "lay the config: of this YAML file over the stack file's, e.g. examples/containers.yaml")
  .option("--diagram [file]", "draw the architecture as Mermaid; with a FILE, write FILE (Mermaid) and FILE.svg")
  .option("--cost", "estimate the monthly cost from the committed price table, and hold it against the stack's budget", false)
  .option("--quotas", "what the documented stacks of one account need of AWS's default quotas", false)
  .option("--strict", "exit non-zero when a default quota would be exceeded or the estimate is over budget", false)
  .option("--json", "print the plan as JSON, with the diagram, cost lines and totals, and the quotas", false)
  .action(async (options: PlanOptions) => {
    try {
      const config = options.configFile ? readConfigFile(options.configFile) : undefined;
      const evaluation = await evaluateStack(options.stack, { stackFile: options.stackFile, config });
      const request = {
        diagram: options.json || options.diagram !== undefined,
        cost: options.json || options.strict || options.cost,
        quotas: options.json || options.strict || options.quotas,
      };
      const wanted = request.diagram || request.cost || request.quotas;
      // The planned stack stands in for its documented namesake only when it is that stack as shipped.
      const documented = request.cost || request.quotas ? await evaluateDocumented(options.stackFile || options.configFile ? [] : [evaluation]) : [];
      const insight = wanted ? insightReport(evaluation, documented, request) : {};
      if (typeof options.diagram === "string" && insight.diagram) {
        writeFileSync(options.diagram, `${insight.diagram.mermaid}\n`);
        writeFileSync(`${options.diagram}.svg`, `${svg(insight.diagram.model)}\n`);
      }
      const plan = planReport(evaluation);
      const rollout = rolloutReport(evaluation);
      console.log(
        options.json ? JSON.stringify({ ...plan, rollout, ...insight }, null, 2) : formatPlan(plan) + formatRollout(rollout) + formatInsight(insight),
      );
      const failures = options.strict ? strictFailures(insight) : [];
      if (failures.length > 0) {
        console.error(`--strict: ${failures.length} problem(s):\n${failures.map((f) => `  - ${f}`).join("\n")}`);
        process.exitCode = 1;
      }
    } catch (error) {
      console.error((error as Error).message);
      process.exitCode = 1;
    }
  });

program.parseAsync().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
