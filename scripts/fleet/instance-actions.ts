import type { z } from "zod";
import { environmentOutputs, RELEASE_GROUP_PARTS, type ReleaseGroupOutput, type ReleaseGroupPart } from "../../contracts/outputs";
import type { GroupInstance } from "../aws/release-aws";
import { stackInAws, type StackInAws } from "../aws/stack-in-aws";
import { confirmApply, ScriptError, type ScriptContext } from "../context";
import type { PlatformWorkspace } from "../pulumi/workspace";
import { deployInPlace } from "../rollout/in-place-deploy";

/** What the instance actions read of a stack. */
const fleetOutputs = environmentOutputs.pick({
  region: true,
  release: true,
  releaseGroups: true,
  deployDocumentName: true,
  logsDocumentName: true,
  releaseStopAlarmNames: true,
  sessionDocumentName: true,
});
export type Fleet = StackInAws<z.infer<typeof fleetOutputs>>;

export const readFleet = (context: ScriptContext, workspace: PlatformWorkspace, stack: string): Promise<Fleet> =>
  stackInAws(context, workspace, stack, fleetOutputs, "its groups");

/** The group of a tier, or a clear error naming the tiers that run on instances. */
export function groupOf(fleet: Fleet, part: string): ReleaseGroupOutput {
  const group = fleet.outputs.releaseGroups[part as ReleaseGroupPart];
  if (!group) {
    const parts = RELEASE_GROUP_PARTS.filter((p) => fleet.outputs.releaseGroups[p]);
    throw new ScriptError(
      `${fleet.stack} has no instance group ${part}; its groups: ${parts.join(", ") || "none (its tiers run on containers)"}. Nothing changed.`,
    );
  }
  return group;
}

export interface GroupListing {
  part: ReleaseGroupPart;
  groupName: string;
  instances: GroupInstance[];
}

/** Every instance group of the stack with its instances, as Auto Scaling sees them. */
export async function listInstances(fleet: Fleet): Promise<GroupListing[]> {
  const listings: GroupListing[] = [];
  for (const part of RELEASE_GROUP_PARTS) {
    const group = fleet.outputs.releaseGroups[part];
    if (group) listings.push({ part, groupName: group.groupName, instances: await fleet.aws.groupInstances(group.groupName) });
  }
  return listings;
}

/** Terminates one instance of the stack's groups, keeping the group's desired capacity so it launches a replacement. */
export async function terminateInstance(context: ScriptContext, fleet: Fleet, instanceId: string, yes: boolean): Promise<void> {
  const listings = await listInstances(fleet);
  const owner = listings.find((listing) => listing.instances.some((instance) => instance.instanceId === instanceId));
  if (!owner) throw new ScriptError(`${instanceId} is in none of ${fleet.stack}'s groups (${listings.map((l) => l.groupName).join(", ")}). Nothing changed.`);
  await confirmApply(context, `terminating ${instanceId} of ${owner.groupName} (the group launches a replacement)`, yes);
  await fleet.aws.terminateInGroup(instanceId);
  context.print(`${instanceId} is terminating; ${owner.groupName} launches a replacement, which boots the pointer's release.`);
}

/**
 * Starts an instance refresh of a tier's group: every instance replaced by a new one from the same template version (a
 * recycle; a new base image is `npm run deploy`). AWS keeps none of the program's refresh preferences, which live in the
 * provider: this one runs with StartInstanceRefresh's defaults.
 */
export async function refreshGroup(context: ScriptContext, fleet: Fleet, part: string, yes: boolean): Promise<void> {
  const group = groupOf(fleet, part).groupName;
  await confirmApply(
    context,
    `an instance refresh of ${group}: every instance replaced from the same template version, booting the pointer's release, with Auto Scaling's default preferences (90% kept healthy, terminate before launch, no checkpoints)`,
    yes,
  );
  const id = await fleet.aws.startInstanceRefresh(group);
  context.print(
    `Instance refresh ${id} of ${group} started; follow it with aws autoscaling describe-instance-refreshes --region ${fleet.outputs.region} --auto-scaling-group-name ${group}.`,
  );
}

/** Restarts a tier's instances on their release, canary first and a share at a time, each out of its target group meanwhile. */
export async function restartGroup(
  context: ScriptContext,
  fleet: Fleet,
  part: string,
  options: { yes: boolean; waitMinutes: number; batchPercent?: number },
): Promise<void> {
  const group = groupOf(fleet, part);
  const { release, deployDocumentName } = fleet.outputs;
  if (!release || !deployDocumentName) throw new ScriptError(`${fleet.stack} runs no release on instances yet: nothing to restart.`);
  await confirmApply(context, `a rolling restart of ${group.groupName} on ${release}`, options.yes);
  await deployInPlace(context, fleet.aws, {
    stack: fleet.stack,
    release,
    documentName: deployDocumentName,
    groups: [[part, group]],
    alarmNames: fleet.outputs.releaseStopAlarmNames,
    batchPercent: options.batchPercent,
    waitMinutes: options.waitMinutes,
    hint: "An instance whose restart failed is marked Unhealthy and replaced; the command's output per instance: aws ssm list-command-invocations --details.",
    restart: true,
  });
  context.print(`${group.groupName} restarted on ${release}.`);
}
