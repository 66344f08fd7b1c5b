import type { ScriptContext } from "../context";
import { BETA_KEY, configValues, parseBeta, type ReleaseConfig } from "./beta-releases";
import { applyConfigChange, readReleaseState, type ConfigValues } from "./release-rollout";
import type { PlatformWorkspace } from "../pulumi/workspace";

export async function readReleaseConfig(workspace: PlatformWorkspace, stack: string): Promise<ReleaseConfig> {
  return { ...(await readReleaseState(workspace, stack)), beta: parseBeta(await workspace.getConfig(stack, BETA_KEY)) };
}

const describe = (state: ReleaseConfig) =>
  `release ${state.release ?? "(current)"}, beta ${state.beta ? `${state.beta.release} taking ${state.beta.weight}% of web traffic` : "none"}`;

/** Applies a change of release or beta, writing only the config keys that change. */
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
  context.print(`${stack}: ${describe(from)} -> ${describe(to)}`);
  await applyConfigChange(
    context,
    workspace,
    stack,
    { from: pick(before), to: pick(after), what, ifPartlyApplied: `its config now reads ${describe(to)}.` },
    yes,
  );
  context.print(`${stack} runs ${describe(to)}.`);
}
