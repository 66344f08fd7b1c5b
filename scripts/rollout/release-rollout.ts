import { hasChanges } from "../pulumi/change-summary";
import { confirmApply, ScriptError, type ScriptContext } from "../context";
import { runMigration } from "./migration";
import { followRefreshes } from "./refresh-follow";
import { rollbackHint } from "../aws/refresh-progress";
import { PREVIOUS_RELEASE_KEY, RELEASE_KEY, type ReleaseState } from "./releases";
import { previewStack, upStack } from "../pulumi/update";
import type { PlatformWorkspace } from "../pulumi/workspace";

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
  /** Runs after the confirmation, before `up`; when it fails nothing is applied and the config goes back. */
  beforeUp?: () => Promise<void>;
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
    await change.beforeUp?.();
    applied = true;
    await upStack(context, workspace, stack);
  } catch (error) {
    if (!applied) await writeConfig(workspace, stack, change.from);
    else context.print(`${change.what} may be partly applied to ${stack}; ${change.ifPartlyApplied}`);
    throw error;
  }
}

export interface RollOutOptions {
  yes: boolean;
  /** Run the release's database migration before `up`. */
  migrate?: boolean;
  /** How long to wait for the migration, and then for the instance refreshes. */
  waitMinutes: number;
  /** What to do when an instance refresh fails; by default, roll back to the previous release. */
  ifRefreshFails?: string;
}

/**
 * Moves a stack from one release state to the next: `up` changes the launch templates (and task
 * definitions), which starts the tiers' instance refresh (and service deployments), followed to its end.
 */
export async function rollOut(
  context: ScriptContext,
  workspace: PlatformWorkspace,
  stack: string,
  from: ReleaseState,
  to: ReleaseState,
  options: RollOutOptions,
): Promise<void> {
  if (to.release === from.release) {
    context.print(`${stack} already runs release ${to.release}: nothing to do.`);
    return;
  }
  // releaseTo always names a release.
  const release = to.release as string;
  context.print(`${stack}: release ${from.release ?? "(none)"} -> ${release}`);
  // A minute early, for the clock difference between this machine and AWS.
  const since = new Date(context.now().getTime() - 60_000);
  await applyConfigChange(
    context,
    workspace,
    stack,
    {
      from: releaseValues(from),
      to: releaseValues(to),
      what: `release ${release}${options.migrate ? " (migration first)" : ""}`,
      ifPartlyApplied: `the previous release is ${to.previousRelease ?? "(none)"}.`,
      beforeUp: options.migrate ? () => runMigration(context, workspace, stack, release, options.waitMinutes) : undefined,
    },
    options.yes,
  );
  context.print(`${stack} is on release ${release}; previous release: ${to.previousRelease ?? "(none)"}.`);
  await followRefreshes(context, workspace, stack, since, options.waitMinutes, options.ifRefreshFails ?? rollbackHint(stack, to.previousRelease));
  context.print(`${stack} runs release ${release}.`);
}
