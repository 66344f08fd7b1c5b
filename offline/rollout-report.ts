import type { DeclaredResource } from "./aws-mocks";
import type { Evaluation } from "./evaluate";
import { rolloutEstimate, type RolloutEstimate } from "../tiers/compute/rollout-plan";

const GROUP = "aws:autoscaling/group:Group";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";

/** The target group a group registers its instances in, matched by the ARN the mocks give it. */
function targetGroupOf(evaluation: Evaluation, group: DeclaredResource): DeclaredResource | undefined {
  const arn = (group.inputs.targetGroupArns as string[] | undefined)?.[0];
  return evaluation.resources.find((r) => r.type === TARGET_GROUP && r.computed.arn === arn);
}

/**
 * A group's largest size: its tier's configured max, which is the group's own unless no release is pinned yet
 * (the group is then empty, and the estimate is for once a release has been given).
 */
function largestSize(evaluation: Evaluation, group: DeclaredResource, name: string): number {
  const config = evaluation.config as Partial<Record<"web" | "worker", { max: number }>> & { namePrefix: string };
  const tier = name.slice(config.namePrefix.length + 1).replace(/-beta$/, "");
  return tier === "web" || tier === "worker" ? (config[tier]?.max ?? Number(group.inputs.maxSize)) : Number(group.inputs.maxSize);
}

/** Each release-running group's rollout (web, web-beta, worker) at its largest size, by group name, from what the evaluated stack declares. */
export function rolloutReport(evaluation: Evaluation): Record<string, RolloutEstimate> {
  const report: Record<string, RolloutEstimate> = {};
  const releasing = /-(web|web-beta|worker)$/;
  for (const group of evaluation.resources.filter((r) => r.type === GROUP && r.inputs.instanceRefresh && releasing.test(String(r.inputs.name)))) {
    const preferences = group.inputs.instanceRefresh.preferences ?? {};
    const target = targetGroupOf(evaluation, group);
    const name = String(group.inputs.name);
    report[name] = rolloutEstimate({
      instances: largestSize(evaluation, group, name),
      minHealthyPercentage: preferences.minHealthyPercentage ?? 90,
      maxHealthyPercentage: preferences.maxHealthyPercentage ?? 100,
      checkpointPercentages: preferences.checkpointPercentages ?? [100],
      checkpointDelaySeconds: Number(preferences.checkpointDelay ?? 3600),
      instanceWarmupSeconds: Number(preferences.instanceWarmup ?? group.inputs.defaultInstanceWarmup ?? group.inputs.healthCheckGracePeriod ?? 0),
      deregistrationDelaySeconds: Number(target?.inputs.deregistrationDelay ?? 0),
      healthCheckIntervalSeconds: Number(target?.inputs.healthCheck?.interval ?? 0),
      healthyThreshold: Number(target?.inputs.healthCheck?.healthyThreshold ?? 0),
    });
  }
  return report;
}

export function formatRollout(report: Record<string, RolloutEstimate>): string {
  const minutes = (seconds: number) => `${Math.round(seconds / 60)} min`;
  const lines = ["", "Rollout at each group's largest size (a release is an instance refresh today):"];
  for (const [group, e] of Object.entries(report)) {
    lines.push(
      `  ${group.padEnd(32)} ${e.batches} batches of ${e.batchSize}, ${e.batchSeconds} s each: release ${minutes(e.releaseSeconds)}, refresh ${minutes(e.refreshSeconds)}`,
    );
  }
  return lines.join("\n");
}
