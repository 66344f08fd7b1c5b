import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ComputeArgs } from "./compute-args";
import { Tier } from "./instance-tier";
import type { PublicLoadBalancer } from "./load-balancer";
import { backlogPerCapacity } from "./scaling-plan";
import { availabilitySchedule } from "./schedule-plan";
import type { TierSettings } from "./tier-settings";
import { renderUserData } from "./user-data-plan";

const ROOT_VOLUME_GIB = 20;

/** What every Auto Scaling group of the compute component shares: its name, the role and where it runs. */
export interface InstanceTierContext {
  /** The compute component's name, which each group's resource names start with. */
  name: string;
  /** The compute component's arguments. */
  args: ComputeArgs;
  /** The instance profile every group launches with. */
  instanceProfileArn: pulumi.Input<string>;
  /** The compute component, parent of every group. */
  parent: pulumi.Resource;
}

/** The arguments every tier's group shares, given the tier's settings and the group's name part (web, worker). */
export function commonTierArgs(context: InstanceTierContext, part: string, settings: TierSettings) {
  const { args } = context;
  const hours = args.settings.availabilityHours;
  return {
    groupName: `${args.namePrefix}-${part}`,
    costTags: args.costTags,
    subnetIds: args.appSubnetIds,
    instanceProfileArn: context.instanceProfileArn,
    imageParameter: args.baseImageParameter,
    rootVolumeGiB: ROOT_VOLUME_GIB,
    instanceTypes: settings.instanceTypes,
    purchase: settings.purchase,
    onDemandBase: settings.onDemandBase,
    min: settings.min,
    desired: settings.desired,
    max: settings.max,
    minHealthyPercentage: settings.minHealthyPercentage,
    schedule: hours ? availabilitySchedule(hours, settings) : [],
  };
}

/** The boot script of an instance tier, base64 encoded: the release (the pinned one, or `current`) and its environment. */
function bootScript(args: ComputeArgs, tier: string, release = args.release): pulumi.Output<string> {
  return pulumi
    .all([args.releaseBucketName, pulumi.all(args.data.environment), args.proxy ? pulumi.all([args.proxy.url, args.proxy.noProxy]) : undefined])
    .apply(([releaseBucket, environment, proxy]) =>
      Buffer.from(
        renderUserData({
          tier,
          region: args.region,
          releaseBucket,
          release,
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
      ...commonTierArgs(context, part, web),
      securityGroupId: context.args.securityGroupIds.web,
      // A beta group runs the web tier's boot script with the beta release.
      userData: bootScript(context.args, "web", release),
      healthCheckType: "ELB",
      healthCheckGraceSeconds: web.healthCheckGraceSeconds,
      targetGroupArns: [target.targetGroupArn],
      warmPool: web.warmPool,
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
  const common = commonTierArgs(context, "worker", args.worker);
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
      userData: bootScript(args, "worker"),
      healthCheckType: "EC2",
      healthCheckGraceSeconds: 120,
      scaling,
    },
    { parent: context.parent },
  );
}
