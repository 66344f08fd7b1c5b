import type { ReleaseGroupOutput } from "../../contracts/outputs";
import { PROGRESS_POLL_SECONDS } from "../../tiers/compute/rollout-plan";
import type { ReleaseAws } from "../aws/release-aws";
import { ScriptError, type ScriptContext } from "../context";
import { chunks, commandState, deployPhases, invocationSummary, MAX_INSTANCE_IDS, notStarted, progressLine, type DeployPhase } from "./in-place-plan";

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
}

/** Why a phase stopped early, for the message and the instances' states. */
class Stopped extends Error {}

/**
 * Deploys a release to each group's instances in place: the deploy document over Run Command, the canary first,
 * then a share of the group at a time, printing progress per poll. It stops at the first failed instance, when a
 * stop alarm fires and on Ctrl-C: it cancels the instances not yet started, lets the running ones finish their
 * routine (which goes back to the previous release on failure) and prints each instance's state.
 */
export async function deployInPlace(context: ScriptContext, aws: ReleaseAws, plan: InPlaceRelease): Promise<void> {
  const deadline = context.now().getTime() + plan.waitMinutes * 60_000;
  for (const [part, group] of plan.groups) {
    const instances = await aws.inServiceInstances(group.groupName);
    if (instances.length === 0) {
      context.print(`${group.groupName}: no instance in service; instances that launch boot ${plan.release} from the pointer.`);
      continue;
    }
    const settings = plan.batchPercent === undefined ? group : { ...group, batchPercent: plan.batchPercent };
    const phases = deployPhases({ part, group: settings, instances }, plan.documentName, plan.release, plan.alarmNames[0]);
    context.print(`${group.groupName}: ${plan.release} to ${instances.length} instances, ${phases.map((p) => p.label).join(", then ")}.`);
    for (const phase of phases) await runPhase(context, aws, plan, phase, deadline);
  }
}

async function runPhase(context: ScriptContext, aws: ReleaseAws, plan: InPlaceRelease, phase: DeployPhase, deadline: number): Promise<void> {
  let interrupted = false;
  const stopListening = context.onInterrupt(() => {
    interrupted = true;
  });
  const started = context.now().getTime();
  const commandId = await aws.sendDeploy(phase.command);
  try {
    for (;;) {
      const progress = await aws.commandProgress(commandId);
      context.print(progressLine(phase.label, progress, (context.now().getTime() - started) / 1000));
      const state = commandState(progress.status);
      if (state === "succeeded") return;
      if (state === "failed") throw new Stopped(`${phase.label} ended ${progress.status}: ${progress.errors} instance(s) failed or were cancelled`);
      if (interrupted) throw new Stopped(`${phase.label} cancelled (Ctrl-C)`);
      const firing = plan.alarmNames.length > 0 ? await aws.alarmsFiring(plan.alarmNames) : [];
      if (firing.length > 0) throw new Stopped(`${phase.label} stopped: ${firing.join(", ")} in ALARM`);
      if (context.now().getTime() > deadline) throw new Stopped(`${phase.label} still going after ${plan.waitMinutes} minutes`);
      await context.sleep(PROGRESS_POLL_SECONDS * 1000);
    }
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
    const invocations = await aws.invocations(commandId);
    const waiting = notStarted(invocations);
    for (const batch of chunks(waiting, MAX_INSTANCE_IDS)) await aws.cancelOn(commandId, batch);
    const lines = [
      `${plan.stack}: ${error.message}.`,
      `Command ${commandId}, instance by instance${waiting.length > 0 ? ` (${waiting.length} not started, now cancelled)` : ""}:`,
      ...invocationSummary(invocations),
      "Instances still in progress finish their deploy, or go back to their previous release if it fails.",
      plan.hint,
    ];
    throw new ScriptError(lines.join("\n"));
  } finally {
    stopListening();
  }
}
