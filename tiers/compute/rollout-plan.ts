import { LOCAL_HEALTH_PAUSE_SECONDS, TARGET_POLL_SECONDS, WORKER_ACTIVE_CHECKS } from "./deploy-routine-plan";
import type { DeploySettings } from "./tier-settings";

/**
 * How long a rollout takes, from what the group, its target group and its deploy settings declare: a release goes in
 * place over Run Command (npm run release); a new base image is a new launch template version, rolled out by an
 * instance refresh.
 */

/** Seconds between the release script's progress polls, which is also how late it may see a phase end. */
export const PROGRESS_POLL_SECONDS = 10;
/**
 * Run Command sends to one instance, waits for its acknowledgement, then to two more, doubling up to MaxConcurrency
 * (Systems Manager guide, "Run commands at scale", concurrency controls). Seconds per such round: an assumption.
 */
export const DELIVERY_ROUND_SECONDS = 1;

/** Rounds of acknowledgements before `concurrency` instances run at once: 1 + 2 + 4 + ... >= concurrency. */
export function deliveryRounds(concurrency: number): number {
  return concurrency <= 0 ? 0 : Math.ceil(Math.log2(concurrency + 1));
}

export interface RolloutInput {
  /** Instances the group holds at the size considered (its maximum, for the worst case). */
  instances: number;
  /** Refresh floor and ceiling, percent of desired capacity (min 0-100, max 100-200). */
  minHealthyPercentage: number;
  maxHealthyPercentage: number;
  /** Checkpoints of the refresh in percent, ascending, ending at 100, and the pause after each one below 100, in seconds. */
  checkpointPercentages: number[];
  checkpointDelaySeconds: number;
  /** Seconds the refresh waits after a new instance is in service before it counts it (the group's instance warmup). */
  instanceWarmupSeconds: number;
  /** Seconds a leaving instance drains in its target group (0 without one). */
  deregistrationDelaySeconds: number;
  /** Target group health check: seconds between checks and checks to pass (0 and 0 without one). */
  healthCheckIntervalSeconds: number;
  healthyThreshold: number;
  /** Whether the group's instances sit behind a target group, which a release leaves and joins again. */
  behindTargetGroup: boolean;
  /** The tier's canary, batch share, restart and boot times (platform:<tier>.deploy). */
  deploy: DeploySettings;
}

export interface RefreshEstimate {
  /** Instances replaced at once, and how many rounds that takes. */
  batchSize: number;
  batches: number;
  /** Seconds of one round: drain, boot, then the longer of the warmup and passing the health checks. */
  batchSeconds: number;
}

export interface ReleaseEstimate {
  /** Instances that take the release first, alone. */
  canary: number;
  /** Then instances at once (Run Command's MaxConcurrency share of the group), and how many rounds the rest takes. */
  batchSize: number;
  batches: number;
  /** Seconds one instance takes: drain, restart, local health, join until healthy. */
  instanceSeconds: number;
}

export interface RolloutEstimate {
  refresh: RefreshEstimate;
  release: ReleaseEstimate;
  /** Seconds of a new base image: the whole instance refresh, checkpoint pauses included. */
  refreshSeconds: number;
  /** Seconds of a release in place: the canary, then the rest a batch at a time, each phase seen at the next poll. */
  releaseSeconds: number;
}

/**
 * Auto Scaling replaces as many instances at once as the healthy band allows: with the ceiling at 100 it terminates
 * up to (100 - floor)% of the group and then launches; above 100 it launches up to (ceiling - floor)% first. At least
 * one instance per round (EC2 Auto Scaling guide, "Understand the default values for an instance refresh").
 */
function refreshEstimate(input: RolloutInput): RefreshEstimate & { seconds: number } {
  const band = input.maxHealthyPercentage > 100 ? input.maxHealthyPercentage - input.minHealthyPercentage : 100 - input.minHealthyPercentage;
  const batchSize = Math.max(1, Math.floor((input.instances * band) / 100));
  const batches = input.instances === 0 ? 0 : Math.ceil(input.instances / batchSize);
  const healthy = input.healthCheckIntervalSeconds * input.healthyThreshold;
  const batchSeconds = input.deregistrationDelaySeconds + input.deploy.bootSeconds + Math.max(input.instanceWarmupSeconds, healthy);
  const pauses = batches === 0 ? 0 : input.checkpointPercentages.filter((p) => p < 100).length * input.checkpointDelaySeconds;
  return { batchSize, batches, batchSeconds, seconds: batches * batchSeconds + pauses };
}

/**
 * The deploy routine on one instance (deploy-routine-plan.ts): behind a target group it drains, restarts, answers
 * locally and passes the load balancer's checks, each wait seen at the routine's next look; a worker restarts and
 * stays active for its checks. Run Command runs `batchPercent`% of the group's targets at once (rounded down, at least one).
 */
function releaseEstimate(input: RolloutInput): ReleaseEstimate & { seconds: number } {
  const { canaryInstances, batchPercent, restartSeconds } = input.deploy;
  const instanceSeconds = input.behindTargetGroup
    ? input.deregistrationDelaySeconds +
      TARGET_POLL_SECONDS +
      restartSeconds +
      LOCAL_HEALTH_PAUSE_SECONDS +
      input.healthCheckIntervalSeconds * input.healthyThreshold +
      TARGET_POLL_SECONDS
    : restartSeconds + WORKER_ACTIVE_CHECKS * LOCAL_HEALTH_PAUSE_SECONDS;
  const canary = Math.min(canaryInstances, input.instances);
  const rest = input.instances - canary;
  const batchSize = Math.max(1, Math.floor((input.instances * batchPercent) / 100));
  const batches = Math.ceil(rest / batchSize);
  const phase = (rounds: number, concurrency: number) =>
    rounds === 0 ? 0 : deliveryRounds(concurrency) * DELIVERY_ROUND_SECONDS + rounds * instanceSeconds + PROGRESS_POLL_SECONDS;
  return { canary, batchSize, batches, instanceSeconds, seconds: phase(canary > 0 ? 1 : 0, canary) + phase(batches, batchSize) };
}

export function rolloutEstimate(input: RolloutInput): RolloutEstimate {
  const { seconds: refreshSeconds, ...refresh } = refreshEstimate(input);
  const { seconds: releaseSeconds, ...release } = releaseEstimate(input);
  return { refresh, release, refreshSeconds, releaseSeconds };
}
