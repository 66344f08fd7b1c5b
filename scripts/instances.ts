import { Command } from "commander";
import { main, run, type ScriptContext } from "./context";
import { parseWaitMinutes } from "./durations";
import { readLiveFormation } from "./fleet/formation";
import { formationLines } from "./fleet/formation-text";
import { DEFAULT_LINES, parseLogRequest, tierLogs } from "./fleet/instance-logs";
import { readFleet, refreshGroup, restartGroup, terminateInstance } from "./fleet/instance-actions";
import { parseBatchPercent } from "./rollout/in-place-plan";

const envOption = ["-e, --env <stack>", "stack whose instances to act on, e.g. prod"] as const;
const tierOption = ["-t, --tier <group>", "web, web-beta or worker"] as const;
const yesOption = ["-y, --yes", "apply without asking", false] as const;

export function instancesProgram(context: ScriptContext): Command {
  const program = new Command("instances").description(
    "Cycle a stack's instances: list them, terminate one, refresh or restart a tier. No SSH: Session Manager.",
  );
  program
    .command("list")
    .description(
      "The live formation: each group's sizes and instances (zone, lifecycle, health, target health, release, age, the logged Session Manager command), the database, the cache, the queues and the alarms in ALARM.",
    )
    .requiredOption(...envOption)
    .option("--json", "print it as JSON, as the console's API gives it", false)
    .action((options: { env: string; json: boolean }) =>
      run(context, async (workspace) => {
        const formation = await readLiveFormation(context, workspace, options.env);
        if (options.json) context.print(JSON.stringify(formation, null, 2));
        else formationLines(formation).forEach((line) => context.print(line));
      }),
    );
  program
    .command("terminate")
    .description("Terminate one instance of the stack's groups; its group keeps its desired capacity and launches a replacement.")
    .argument("<instance-id>", "e.g. i-0123456789abcdef0")
    .requiredOption(...envOption)
    .option(...yesOption)
    .action((instanceId: string, options: { env: string; yes: boolean }) =>
      run(context, async (workspace) => terminateInstance(context, await readFleet(context, workspace, options.env), instanceId, options.yes)),
    );
  program
    .command("refresh")
    .description(
      "Start an instance refresh of a tier's group: every instance replaced by a new one from the same template (a recycle), with Auto Scaling's default preferences.",
    )
    .requiredOption(...envOption)
    .requiredOption(...tierOption)
    .option(...yesOption)
    .action((options: { env: string; tier: string; yes: boolean }) =>
      run(context, async (workspace) => refreshGroup(context, await readFleet(context, workspace, options.env), options.tier, options.yes)),
    );
  program
    .command("restart")
    .description(
      "Restart a tier's instances on their release with the deploy document: canary first, a share at a time, each out of its target group meanwhile.",
    )
    .requiredOption(...envOption)
    .requiredOption(...tierOption)
    .option(...yesOption)
    .option("--batch-percent <percent>", "share of the group restarted at once after the canary, 1-50 (default: the group's own)")
    .option("--wait-minutes <minutes>", "how long to follow the restart", "60")
    .action((options: { env: string; tier: string; yes: boolean; batchPercent?: string; waitMinutes: string }) =>
      run(context, async (workspace) => {
        const waitMinutes = parseWaitMinutes(options.waitMinutes);
        const batchPercent = options.batchPercent === undefined ? undefined : parseBatchPercent(options.batchPercent);
        await restartGroup(context, await readFleet(context, workspace, options.env), options.tier, { yes: options.yes, waitMinutes, batchPercent });
      }),
    );
  program
    .command("logs")
    .description("Print the last lines of a named log of a tier's instances with the logs document (Run Command, read only): app, unit, release or boot.")
    .requiredOption(...envOption)
    .requiredOption(...tierOption)
    .option("--log <name>", "app (the application's files), unit (its systemd unit), release (installs and deploys) or boot (user data)", "app")
    .option("--lines <n>", "last lines of each instance's log, 1-200", DEFAULT_LINES)
    .option("--instance <id>", "one instance of the tier (default: its instances in service, at most 50)")
    .action((options: { env: string; tier: string; log: string; lines: string; instance?: string }) =>
      run(context, async (workspace) => {
        parseLogRequest(options);
        await tierLogs(context, await readFleet(context, workspace, options.env), options.tier, { ...options, instanceId: options.instance });
      }),
    );
  return program;
}

if (require.main === module) main(instancesProgram);
