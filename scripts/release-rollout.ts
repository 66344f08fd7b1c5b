import { hasChanges } from "./change-summary";
import { confirmApply, ScriptError, type ScriptContext } from "./context";
import { PREVIOUS_RELEASE_KEY, RELEASE_KEY, type ReleaseState } from "./releases";
import { previewStack, upStack } from "./rollout";
import type { PlatformWorkspace } from "./workspace";

export async function readReleaseState(workspace: PlatformWorkspace, stack: string): Promise<ReleaseState> {
  return { release: await workspace.getConfig(stack, RELEASE_KEY), previousRelease: await workspace.getConfig(stack, PREVIOUS_RELEASE_KEY) };
}

async function writeReleaseState(workspace: PlatformWorkspace, stack: string, state: ReleaseState): Promise<void> {
  for (const [key, value] of [
    [RELEASE_KEY, state.release],
    [PREVIOUS_RELEASE_KEY, state.previousRelease],
  ] as const) {
    if (value === undefined) await workspace.removeConfig(stack, key);
    else await workspace.setConfig(stack, key, value);
  }
}

/**
 * Moves a stack from one release state to the next: writes the config, previews, asks unless
 * `yes`, and runs `up`, which changes the launch templates and so starts the tiers' instance
 * refresh. When nothing is applied the config goes back to what it was.
 */
export async function rollOut(
  context: ScriptContext,
  workspace: PlatformWorkspace,
  stack: string,
  from: ReleaseState,
  to: ReleaseState,
  yes: boolean,
): Promise<void> {
  if (to.release === from.release) {
    context.print(`${stack} already runs release ${to.release}: nothing to do.`);
    return;
  }
  context.print(`${stack}: release ${from.release ?? "(none)"} -> ${to.release}`);
  await writeReleaseState(workspace, stack, to);
  let applied = false;
  try {
    const summary = await previewStack(context, workspace, stack);
    if (!hasChanges(summary)) throw new ScriptError(`The preview of ${stack} shows no change for release ${to.release}: does the program read ${RELEASE_KEY}?`);
    await confirmApply(context, `release ${to.release} to ${stack}`, yes);
    applied = true;
    await upStack(context, workspace, stack);
  } catch (error) {
    if (!applied) await writeReleaseState(workspace, stack, from);
    else context.print(`Release ${to.release} may be partly applied to ${stack}; the previous release is ${to.previousRelease ?? "(none)"}.`);
    throw error;
  }
  context.print(`${stack} runs release ${to.release}; previous release: ${to.previousRelease ?? "(none)"}.`);
}
