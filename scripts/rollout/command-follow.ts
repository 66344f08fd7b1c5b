import { PROGRESS_POLL_SECONDS } from "../../tiers/compute/rollout-plan";
import type { FleetCommand, ReleaseAws } from "../aws/release-aws";
import { ScriptError, type ScriptContext } from "../context";
import { chunks, commandState, invocationSummary, MAX_INSTANCE_IDS, notStarted, progressLine } from "./in-place-plan";

export interface CommandRun {
  stack: string;
  /** What the progress lines call it, e.g. "web canary". */
  label: string;
  command: FleetCommand;
  /** Alarms that stop it when in ALARM. */
  alarmNames: string[];
  /** When it gives up (ms since the epoch), and the minutes that is, for the message. */
  deadline: number;
  waitMinutes: number;
  /** What to tell the operator when it stops. */
  hint: string;
  /**
   * The instances that count: once each of them has succeeded, the rest (a group's warm or leaving instances, which a
   * tag target also reaches and which never run it) are cancelled and the command is done. Default: every target.
   */
  countedInstances?: string[];
}

/**
 * Whether every counted instance still in service succeeded (one scaled in or terminated meanwhile no longer counts);
 * then the others that have not started are cancelled, and any still running finish on their own.
 */
async function countedDone(aws: ReleaseAws, commandId: string, run: CommandRun): Promise<boolean> {
  const target = run.command.target;
  const inService =
    "groupName" in target
      ? new Set((await aws.groupInstances(target.groupName)).filter((i) => i.lifecycleState === "InService").map((i) => i.instanceId))
      : undefined;
  const counted = new Set((run.countedInstances ?? []).filter((id) => inService?.has(id) ?? true));
  const invocations = await aws.invocations(commandId);
  const mine = invocations.filter((invocation) => counted.has(invocation.instanceId));
  if (mine.length < counted.size || mine.some((invocation) => invocation.status !== "Success")) return false;
  const others = notStarted(invocations.filter((invocation) => !counted.has(invocation.instanceId)));
  for (const batch of chunks(others, MAX_INSTANCE_IDS)) await aws.cancelOn(commandId, batch);
  return true;
}

/** Why a command stopped early, for the message and the instances' states. */
class Stopped extends Error {}

/**
 * Sends a command to a group's instances and follows it to its end, printing progress at each poll. It stops at the
 * command's failure, when a stop alarm fires, on Ctrl-C and at the deadline: it cancels the instances not yet started,
 * lets the running ones finish, prints each instance's state, and throws with `hint`.
 */
export async function followCommand(context: ScriptContext, aws: ReleaseAws, run: CommandRun): Promise<void> {
  let interrupted = false;
  const stopListening = context.onInterrupt(() => {
    interrupted = true;
  });
  const started = context.now().getTime();
  // Delivery may wait as long as the run may last: an instance reached late is not a failure.
  const commandId = await aws.sendCommand({ ...run.command, deliveryTimeoutSeconds: Math.max(30, run.waitMinutes * 60) });
  try {
    for (;;) {
      const progress = await aws.commandProgress(commandId);
      context.print(progressLine(run.label, progress, (context.now().getTime() - started) / 1000));
      const state = commandState(progress.status);
      if (state === "succeeded") return;
      if (state === "running" && run.countedInstances && progress.completed >= run.countedInstances.length && (await countedDone(aws, commandId, run))) return;
      if (state === "failed") throw new Stopped(`${run.label} ended ${progress.status}: ${progress.errors} instance(s) failed or were cancelled`);
      if (interrupted) throw new Stopped(`${run.label} cancelled (Ctrl-C)`);
      const firing = run.alarmNames.length > 0 ? await aws.alarmsFiring(run.alarmNames) : [];
      if (firing.length > 0) throw new Stopped(`${run.label} stopped: ${firing.join(", ")} in ALARM`);
      if (context.now().getTime() > run.deadline) throw new Stopped(`${run.label} still going after ${run.waitMinutes} minutes`);
      await context.sleep(PROGRESS_POLL_SECONDS * 1000);
    }
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
    const invocations = await aws.invocations(commandId);
    const waiting = notStarted(invocations);
    for (const batch of chunks(waiting, MAX_INSTANCE_IDS)) await aws.cancelOn(commandId, batch);
    const lines = [
      `${run.stack}: ${error.message}.`,
      `Command ${commandId}, instance by instance${waiting.length > 0 ? ` (${waiting.length} not started, now cancelled)` : ""}:`,
      ...invocationSummary(invocations),
      "Instances still in progress finish their run; a deploy that fails goes back to the instance's previous release.",
      run.hint,
    ];
    throw new ScriptError(lines.join("\n"));
  } finally {
    stopListening();
  }
}
