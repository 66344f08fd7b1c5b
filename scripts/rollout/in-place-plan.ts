import type { ReleaseGroupOutput } from "../../contracts/outputs";
import type { CommandProgress, FleetCommand, Invocation } from "../aws/release-aws";

/** SendCommand takes at most 50 instance ids; a larger canary would go by tag, which cannot pick a subset. */
export const MAX_INSTANCE_IDS = 50;
/** `--batch-percent`: the same 1-50 the config allows for platform:<tier>.deploy.batchPercent. */
export const BATCH_PERCENT_RANGE = { min: 1, max: 50 } as const;

export function parseBatchPercent(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < BATCH_PERCENT_RANGE.min || value > BATCH_PERCENT_RANGE.max) {
    throw new Error(`batch percent: found "${text}"; expected a whole number from ${BATCH_PERCENT_RANGE.min} to ${BATCH_PERCENT_RANGE.max}`);
  }
  return value;
}

/** One Run Command of a group's rollout: the canary, then the rest a share at a time. */
export interface DeployPhase {
  /** e.g. "web canary", "web". */
  label: string;
  command: FleetCommand;
}

export interface GroupDeploy {
  /** The group's name part: web, web-beta, worker. */
  part: string;
  group: ReleaseGroupOutput;
  /** Its InService instances when the rollout starts, oldest first. */
  instances: string[];
}

/**
 * The phases of a group's release: the first `canaryInstances` alone, by id, stopping at their first error; then the
 * whole group by its tag, `batchPercent`% at a time, stopping at the first error (the canary's instances already run the
 * release, so the routine does nothing on them). A group of no more instances than its canary has only the canary.
 */
export function deployPhases(deploy: GroupDeploy, documentName: string, release: string, alarmName: string | undefined, restart = false): DeployPhase[] {
  const canary = deploy.instances.slice(0, Math.min(deploy.group.canaryInstances, MAX_INSTANCE_IDS));
  if (canary.length === 0) return [];
  const common = { documentName, parameters: { Release: [release], ...(restart ? { Restart: ["yes"] } : {}) }, maxErrors: "0", alarmName };
  const phases: DeployPhase[] = [
    {
      label: `${deploy.part} canary`,
      command: {
        ...common,
        target: { instanceIds: canary },
        maxConcurrency: String(canary.length),
        comment: `${release} to ${deploy.group.groupName}: canary`,
      },
    },
  ];
  if (deploy.instances.length > canary.length) {
    phases.push({
      label: deploy.part,
      command: {
        ...common,
        target: { groupName: deploy.group.groupName },
        maxConcurrency: `${deploy.group.batchPercent}%`,
        comment: `${release} to ${deploy.group.groupName}: ${deploy.group.batchPercent}% at a time`,
      },
    });
  }
  return phases;
}

export type CommandState = "running" | "succeeded" | "failed";

// Command statuses (SSM API reference, Command.Status): Pending, InProgress and Cancelling are still moving.
const ENDED: Record<string, CommandState> = { Success: "succeeded", Failed: "failed", TimedOut: "failed", Cancelled: "failed" };

export function commandState(status: string): CommandState {
  return ENDED[status] ?? "running";
}

/** Seconds as 1m05s. */
export function formatSeconds(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
}

/** A progress line: done, failed, remaining of the phase's instances, and time since the phase began. */
export function progressLine(label: string, progress: CommandProgress, elapsedSeconds: number): string {
  const done = progress.completed - progress.errors;
  const remaining = Math.max(0, progress.targets - progress.completed);
  return `${label}: ${done} done, ${progress.errors} failed, ${remaining} remaining, ${formatSeconds(elapsedSeconds)} (${progress.status})`;
}

/** Instances whose run has not started yet: cancelling them stops the rollout without cutting a deploy short. */
export function notStarted(invocations: Invocation[]): string[] {
  return invocations.filter((invocation) => ["Pending", "Delayed"].includes(invocation.status)).map((invocation) => invocation.instanceId);
}

/** Each instance's state, one line each, grouped by status so a large group stays readable. */
export function invocationSummary(invocations: Invocation[]): string[] {
  const byStatus = new Map<string, string[]>();
  for (const { instanceId, status } of invocations) byStatus.set(status, [...(byStatus.get(status) ?? []), instanceId]);
  return [...byStatus.entries()].map(([status, ids]) => `  ${status} (${ids.length}): ${ids.join(" ")}`);
}

/** Chunks of at most `size`, for APIs that take a bounded list. */
export function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
