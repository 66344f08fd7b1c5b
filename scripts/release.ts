import { Command } from "commander";
import { main, run, ScriptError, type ScriptContext } from "./context";
import { aborted, betaTo, checkWeight, promoted } from "./rollout/beta-releases";
import { changeReleaseConfig, readReleaseConfig } from "./rollout/beta-rollout";
import { parseWaitMinutes } from "./durations";
import { readReleaseState, rollOut } from "./rollout/release-rollout";
import { parseBatchPercent } from "./rollout/in-place-plan";
import { releaseTo } from "./rollout/releases";

interface ReleaseOptions {
  beta?: string;
  weight?: string;
  env: string;
  yes: boolean;
  migrate: boolean;
  waitMinutes: string;
  batchPercent?: string;
}

const envOption = ["-e, --env <stack>", "stack to release to, e.g. prod"] as const;
const yesOption = ["-y, --yes", "apply without asking", false] as const;

/** A beta command (promote, abort) that moves the stack's release config from what it is to `next(it)`. */
function betaCommand(context: ScriptContext, name: string, description: string, next: typeof promoted) {
  return new Command(name)
    .description(description)
    .requiredOption(...envOption)
    .option(...yesOption)
    .action((options: { env: string; yes: boolean }) =>
      run(context, async (workspace) => {
        const from = await readReleaseConfig(workspace, options.env);
        await changeReleaseConfig(context, workspace, options.env, from, next(from), name, options.yes);
      }),
    );
}

export function releaseProgram(context: ScriptContext): Command {
  return (
    new Command("release")
      .description(
        "Check that a release is in the release bucket, set it as the stack's release (platform:release) and update the stack, " +
          "which moves the groups' release pointers; then deploy it in place over Run Command, a canary first and a share of " +
          "each group at a time, stopping at the first failed instance or stop alarm (Ctrl-C stops it too). " +
          "With --beta, a second web target runs another release for a share of the traffic (platform:beta).",
      )
      // Options after `promote` or `abort` belong to that command.
      .enablePositionalOptions()
      .argument("[version]", "release to deploy, as named in the release bucket, e.g. 1.4.2")
      .option("--beta <version>", "run this release as beta beside the main one (needs --weight)")
      .option("--weight <percent>", "share of web traffic beta takes, 0-100 (alone: change the running beta's share)")
      .option(...envOption)
      .option(...yesOption)
      .option("--migrate", "run the release's database migration task (jobs cluster, Fargate) before the update; a failed migration stops the release", false)
      .option("--wait-minutes <minutes>", "how long to wait for the migration, then for the rollout over the instances", "60")
      .option("--batch-percent <percent>", "share of each group that takes the release at once after the canary, 1-50 (default: the group's own)")
      .action((version: string | undefined, options: ReleaseOptions) =>
        run(context, async (workspace) => {
          if (!options.env) throw new ScriptError("required option '-e, --env <stack>' not specified");
          if (version !== undefined) {
            if (options.beta !== undefined || options.weight !== undefined) throw new ScriptError("give either <version> or --beta/--weight, not both");
            const waitMinutes = parseWaitMinutes(options.waitMinutes);
            const batchPercent = options.batchPercent === undefined ? undefined : parseBatchPercent(options.batchPercent);
            const from = await readReleaseState(workspace, options.env);
            await rollOut(context, workspace, options.env, from, releaseTo(from, version), {
              yes: options.yes,
              migrate: options.migrate,
              waitMinutes,
              batchPercent,
            });
            return;
          }
          if (options.migrate) throw new ScriptError("--migrate goes with a <version>: a beta release runs no migration");
          if (options.beta === undefined && options.weight === undefined) throw new ScriptError("give a <version>, or --beta <version> --weight <n>");
          const from = await readReleaseConfig(workspace, options.env);
          const to = betaTo(from, options.beta, options.weight === undefined ? undefined : checkWeight(options.weight));
          await changeReleaseConfig(context, workspace, options.env, from, to, `beta ${to.beta?.release} at ${to.beta?.weight}%`, options.yes);
        }),
      )
      .addCommand(betaCommand(context, "promote", "Make beta's release the main release (the one before it remembered) and set beta's share to 0.", promoted))
      .addCommand(betaCommand(context, "abort", "Send beta's share back to the main release and remove the beta target.", aborted))
  );
}

if (require.main === module) main(releaseProgram);
