import { Command } from "commander";
import { main, run, type ScriptContext } from "./context";
import { parseWaitMinutes } from "./durations";
import { readReleaseState, rollOut } from "./rollout/release-rollout";
import { parseBatchPercent } from "./rollout/in-place-plan";
import { releaseTo, rollbackTarget } from "./rollout/releases";

export function rollbackProgram(context: ScriptContext): Command {
  return new Command("rollback")
    .description(
      "Put a stack back on its previous release (remembered in platform:previousRelease), or on the one given with --to: " +
        "the same in-place rollout as a release, canary first.",
    )
    .requiredOption("-e, --env <stack>", "stack to roll back, e.g. prod")
    .option("--to <version>", "release to go back to, instead of the previous one")
    .option("-y, --yes", "apply without asking", false)
    .option("--wait-minutes <minutes>", "how long to follow the rollout over the instances", "60")
    .option("--batch-percent <percent>", "share of each group that takes the release at once after the canary, 1-50 (default: the group's own)")
    .action((options: { env: string; to?: string; yes: boolean; waitMinutes: string; batchPercent?: string }) =>
      run(context, async (workspace) => {
        const waitMinutes = parseWaitMinutes(options.waitMinutes);
        const batchPercent = options.batchPercent === undefined ? undefined : parseBatchPercent(options.batchPercent);
        const from = await readReleaseState(workspace, options.env);
        await rollOut(context, workspace, options.env, from, releaseTo(from, rollbackTarget(from, options.to)), {
          yes: options.yes,
          waitMinutes,
          batchPercent,
          ifRolloutStops: `Go to another release with: npm run rollback -- --env ${options.env} --to <version>`,
        });
      }),
    );
}

if (require.main === module) main(rollbackProgram);
