import { Command } from "commander";
import { main, run, type ScriptContext } from "./context";
import { readReleaseState, rollOut } from "./release-rollout";
import { releaseTo } from "./releases";

export function releaseProgram(context: ScriptContext): Command {
  return new Command("release")
    .description("Set a stack's release (platform:release) and update it; the instances are replaced by a rolling instance refresh.")
    .argument("<version>", "release to deploy, as named in the release bucket, e.g. 1.4.2")
    .requiredOption("-e, --env <stack>", "stack to release to, e.g. prod")
    .option("-y, --yes", "apply without asking", false)
    .action((version: string, options: { env: string; yes: boolean }) =>
      run(context, async (workspace) => {
        const from = await readReleaseState(workspace, options.env);
        await rollOut(context, workspace, options.env, from, releaseTo(from, version), options.yes);
      }),
    );
}

if (require.main === module) main(releaseProgram);
