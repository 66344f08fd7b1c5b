import { Command } from "commander";
import { environmentOutputs } from "../contracts/outputs";
import { main, run, ScriptError, type ScriptContext } from "./context";
import { parseRunDuration } from "./durations";
import { RELEASE_KEY } from "./releases";
import { destroyStack, upStack } from "./rollout";
import type { PlatformWorkspace } from "./workspace";

interface LoadTestOptions {
  stack: string;
  mirror: string;
  duration: string;
  keep: boolean;
}

/** Non-secret outputs as plain values, to be read through the contracts. */
async function readOutputs(workspace: PlatformWorkspace, stack: string): Promise<Record<string, unknown>> {
  const outputs = await workspace.outputs(stack);
  return Object.fromEntries(Object.entries(outputs).flatMap(([name, { value, secret }]) => (secret ? [] : [[name, value]])));
}

/** The load-test stack takes the mirrored stack's tier sizes (its `shape` output) and its release. */
async function mirror(context: ScriptContext, workspace: PlatformWorkspace, options: LoadTestOptions): Promise<void> {
  const mirrored = environmentOutputs.pick({ shape: true }).safeParse(await readOutputs(workspace, options.mirror));
  if (!mirrored.success) throw new ScriptError(`${options.mirror} exports no valid shape output to mirror: deploy it first.`);
  const { web, worker } = mirrored.data.shape;
  await workspace.setConfig(options.stack, "platform:web", JSON.stringify(web));
  await workspace.setConfig(options.stack, "platform:worker", JSON.stringify(worker));
  const release = await workspace.getConfig(options.mirror, RELEASE_KEY);
  if (release !== undefined) await workspace.setConfig(options.stack, RELEASE_KEY, release);
  context.print(`${options.stack} mirrors ${options.mirror}: web ${JSON.stringify(web)}, worker ${JSON.stringify(worker)}, release ${release ?? "(none)"}.`);
}

async function runLoadTest(context: ScriptContext, workspace: PlatformWorkspace, options: LoadTestOptions): Promise<void> {
  const durationMs = parseRunDuration(options.duration);
  await mirror(context, workspace, options);
  let succeeded = false;
  try {
    await upStack(context, workspace, options.stack);
    const target = environmentOutputs.pick({ url: true, buckets: true }).safeParse(await readOutputs(workspace, options.stack));
    if (!target.success) throw new ScriptError(`${options.stack} exports no valid url and buckets outputs: is it a load-test stack?`);
    context.print(`Target: ${target.data.url}; waiting ${options.duration} for the run...`);
    await context.sleep(durationMs);
    context.print(`Load test of ${options.mirror}'s shape on ${options.stack} ran for ${options.duration}.`);
    context.print(`Results: s3://${target.data.buckets.results}/${options.keep ? "" : " (destroyed with the stack: run with --keep to keep them)"}`);
    succeeded = true;
  } finally {
    // A failed run still leaves paid-for capacity behind, so it is always torn down.
    if (!succeeded || !options.keep) await destroyStack(context, workspace, options.stack);
    else context.print(`Kept ${options.stack}; destroy it with: pulumi destroy --stack ${options.stack}`);
  }
}

export function loadtestProgram(context: ScriptContext): Command {
  const program = new Command("loadtest").description("Load tests on a throw-away, prod-shaped stack.");
  program
    .command("run")
    .description("Bring up the load-test stack in the mirrored stack's shape, wait for the run, print where its results are, and destroy it unless --keep.")
    .option("--mirror <stack>", "stack whose tier sizes and release to copy", "prod")
    .option("--duration <duration>", "how long the run lasts (90s, 30m, 2h)", "30m")
    .option("--stack <stack>", "the load-test stack", "load-test")
    .option("--keep", "keep the stack after a successful run", false)
    .action((options: LoadTestOptions) => run(context, (workspace) => runLoadTest(context, workspace, options)));
  return program;
}

if (require.main === module) main(loadtestProgram);
