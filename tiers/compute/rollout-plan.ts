/**
 * How long a rollout takes, from what the group and its target group declare. A release today changes the launch
 * template, so it rolls out as an instance refresh exactly like a new base image: both figures are the refresh's.
 */

/** Seconds from launch to a booted, serving instance: EC2 start, the boot script's agent install, download and start. An assumption, not measured here. */
export const BOOT_SECONDS = 90;

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
  /** Seconds from launch to serving. Default: BOOT_SECONDS. */
  bootSeconds?: number;
}

export interface RolloutEstimate {
  /** Instances replaced at once, and how many rounds that takes. */
  batchSize: number;
  batches: number;
  /** Seconds of one round: drain, boot, then the longer of the warmup and passing the health checks. */
  batchSeconds: number;
  /** Seconds of the whole refresh, checkpoint pauses included. */
  refreshSeconds: number;
  /** Seconds a release takes: the refresh's, as a release is a new template version. */
  releaseSeconds: number;
}

/**
 * Auto Scaling replaces as many instances at once as the healthy band allows: with the ceiling at 100 it terminates
 * up to (100 - floor)% of the group and then launches; above 100 it launches up to (ceiling - floor)% first. At least
 * one instance per round (EC2 Auto Scaling guide, "Understand the default values for an instance refresh").
 */
export function rolloutEstimate(input: RolloutInput): RolloutEstimate {
  const band = input.maxHealthyPercentage > 100 ? input.maxHealthyPercentage - input.minHealthyPercentage : 100 - input.minHealthyPercentage;
  const batchSize = Math.max(1, Math.floor((input.instances * band) / 100));
  const batches = input.instances === 0 ? 0 : Math.ceil(input.instances / batchSize);
  const healthy = input.healthCheckIntervalSeconds * input.healthyThreshold;
  const batchSeconds = input.deregistrationDelaySeconds + (input.bootSeconds ?? BOOT_SECONDS) + Math.max(input.instanceWarmupSeconds, healthy);
  const pauses = batches === 0 ? 0 : input.checkpointPercentages.filter((p) => p < 100).length * input.checkpointDelaySeconds;
  const refreshSeconds = batches * batchSeconds + pauses;
  return { batchSize, batches, batchSeconds, refreshSeconds, releaseSeconds: refreshSeconds };
}
