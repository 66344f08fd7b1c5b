import type { ScriptContext } from "../context";
import { BETA_KEY, configValues, parseBeta, type ReleaseConfig } from "./beta-releases";
import { applyConfigChange, deployToGroups, readReleaseState, requireReleases, rolloutTarget, type ConfigValues } from "./release-rollout";
import { rollbackHint } from "./releases";
import type { PlatformWorkspace } from "../pulumi/workspace";

export async function readReleaseConfig(workspace: PlatformWorkspace, stack: string): Promise<ReleaseConfig> {
  return { ...(await readReleaseState(workspace, stack)), beta: parseBeta(await workspace.getConfig(stack, BETA_KEY)) };
}

const describe = (state: ReleaseConfig) =>
  `release ${state.release ?? "(current)"}, beta ${state.beta ? `${state.beta.release} taking ${state.beta.weight}% of web traffic` : "none"}`;

/** How long a beta change waits for its rollout over the instances. */
const BETA_WAIT_MINUTES = 60;

/**
 * Applies a change of release or beta, writing only the config keys that change. A release that changes on groups
 * already running (the main one on promote, beta's on a running beta) is checked in the release bucket first and
 * deployed in place after the `up`; a new beta group boots its release from its pointer.
 */
export async function changeReleaseConfig(
  context: ScriptContext,
  workspace: PlatformWorkspace,
  stack: string,
  from: ReleaseConfig,
  to: ReleaseConfig,
  what: string,
  yes: boolean,
): Promise<void> {
  const before = configValues(from);
  const after = configValues(to);
  const changed = Object.keys(after).filter((key) => before[key] !== after[key]);
  if (changed.length === 0) {
    context.print(`${stack} already runs ${describe(to)}: nothing to do.`);
    return;
  }
  const pick = (values: ConfigValues): ConfigValues => Object.fromEntries(changed.map((key) => [key, values[key]]));
  const mainMoves = to.release !== undefined && to.release !== from.release;
  const betaMoves = to.beta !== undefined && to.beta.release !== from.beta?.release;
  const target = mainMoves || betaMoves ? await rolloutTarget(context, workspace, stack) : undefined;
  if (target) await requireReleases(target, [...(mainMoves ? [to.release as string] : []), ...(betaMoves ? [to.beta?.release as string] : [])]);
  context.print(`${stack}: ${describe(from)} -> ${describe(to)}`);
  await applyConfigChange(
    context,
    workspace,
    stack,
    { from: pick(before), to: pick(after), what, ifPartlyApplied: `its config now reads ${describe(to)}.` },
    yes,
  );
  const options = { waitMinutes: BETA_WAIT_MINUTES, hint: rollbackHint(stack, to.previousRelease) };
  if (target && mainMoves && from.release !== undefined) await deployToGroups(context, target, to.release as string, ["web", "worker"], options);
  if (target && betaMoves && from.beta !== undefined) await deployToGroups(context, target, to.beta?.release as string, ["web-beta"], options);
  context.print(`${stack} runs ${describe(to)}.`);
}
