import { hasChanges } from "./change-summary";
import { confirmApply, ScriptError, type ScriptContext } from "./context";
import { PREVIOUS_RELEASE_KEY, RELEASE_KEY, type ReleaseState } from "./releases";
import { previewStack, upStack } from "./rollout";
import type { PlatformWorkspace } from "./workspace";

export async function readReleaseState(workspace: PlatformWorkspace, stack: string): Promise<ReleaseState> {
  return { release: await workspace.getConfig(stack, RELEASE_KEY), previousRelease: await workspace.getConfig(stack, PREVIOUS_RELEASE_KEY) };
}

/** Config values by key; undefined removes the key. */
export type ConfigValues = Record<string, string | undefined>;

async function writeConfig(workspace: PlatformWorkspace, stack: string, values: ConfigValues): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) await workspace.removeConfig(stack, key);
    else await workspace.setConfig(stack, key, value);
  }
}

const releaseValues = (state: ReleaseState): ConfigValues => ({ [RELEASE_KEY]: state.release, [PREVIOUS_RELEASE_KEY]: state.previousRelease });

export interface ConfigChange {
  from: ConfigValues;
  to: ConfigValues;
  /** What is applied, e.g. "release 1.5.0". */
  what: string;
  /** What to tell the operator when `up` fails part way. */
  ifPartlyApplied: string;
}

/**
 * Writes a stack's new config, previews, asks unless `yes`, and runs `up`. When nothing is
 * applied the config goes back to what it was.
 */
export async function applyConfigChange(
  context: ScriptContext,
  workspace: PlatformWorkspace,
  stack: string,
  change: ConfigChange,
  yes: boolean,
): Promise<void> {
  await writeConfig(workspace, stack, change.to);
  let applied = false;
  try {
    const summary = await previewStack(context, workspace, stack);
    if (!hasChanges(summary)) {
      throw new ScriptError(`The preview of ${stack} shows no change for ${change.what}: does the program read ${Object.keys(change.to).join(", ")}?`);
    }
    await confirmApply(context, `${change.what} to ${stack}`, yes);
    applied = true;
    await upStack(context, workspace, stack);
  } catch (error) {
    if (!applied) await writeConfig(workspace, stack, change.from);
    else context.print(`${change.what} may be partly applied to ${stack}; ${change.ifPartlyApplied}`);
    throw error;
  }
}

/**
 * Moves a stack from one release state to the next: `up` changes the launch templates (and task
 * definitions), which starts the tiers' instance refresh (and service deployments).
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
  await applyConfigChange(
    context,
    workspace,
    stack,
    {
      from: releaseValues(from),
      to: releaseValues(to),
      what: `release ${to.release}`,
      ifPartlyApplied: `the previous release is ${to.previousRelease ?? "(none)"}.`,
    },
    yes,
  );
  context.print(`${stack} runs release ${to.release}; previous release: ${to.previousRelease ?? "(none)"}.`);
}
