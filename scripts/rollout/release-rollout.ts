import { hasChanges } from "../pulumi/change-summary";
import { confirmApply, ScriptError, type ScriptContext } from "../context";
import { runMigration } from "./migration";
import type { z } from "zod";
import { environmentOutputs, RELEASE_GROUP_PARTS, type ReleaseGroupPart } from "../../contracts/outputs";
import { stackInAws, type StackInAws } from "../aws/stack-in-aws";
import { releasePaths } from "../../tiers/compute/release-plan";
import { deployInPlace } from "./in-place-deploy";
import { PREVIOUS_RELEASE_KEY, RELEASE_KEY, rollbackHint, type ReleaseState } from "./releases";
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
  /** How long to wait for the migration, and then for the rollout over the instances. */
  waitMinutes: number;
  /** Overrides each group's share of instances that take the release at once (1-50). Default: the group's own. */
  batchPercent?: number;
  /** What to do when the rollout stops; by default, roll back to the previous release. */
  ifRolloutStops?: string;
}

/** What the rollout reads of the stack: where releases are, the deploy document, the groups and the stop alarms. */
const rolloutOutputs = environmentOutputs.pick({
  region: true,
  releaseBucketName: true,
  deployDocumentName: true,
  releaseGroups: true,
  releaseStopAlarmNames: true,
});

/** A stack to roll releases out on: what it exports for that, and AWS in its region. */
export type RolloutTarget = StackInAws<z.infer<typeof rolloutOutputs>>;

export const rolloutTarget = (context: ScriptContext, workspace: PlatformWorkspace, stack: string): Promise<RolloutTarget> =>
  stackInAws(context, workspace, stack, rolloutOutputs, "where its releases are and how to deploy them");

/** Fails, before anything changes, unless every version is in the release bucket. */
export async function requireReleases(target: RolloutTarget, versions: string[]): Promise<void> {
  for (const version of versions) {
    if (!(await target.aws.releaseExists(target.outputs.releaseBucketName, version))) {
      throw new ScriptError(
        `Release ${version} is not in the release bucket: s3://${target.outputs.releaseBucketName}/${releasePaths.artifact(version)} and its .sha256 are both needed. Nothing changed.`,
      );
    }
  }
}

export interface InPlaceOptions {
  waitMinutes: number;
  batchPercent?: number;
  hint: string;
}

/** Deploys `release` in place to the stack's groups among `parts` that take releases (deployInPlace). */
export async function deployToGroups(
  context: ScriptContext,
  target: RolloutTarget,
  release: string,
  parts: ReleaseGroupPart[],
  options: InPlaceOptions,
): Promise<void> {
  const { outputs } = target;
  const groups = RELEASE_GROUP_PARTS.filter((part) => parts.includes(part)).flatMap((part) => {
    const group = outputs.releaseGroups[part];
    return group ? [[part, group] as [string, typeof group]] : [];
  });
  if (groups.length === 0 || outputs.deployDocumentName === undefined) return;
  await deployInPlace(context, target.aws, {
    stack: target.stack,
    release,
    documentName: outputs.deployDocumentName,
    groups,
    alarmNames: outputs.releaseStopAlarmNames,
    batchPercent: options.batchPercent,
    waitMinutes: options.waitMinutes,
    hint: options.hint,
  });
}

/**
 * Moves a stack from one release state to the next. It checks that the release is in the release bucket, then `up`
 * moves the groups' release pointers (and the container tiers' task definitions, which ECS rolls out), and then the
 * deploy document takes the release to the instances in service, canary first (deployInPlace). A first release has
 * no instance to deploy to: its groups start from nothing and boot it.
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
  const target = await rolloutTarget(context, workspace, stack);
  await requireReleases(target, [release]);
  context.print(`${stack}: release ${from.release ?? "(none)"} -> ${release}`);
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
  context.print(`${stack}'s pointers name release ${release}; previous release: ${to.previousRelease ?? "(none)"}.`);
  if (from.release === undefined) {
    context.print(`${stack} has no instance running an earlier release: its groups boot ${release}.`);
    return;
  }
  await deployToGroups(context, target, release, ["web", "worker"], {
    waitMinutes: options.waitMinutes,
    batchPercent: options.batchPercent,
    hint: options.ifRolloutStops ?? rollbackHint(stack, to.previousRelease),
  });
  context.print(`${stack} runs release ${release}.`);
}
