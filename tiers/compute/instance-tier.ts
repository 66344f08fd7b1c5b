import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { autoScalingGroup } from "../../lib/auto-scaling-group";
import type { Purchase, ScheduledCapacity } from "../../lib/auto-scaling-plan";

type TargetTracking = aws.types.input.autoscaling.PolicyTargetTrackingConfiguration;

export interface TierArgs {
  /** Physical name of the Auto Scaling group and its launch template, e.g. platform-prod-web. */
  groupName: string;
  /** Cost allocation tags for the instances and volumes the group launches. */
  costTags: Record<string, string>;
  /** App subnets the group spreads over, one per Availability Zone. */
  subnetIds: pulumi.Input<string>[];
  /** The tier's security group, on the instances' only network interface. */
  securityGroupId: pulumi.Input<string>;
  /** The instance profile of the instance role. */
  instanceProfileArn: pulumi.Input<string>;
  /** SSM parameter naming the AMI, read at deploy time so that a new base image is a template change the refresh rolls out. */
  imageParameter: pulumi.Input<string>;
  /** Instance types, the first also named in the template; more than one, or spot, makes a mixed instances policy. */
  instanceTypes: string[];
  /** on-demand, or spot above an on-demand base. */
  purchase: Purchase;
  /** On-demand instances under the spot capacity (count); ignored for on-demand. */
  onDemandBase: number;
  /** Smallest size, in instances. */
  min: number;
  /** Initial desired size, in instances; policies and schedules own it afterwards. */
  desired: number;
  /** Largest size, in instances. */
  max: number;
  /** The boot script, base64 encoded; it installs the release the pointer names. */
  userData: pulumi.Input<string>;
  /**
   * The SSM parameter naming the release the group runs, e.g. /platform-prod/release/web (releasePointerName), and the
   * release it names: no parameter while none is pinned (the group then has no capacity). Default: none (container hosts).
   */
  releasePointer?: { name: string; release: string | undefined };
  /** Root volume size, in GiB. */
  rootVolumeGiB: number;
  /** ELB: the target group's health check replaces instances; EC2: only the instance status checks. */
  healthCheckType: "ELB" | "EC2";
  /** Seconds after launch before failed health checks count; also the instance warmup of the group and its policies. */
  healthCheckGraceSeconds: number;
  /** Target groups the instances register in. Default: none. */
  targetGroupArns?: pulumi.Input<string>[];
  /** Percentage of the group an instance refresh keeps in service. */
  minHealthyPercentage: number;
  /** Percentage of desired capacity an instance refresh may have in service or pending, 100-200. */
  maxHealthyPercentage: number;
  /** Instances kept stopped, running or hibernated, ready to join. Default: none. */
  warmPool?: { minSize: number; poolState: string };
  /** Instances ECS manages (a capacity provider with managed termination protection) are protected from scale-in. Default: false. */
  protectFromScaleIn?: boolean;
  /** Target tracking policies by short name (e.g. requests, cpu, backlog). */
  scaling: Record<string, TargetTracking>;
  /** Scheduled actions, e.g. the availability hours' start and stop. */
  schedule: ScheduledCapacity[];
}

const TIER_METRICS: aws.types.enums.autoscaling.Metric[] = [
  "GroupInServiceInstances",
  "GroupDesiredCapacity",
  "GroupMinSize",
  "GroupMaxSize",
  "GroupPendingInstances",
  "GroupTerminatingInstances",
];

/**
 * One tier as an Auto Scaling group: its launch template (IMDSv2, encrypted gp3, no public IP),
 * the group across every app subnet with rolling instance refresh, target tracking policies and
 * scheduled capacity.
 */
export class Tier extends pulumi.ComponentResource {
  readonly groupName: pulumi.Output<string>;
  readonly groupArn: pulumi.Output<string>;

  constructor(name: string, args: TierArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:Tier", name, {}, opts);
    const { group } = autoScalingGroup(
      name,
      {
        name: args.groupName,
        launchedName: args.groupName,
        costTags: args.costTags,
        imageParameter: args.imageParameter,
        instanceType: args.instanceTypes[0],
        userData: args.userData,
        instanceProfileArn: args.instanceProfileArn,
        securityGroupId: args.securityGroupId,
        rootVolumeGiB: args.rootVolumeGiB,
        instanceMetadataTags: true,
        detailedMonitoring: true,
        subnetIds: args.subnetIds,
        min: args.min,
        desired: args.desired,
        max: args.max,
        purchase: { purchase: args.purchase, onDemandBase: args.onDemandBase, instanceTypes: args.instanceTypes },
        healthCheckType: args.healthCheckType,
        healthCheckGraceSeconds: args.healthCheckGraceSeconds,
        targetGroupArns: args.targetGroupArns,
        refreshPreferences: {
          minHealthyPercentage: args.minHealthyPercentage,
          maxHealthyPercentage: args.maxHealthyPercentage,
          checkpointPercentages: [20, 50, 100],
          checkpointDelay: "300",
          // Off on purpose: the provider points the group at the new template version before it starts the
          // refresh, so AWS would "roll back" to that same version (hashicorp/terraform-provider-aws#34189).
          // A bad release is rolled back with `npm run rollback`, which rolls the previous one forward.
          autoRollback: false,
          // Container hosts are protected from scale-in for ECS; without this a refresh would skip every one.
          scaleInProtectedInstances: args.protectFromScaleIn ? "Refresh" : undefined,
          skipMatching: true,
        },
        warmPool: args.warmPool,
        protectFromScaleIn: args.protectFromScaleIn,
        enabledMetrics: TIER_METRICS,
        // Covers a boot past the health check grace and Auto Scaling's retries of failed spot or capacity launches.
        capacityWaitMinutes: 20,
        scalingOwnsDesiredCapacity: true,
        scaling: args.scaling,
        policyWarmupSeconds: args.healthCheckGraceSeconds,
        schedule: args.schedule,
      },
      this,
    );
    if (args.releasePointer?.release !== undefined) {
      // The group's `current` pointer: a release changes this value, not the launch template (npm run release deploys it in place).
      new aws.ssm.Parameter(
        `${name}-release`,
        {
          name: args.releasePointer.name,
          type: "String",
          value: args.releasePointer.release,
          description: `The release ${args.groupName} runs`,
          tags: args.costTags,
        },
        { parent: this },
      );
    }
    this.groupName = group.name;
    this.groupArn = group.arn;
    this.registerOutputs({ groupName: this.groupName });
  }
}
