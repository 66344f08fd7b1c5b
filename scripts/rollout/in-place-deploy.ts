import type { ReleaseGroupOutput } from "../../contracts/outputs";
import type { ReleaseAws } from "../aws/release-aws";
import { ScriptError, type ScriptContext } from "../context";
import { followCommand } from "./command-follow";
import { deployPhases } from "./in-place-plan";

export interface InPlaceRelease {
  stack: string;
  release: string;
  documentName: string;
  /** The groups to deploy, in order (web before worker), by name part. */
  groups: [string, ReleaseGroupOutput][];
  /** The alarms the rollout stops on; the first is also Run Command's own (it takes one). */
  alarmNames: string[];
  /** Overrides each group's batchPercent. Default: the group's own. */
  batchPercent?: number;
  waitMinutes: number;
  /** What to tell the operator when the rollout stops. */
  hint: string;
  /** Restart instances already on the release too (a cycle of the tier, not a release). Default: false. */
  restart?: boolean;
}

/**
 * Deploys a release to each group's instances in place: the deploy document over Run Command, the canary first,
 * then a share of the group at a time, printing progress per poll. It stops at the first failed instance, when a
 * stop alarm fires and on Ctrl-C: it cancels the instances not yet started, lets the running ones finish their
 * routine (which goes back to the previous release on failure) and prints each instance's state.
 */
export async function deployInPlace(context: ScriptContext, aws: ReleaseAws, plan: InPlaceRelease): Promise<void> {
  const deadline = context.now().getTime() + plan.waitMinutes * 60_000;
  const unreached: string[] = [];
  for (const [part, group] of plan.groups) {
    const inService = (await aws.groupInstances(group.groupName)).filter((i) => i.lifecycleState === "InService").map((i) => i.instanceId);
    if (inService.length === 0) {
      context.print(`${group.groupName}: no instance in service; instances that launch boot ${plan.release} from the pointer.`);
      continue;
    }
    // SendCommand by id refuses the whole canary when one of its instances is not a managed node that is online.
    const instances = await aws.onlineInstances(inService);
    const offline = inService.filter((id) => !instances.includes(id));
    if (offline.length > 0) {
      context.print(`${group.groupName}: ${offline.join(", ")} in service but SSM Agent not online: Run Command cannot reach them.`);
      unreached.push(...offline);
    }
    if (instances.length === 0) continue;
    const settings = plan.batchPercent === undefined ? group : { ...group, batchPercent: plan.batchPercent };
    const phases = deployPhases({ part, group: settings, instances }, plan.documentName, plan.release, plan.alarmNames[0], plan.restart);
    context.print(`${group.groupName}: ${plan.release} to ${instances.length} instances, ${phases.map((p) => p.label).join(", then ")}.`);
    for (const phase of phases) {
      await followCommand(context, aws, {
        stack: plan.stack,
        label: phase.label,
        command: phase.command,
        alarmNames: plan.alarmNames,
        deadline,
        waitMinutes: plan.waitMinutes,
        hint: plan.hint,
        // A tag reaches the group's warm and leaving instances too, which skip the deploy or never take it.
        countedInstances: "groupName" in phase.command.target ? instances : undefined,
      });
    }
  }
  if (unreached.length > 0)
    throw new ScriptError(
      `${plan.stack}: every instance Run Command could reach runs ${plan.release}, but ${unreached.join(", ")} did not take it ` +
        "(SSM Agent not online): replace each with npm run instances -- terminate, and the group launches one on the pointer's release.",
    );
}
