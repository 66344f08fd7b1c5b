import { Command } from "commander";
import { main, run, type ScriptContext } from "./context";
import { readReleaseState, rollOut } from "./release-rollout";
import { releaseTo, rollbackTarget } from "./releases";

export function rollbackProgram(context: ScriptContext): Command {
  return new Command("rollback")
    .description("Put a stack back on its previous release (remembered in platform:previousRelease), or on the one given with --to.")
    .requiredOption("-e, --env <stack>", "stack to roll back, e.g. prod")
    .option("--to <version>", "release to go back to, instead of the previous one")
    .option("-y, --yes", "apply without asking", false)
    .action((options: { env: string; to?: string; yes: boolean }) =>
      run(context, async (workspace) => {
        const from = await readReleaseState(workspace, options.env);
        await rollOut(context, workspace, options.env, from, releaseTo(from, rollbackTarget(from, options.to)), options.yes);
      }),
    );
}

if (require.main === module) main(rollbackProgram);
