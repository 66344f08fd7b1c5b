import type { DeclaredResource } from "./aws-mocks";
import type { Evaluation } from "./evaluate";
import { rolloutEstimate, type RolloutEstimate } from "../tiers/compute/rollout-plan";
import type { DeploySettings } from "../tiers/compute/tier-settings";

const GROUP = "aws:autoscaling/group:Group";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";

/** The target group a group registers its instances in, matched by the ARN the mocks give it. */
function targetGroupOf(evaluation: Evaluation, group: DeclaredResource): DeclaredResource | undefined {
  const arn = (group.inputs.targetGroupArns as string[] | undefined)?.[0];
  return evaluation.resources.find((r) => r.type === TARGET_GROUP && r.computed.arn === arn);
}

type TierConfig = { max: number; deploy: DeploySettings };

/** A release-running group's name part (web, web-beta, worker) and its tier's settings: web-beta's are web's. */
function tierOf(evaluation: Evaluation, name: string): { part: string; tier: TierConfig } {
  const config = evaluation.config as Record<"web" | "worker", TierConfig> & { namePrefix: string };
  const part = name.slice(config.namePrefix.length + 1);
  return { part, tier: config[part === "worker" ? "worker" : "web"] };
}

/**
 * Each release-running group's rollout at its largest size, by its tier (web, web-beta, worker), from what the
 * evaluated stack declares. The size is the tier's configured max, which is the group's own unless no release is pinned
 * yet (the group is then empty, and the estimate is for once a release has been given).
 */
export function rolloutReport(evaluation: Evaluation): Record<string, RolloutEstimate> {
  const report: Record<string, RolloutEstimate> = {};
  const releasing = /-(web|web-beta|worker)$/;
  for (const group of evaluation.resources.filter((r) => r.type === GROUP && r.inputs.instanceRefresh && releasing.test(String(r.inputs.name)))) {
    const preferences = group.inputs.instanceRefresh.preferences ?? {};
    const target = targetGroupOf(evaluation, group);
    const name = String(group.inputs.name);
    const { part, tier } = tierOf(evaluation, name);
    report[part] = rolloutEstimate({
      instances: tier.max,
      minHealthyPercentage: preferences.minHealthyPercentage ?? 90,
      maxHealthyPercentage: preferences.maxHealthyPercentage ?? 100,
      checkpointPercentages: preferences.checkpointPercentages ?? [100],
      checkpointDelaySeconds: Number(preferences.checkpointDelay ?? 3600),
      instanceWarmupSeconds: Number(preferences.instanceWarmup ?? group.inputs.defaultInstanceWarmup ?? group.inputs.healthCheckGracePeriod ?? 0),
      deregistrationDelaySeconds: Number(target?.inputs.deregistrationDelay ?? 0),
      healthCheckIntervalSeconds: Number(target?.inputs.healthCheck?.interval ?? 0),
      healthyThreshold: Number(target?.inputs.healthCheck?.healthyThreshold ?? 0),
      behindTargetGroup: target !== undefined,
      deploy: tier.deploy,
    });
  }
  return report;
}

/** Seconds for people: 4 min 40 s, or 85 min once past an hour's worth of detail. */
function duration(seconds: number): string {
  if (seconds >= 600) return `${Math.round(seconds / 60)} min`;
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
}

export function formatRollout(report: Record<string, RolloutEstimate>): string {
  const lines = ["", "Rollout of each tier's group at its largest size (release: in place over Run Command; refresh: a new base image):"];
  for (const [group, { release, refresh, releaseSeconds, refreshSeconds }] of Object.entries(report)) {
    lines.push(
      `  ${group.padEnd(10)} release ${duration(releaseSeconds)} (canary ${release.canary}, then ${release.batches} batches of ${release.batchSize}, ${release.instanceSeconds} s each); ` +
        `refresh ${duration(refreshSeconds)} (${refresh.batches} rounds of ${refresh.batchSize}, ${refresh.batchSeconds} s each)`,
    );
  }
  return lines.join("\n");
}
