import { Command } from "commander";
import { environmentOutputs, loadTestOutputs } from "../contracts/outputs";
import { main, run, ScriptError, type ScriptContext } from "./context";
import { parseRunDuration } from "./durations";
import { destroyStack, upStack } from "./pulumi/update";
import { readOutputs } from "./pulumi/stack-outputs";
import type { PlatformWorkspace } from "./pulumi/workspace";

const MIRROR_KEY = "platform:mirror";

interface LoadTestOptions {
  stack: string;
  mirror: string;
  duration: string;
  keep: boolean;
}

/**
 * Points the load-test stack at the mirrored stack (`platform:mirror`); its program reads that stack's
 * shape and release itself, through the contract. Checked here first, so a mirror that was never
 * deployed stops the run before anything is paid for.
 */
async function mirror(context: ScriptContext, workspace: PlatformWorkspace, options: LoadTestOptions): Promise<void> {
  const mirrored = environmentOutputs.pick({ shape: true, release: true }).safeParse(await readOutputs(workspace, options.mirror));
  if (!mirrored.success) throw new ScriptError(`${options.mirror} exports no valid shape and release outputs to mirror: deploy it first.`);
  await workspace.setConfig(options.stack, MIRROR_KEY, options.mirror);
  const { web, worker, database } = mirrored.data.shape;
  context.print(
    `${options.stack} mirrors ${options.mirror}: web ${web.desired} x ${web.instanceTypes.join("/")}, worker ${worker.desired} x ${worker.instanceTypes.join("/")}, database ${database.instanceClass} writer + ${database.readers} readers, release ${mirrored.data.release}.`,
  );
}

async function runLoadTest(context: ScriptContext, workspace: PlatformWorkspace, options: LoadTestOptions): Promise<void> {
  const durationMs = parseRunDuration(options.duration);
  await mirror(context, workspace, options);
  let succeeded = false;
  try {
    await upStack(context, workspace, options.stack);
    const target = loadTestOutputs.pick({ targetUrl: true, resultsLocation: true }).safeParse(await readOutputs(workspace, options.stack));
    if (!target.success) throw new ScriptError(`${options.stack} exports no valid targetUrl and resultsLocation outputs: is it a load-test stack?`);
    context.print(`Target: ${target.data.targetUrl}; waiting ${options.duration} for the run...`);
    await context.sleep(durationMs);
    context.print(`Load test of ${options.mirror}'s shape on ${options.stack} ran for ${options.duration}.`);
    context.print(`Results: ${target.data.resultsLocation}${options.keep ? "" : " (destroyed with the stack: run with --keep to keep them)"}`);
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
    .option("--mirror <stack>", "stack whose shape (sizes, instance types, data classes) and release to copy", "prod")
    .option("--duration <duration>", "how long the run lasts (90s, 30m, 2h)", "30m")
    .option("--stack <stack>", "the load-test stack", "load-test")
    .option("--keep", "keep the stack after a successful run", false)
    .action((options: LoadTestOptions) => run(context, (workspace) => runLoadTest(context, workspace, options)));
  return program;
}

if (require.main === module) main(loadtestProgram);
