import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ComputeArgs } from "./compute-args";
import { Tier } from "./instance-tier";
import type { PublicLoadBalancer } from "./load-balancer";
import { backlogPerCapacity } from "./scaling-plan";
import { availabilitySchedule } from "./schedule-plan";
import type { TierSettings } from "./tier-settings";
import { releasePointerName } from "./release-plan";
import { renderUserData } from "./user-data-plan";

const ROOT_VOLUME_GIB = 20;

/** What every Auto Scaling group of the compute component shares: its name, the role and where it runs. */
export interface InstanceTierContext {
  /** The compute component's name, which each group's resource names start with. */
  name: string;
  /** The compute component's arguments. */
  args: ComputeArgs;
  /** The instance profile of each tier's groups; undefined for a tier with no instances of its own (Fargate). */
  instanceProfileArns: Record<"web" | "worker", pulumi.Input<string> | undefined>;
  /** The compute component, parent of every group. */
  parent: pulumi.Resource;
}

/** The instance profile of a group by its name part: web-beta's is web's. */
function profileOf(context: InstanceTierContext, part: string): pulumi.Input<string> {
  const tier = part === "worker" ? "worker" : "web";
  const arn = context.instanceProfileArns[tier];
  if (arn === undefined) throw new Error(`the ${tier} tier has no instance profile, yet its group ${part} is being declared`);
  return arn;
}

/**
 * The arguments every tier's group shares, given the group's name part (web, worker), the tier's settings and
 * the release it installs. With no release pinned the group has no capacity: a fresh environment's instances
 * would have nothing to install, fail their boot and be replaced in a loop; `npm run release` gives them one.
 */
export function commonTierArgs(context: InstanceTierContext, part: string, settings: TierSettings, release: string | undefined) {
  const { args } = context;
  const hours = args.settings.availabilityHours;
  const capacity = release
    ? { min: settings.min, desired: settings.desired, max: settings.max, schedule: hours ? availabilitySchedule(hours, settings) : [] }
    : { min: 0, desired: 0, max: 0, schedule: [] };
  return {
    groupName: `${args.namePrefix}-${part}`,
    costTags: args.costTags,
    subnetIds: args.appSubnetIds,
    instanceProfileArn: profileOf(context, part),
    imageParameter: args.baseImageParameter,
    rootVolumeGiB: ROOT_VOLUME_GIB,
    instanceTypes: settings.instanceTypes,
    purchase: settings.purchase,
    onDemandBase: settings.onDemandBase,
    ...capacity,
    minHealthyPercentage: settings.minHealthyPercentage,
    maxHealthyPercentage: settings.maxHealthyPercentage,
  };
}

/** The boot script of an instance group, base64 encoded: its pointer, its target group (web) and the environment. It holds no release. */
function bootScript(args: ComputeArgs, tier: "web" | "worker", part: string, targetGroupArn?: pulumi.Output<string>): pulumi.Output<string> {
  return pulumi
    .all([args.releaseBucketName, pulumi.all(args.data.environment), args.proxy ? pulumi.all([args.proxy.url, args.proxy.noProxy]) : undefined, targetGroupArn])
    .apply(([releaseBucket, environment, proxy, targetGroup]) =>
      Buffer.from(
        renderUserData({
          tier,
          region: args.region,
          releaseBucket,
          releasePointer: releasePointerName(args.namePrefix, part),
          targetGroup: targetGroup
            ? {
                arn: targetGroup,
                healthUrl: `http://127.0.0.1:${args.webPort}${args.web.healthCheckPath}`,
                drainSeconds: args.web.deregistrationDelaySeconds,
                healthySeconds: args.web.healthCheckIntervalSeconds * args.web.healthyThreshold,
              }
            : undefined,
          port: args.webPort,
          logGroupPrefix: `/${args.namePrefix}/`,
          environment,
          proxyUrl: proxy?.[0],
          noProxy: proxy?.[1],
        }),
      ).toString("base64"),
    );
}

/** The web tier on instances behind a target group: `web` with the main release, `web-beta` with the beta one. */
export function webOnInstances(
  context: InstanceTierContext,
  part: "web" | "web-beta",
  release: string | undefined,
  loadBalancer: PublicLoadBalancer,
  target: { targetGroupArn: pulumi.Output<string>; targetGroupArnSuffix: pulumi.Output<string> },
): Tier {
  const { web } = context.args;
  return new Tier(
    `${context.name}-${part}`,
    {
      ...commonTierArgs(context, part, web, release),
      securityGroupId: context.args.securityGroupIds.web,
      // A beta group runs the web tier's boot script, reading the beta release from its own pointer.
      userData: bootScript(context.args, "web", part, target.targetGroupArn),
      releasePointer: { name: releasePointerName(context.args.namePrefix, part), release },
      healthCheckType: "ELB",
      healthCheckGraceSeconds: web.healthCheckGraceSeconds,
      targetGroupArns: [target.targetGroupArn],
      warmPool: release ? web.warmPool : undefined,
      scaling: {
        requests: {
          targetValue: web.targetRequestsPerInstance,
          predefinedMetricSpecification: {
            predefinedMetricType: "ALBRequestCountPerTarget",
            resourceLabel: pulumi.interpolate`${loadBalancer.arnSuffix}/${target.targetGroupArnSuffix}`,
          },
        },
        cpu: { targetValue: web.targetCpuPercent, predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" } },
      },
    },
    { parent: context.parent },
  );
}

/** The worker tier on instances, scaled on CPU and, when it has a work queue, on messages waiting per in-service instance. */
export function workerOnInstances(context: InstanceTierContext): Tier {
  const { args } = context;
  const common = commonTierArgs(context, "worker", args.worker, args.release);
  const scaling: Record<string, aws.types.input.autoscaling.PolicyTargetTrackingConfiguration> = {
    cpu: { targetValue: args.worker.targetCpuPercent, predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" } },
  };
  if (args.data.workQueueName) {
    // Messages waiting per in-service instance: the metric math target tracking AWS documents for SQS-driven groups.
    scaling.backlog = {
      targetValue: args.worker.backlogPerInstance,
      customizedMetricSpecification: {
        metrics: backlogPerCapacity(args.data.workQueueName, {
          id: "instances",
          namespace: "AWS/AutoScaling",
          metricName: "GroupInServiceInstances",
          dimensions: [{ name: "AutoScalingGroupName", value: common.groupName }],
          unit: "in-service instance",
        }),
      },
    };
  }
  return new Tier(
    `${context.name}-worker`,
    {
      ...common,
      securityGroupId: args.securityGroupIds.worker,
      userData: bootScript(args, "worker", "worker"),
      releasePointer: { name: releasePointerName(args.namePrefix, "worker"), release: args.release },
      healthCheckType: "EC2",
      healthCheckGraceSeconds: 120,
      scaling,
    },
    { parent: context.parent },
  );
}
