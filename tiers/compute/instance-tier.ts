import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { instancesDistribution, type Purchase, type ScheduledCapacity } from "./compute-plan";
import { groupTags, launchedTags } from "../../lib/launched-tags";

type TargetTracking = aws.types.input.autoscaling.PolicyTargetTrackingConfiguration;

export interface TierArgs {
  /** Physical name of the Auto Scaling group, e.g. platform-prod-web. */
  groupName: string;
  /** Cost allocation tags for the instances and volumes the group launches. */
  costTags: Record<string, string>;
  subnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  instanceProfileArn: pulumi.Input<string>;
  /** An AMI id, resolved at deploy time, so that a new base image is a template change the refresh rolls out. */
  imageId: pulumi.Input<string>;
  instanceTypes: string[];
  purchase: Purchase;
  onDemandBase: number;
  min: number;
  desired: number;
  max: number;
  /** The boot script, base64 encoded. */
  userData: pulumi.Input<string>;
  rootVolumeGiB: number;
  healthCheckType: "ELB" | "EC2";
  healthCheckGraceSeconds: number;
  targetGroupArns?: pulumi.Input<string>[];
  minHealthyPercentage: number;
  warmPool?: { minSize: number; poolState: string };
  /** Instances ECS manages (a capacity provider with managed termination protection) are protected from scale-in. */
  protectFromScaleIn?: boolean;
  /** Target tracking policies by short name (e.g. requests, cpu, backlog). */
  scaling: Record<string, TargetTracking>;
  schedule: ScheduledCapacity[];
}

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
    const parent = { parent: this };

    const template = new aws.ec2.LaunchTemplate(
      `${name}-lt`,
      {
        name: args.groupName,
        imageId: args.imageId,
        instanceType: args.instanceTypes[0],
        userData: args.userData,
        iamInstanceProfile: { arn: args.instanceProfileArn },
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "enabled" },
        networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "false", securityGroups: [args.securityGroupId], deleteOnTermination: "true" }],
        blockDeviceMappings: [
          { deviceName: "/dev/xvda", ebs: { volumeType: "gp3", volumeSize: args.rootVolumeGiB, encrypted: "true", deleteOnTermination: "true" } },
        ],
        monitoring: { enabled: true },
        updateDefaultVersion: true,
        tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags: launchedTags(args.costTags, args.groupName) })),
      },
      parent,
    );
    // A numbered version: each release or image is a new version, which is what starts the instance refresh.
    const launchTemplate = { id: template.id, version: template.latestVersion.apply(String) };
    const mixed = args.purchase === "spot" || args.instanceTypes.length > 1;

    const group = new aws.autoscaling.Group(
      `${name}-asg`,
      {
        name: args.groupName,
        vpcZoneIdentifiers: args.subnetIds,
        minSize: args.min,
        desiredCapacity: args.desired,
        maxSize: args.max,
        healthCheckType: args.healthCheckType,
        healthCheckGracePeriod: args.healthCheckGraceSeconds,
        targetGroupArns: args.targetGroupArns,
        // Replace spot instances at elevated interruption risk before they are reclaimed.
        capacityRebalance: args.purchase === "spot",
        defaultInstanceWarmup: args.healthCheckGraceSeconds,
        launchTemplate: mixed ? undefined : launchTemplate,
        mixedInstancesPolicy: mixed
          ? {
              instancesDistribution: instancesDistribution(args.purchase, args.onDemandBase),
              launchTemplate: {
                launchTemplateSpecification: { launchTemplateId: launchTemplate.id, version: launchTemplate.version },
                overrides: args.instanceTypes.map((instanceType) => ({ instanceType })),
              },
            }
          : undefined,
        instanceRefresh: {
          strategy: "Rolling",
          preferences: {
            minHealthyPercentage: args.minHealthyPercentage,
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
        },
        warmPool: args.warmPool,
        protectFromScaleIn: args.protectFromScaleIn,
        enabledMetrics: [
          "GroupInServiceInstances",
          "GroupDesiredCapacity",
          "GroupMinSize",
          "GroupMaxSize",
          "GroupPendingInstances",
          "GroupTerminatingInstances",
        ],
        tags: groupTags(args.costTags, args.groupName),
      },
      // Scaling policies and schedules own the desired capacity once the group exists.
      { ...parent, ignoreChanges: ["desiredCapacity"] },
    );

    for (const [policy, targetTrackingConfiguration] of Object.entries(args.scaling)) {
      new aws.autoscaling.Policy(
        `${name}-${policy}`,
        {
          autoscalingGroupName: group.name,
          policyType: "TargetTrackingScaling",
          estimatedInstanceWarmup: args.healthCheckGraceSeconds,
          targetTrackingConfiguration,
        },
        parent,
      );
    }
    for (const action of args.schedule) {
      new aws.autoscaling.Schedule(
        `${name}-${action.name}`,
        {
          autoscalingGroupName: group.name,
          scheduledActionName: action.name,
          recurrence: action.recurrence,
          timeZone: action.timeZone,
          minSize: action.minSize,
          maxSize: action.maxSize,
          desiredCapacity: action.desiredCapacity,
        },
        parent,
      );
    }

    this.groupName = group.name;
    this.groupArn = group.arn;
    this.registerOutputs({ groupName: this.groupName });
  }
}
