import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { groupTags, launchedTags } from "./launched-tags";

export type Purchase = "on-demand" | "spot";

/** A mixed instances policy's instances distribution, in the provider's field names. */
export interface InstancesDistribution {
  /** On-demand instances before any spot. */
  onDemandBaseCapacity: number;
  /** Percentage of on-demand above the base: 100 for all on-demand, 0 for all spot. */
  onDemandPercentageAboveBaseCapacity: number;
  /** How spot pools are picked. Default: not set (AWS's default). */
  spotAllocationStrategy?: string;
}

/** How an ASG buys capacity: all on-demand, or spot above an on-demand base. */
export function instancesDistribution(purchase: Purchase, onDemandBase: number): InstancesDistribution {
  if (purchase === "on-demand") return { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100 };
  // Fewest interruptions while still preferring cheap pools (the allocation strategy AWS recommends).
  return { onDemandBaseCapacity: onDemandBase, onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: "price-capacity-optimized" };
}

/** A scheduled action: the group's sizes from `recurrence` on. */
export interface ScheduledCapacity {
  /** The action's name, unique in its group, e.g. start, stop. */
  name: string;
  /** Unix cron (five fields), in `timeZone`. */
  recurrence: string;
  /** IANA time zone name, e.g. Europe/Dublin. */
  timeZone: string;
  /** Smallest size from then on, in instances. */
  minSize: number;
  /** Largest size from then on. */
  maxSize: number;
  /** Desired size from then on. */
  desiredCapacity: number;
}

/** Which instance types a group launches and how it buys them. */
export interface GroupPurchase {
  /** on-demand, or spot above an on-demand base. */
  purchase: Purchase;
  /** On-demand instances under the spot capacity (count); ignored when purchase is on-demand. */
  onDemandBase: number;
  /** One or more types; more than one, or spot, makes a mixed instances policy whose overrides list them. */
  instanceTypes: string[];
}

/** What a launch template differs in between the groups that use the builder; the rest is fixed (IMDSv2, encrypted gp3 root). */
export interface TemplateSettings {
  /** Region of the template and the group (aws 7 resources take one). Default: the provider's region. */
  region?: string;
  /** Physical name of the template and of the group. Default: none, Pulumi names both after their resource names. */
  name?: string;
  /** The template's description. Default: none. */
  description?: string;
  /** The Name tag of the instances and volumes launched, and of the group. */
  launchedName: string;
  /** Cost allocation tags for the instances, volumes and group (the provider's default tags do not reach them). */
  costTags: Record<string, string>;
  /** Tags of the template itself, never propagated. Default: none. */
  templateTags?: Record<string, string>;
  /** The type the template names. Default: none (a mixed group's overrides name them). */
  instanceType?: string;
  /** The boot script, base64 encoded. */
  userData: pulumi.Input<string>;
  /** The instance profile the instances run with. */
  instanceProfileArn: pulumi.Input<string>;
  /** The security group of the single network interface. */
  securityGroupId: pulumi.Input<string>;
  /** Whether the network interface gets a public IPv4 address (for subnets that do not map one on launch). Default: false. */
  publicIp?: boolean;
  /** Size of the encrypted gp3 root volume /dev/xvda (Amazon Linux 2023's root device), in GiB. */
  rootVolumeGiB: number;
  /** KMS key of the root volume. Default: the account's default EBS key for the region. */
  rootVolumeKmsKeyArn?: pulumi.Input<string>;
  /** Whether instances may read their tags from the instance metadata. Default: false. */
  instanceMetadataTags?: boolean;
  /** One-minute EC2 metrics (detailed monitoring) instead of five-minute ones. Default: false. */
  detailedMonitoring?: boolean;
}

/** The launch template's inputs: IMDSv2 only with hop limit 1, one network interface, an encrypted gp3 root volume, tagged launches. */
export function launchTemplateInputs(settings: TemplateSettings, imageId: pulumi.Input<string>): aws.ec2.LaunchTemplateArgs {
  return {
    region: settings.region,
    name: settings.name,
    description: settings.description,
    imageId,
    instanceType: settings.instanceType,
    userData: settings.userData,
    iamInstanceProfile: { arn: settings.instanceProfileArn },
    metadataOptions: {
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: settings.instanceMetadataTags ? "enabled" : undefined,
    },
    networkInterfaces: [
      { deviceIndex: 0, associatePublicIpAddress: String(settings.publicIp ?? false), securityGroups: [settings.securityGroupId], deleteOnTermination: "true" },
    ],
    blockDeviceMappings: [
      {
        deviceName: "/dev/xvda",
        ebs: { volumeType: "gp3", volumeSize: settings.rootVolumeGiB, encrypted: "true", kmsKeyId: settings.rootVolumeKmsKeyArn, deleteOnTermination: "true" },
      },
    ],
    monitoring: settings.detailedMonitoring ? { enabled: true } : undefined,
    updateDefaultVersion: true,
    tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags: launchedTags(settings.costTags, settings.launchedName) })),
    tags: settings.templateTags,
  };
}

/** What a group differs in between the tiers that use the builder. */
export interface GroupSettings {
  /** Subnets the group spreads over, one per Availability Zone. */
  subnetIds: pulumi.Input<string>[];
  /** Smallest size, in instances. */
  min: number;
  /** Initial desired size, in instances. */
  desired: number;
  /** Largest size, in instances. */
  max: number;
  /** Instance types and purchase option. Default: the template's instance type, on-demand, no capacity rebalancing setting. */
  purchase?: GroupPurchase;
  /** ELB: the load balancer's health check replaces instances too; EC2: only the instance status checks. */
  healthCheckType: "ELB" | "EC2";
  /** Seconds after launch before failed health checks count, also the group's default instance warmup. Default: neither is set (AWS defaults). */
  healthCheckGraceSeconds?: number;
  /** Target groups the instances register in. Default: none. */
  targetGroupArns?: pulumi.Input<string>[];
  /** Preferences of a rolling instance refresh on every new template version. Default: no instance refresh. */
  refreshPreferences?: aws.types.input.autoscaling.GroupInstanceRefreshPreferences;
  /** Stopped, running or hibernated instances kept ready to join. Default: none. */
  warmPool?: { minSize: number; poolState: string };
  /** Whether new instances are protected from scale-in. Default: not set (false). */
  protectFromScaleIn?: boolean;
  /** Group metrics published to CloudWatch. Default: none. */
  enabledMetrics?: aws.types.enums.autoscaling.Metric[];
  /** Period of the group metrics; AWS offers 1Minute only. Default: not set. */
  metricsGranularity?: "1Minute";
  /**
   * Minutes `pulumi up` waits for the desired instances to be InService and healthy (the provider's default is 10); 0: it
   * does not wait. Failed launches never end the wait early: Auto Scaling retries them, in another zone or spot pool
   * (hashicorp/terraform-provider-aws#29753, #41580), so only this timeout fails the update.
   */
  capacityWaitMinutes: number;
}

/** The numbered template version a group launches: each new version is what starts its instance refresh. */
export interface TemplateVersion {
  /** The template's id. */
  id: pulumi.Input<string>;
  /** Its version number, as text. */
  version: pulumi.Input<string>;
}

/** The group's inputs: one template, or a mixed instances policy when it buys spot or lists several types. */
export function groupInputs(
  settings: GroupSettings & Pick<TemplateSettings, "region" | "name" | "launchedName" | "costTags">,
  template: TemplateVersion,
): aws.autoscaling.GroupArgs {
  const { purchase } = settings;
  const mixed = purchase !== undefined && (purchase.purchase === "spot" || purchase.instanceTypes.length > 1);
  return {
    region: settings.region,
    name: settings.name,
    vpcZoneIdentifiers: settings.subnetIds,
    minSize: settings.min,
    desiredCapacity: settings.desired,
    maxSize: settings.max,
    healthCheckType: settings.healthCheckType,
    healthCheckGracePeriod: settings.healthCheckGraceSeconds,
    targetGroupArns: settings.targetGroupArns,
    // Replace spot instances at elevated interruption risk before they are reclaimed.
    capacityRebalance: purchase ? purchase.purchase === "spot" : undefined,
    defaultInstanceWarmup: settings.healthCheckGraceSeconds,
    launchTemplate: mixed ? undefined : template,
    mixedInstancesPolicy:
      mixed && purchase
        ? {
            instancesDistribution: instancesDistribution(purchase.purchase, purchase.onDemandBase),
            launchTemplate: {
              launchTemplateSpecification: { launchTemplateId: template.id, version: template.version },
              overrides: purchase.instanceTypes.map((instanceType) => ({ instanceType })),
            },
          }
        : undefined,
    instanceRefresh: settings.refreshPreferences ? { strategy: "Rolling", preferences: settings.refreshPreferences } : undefined,
    warmPool: settings.warmPool,
    protectFromScaleIn: settings.protectFromScaleIn,
    enabledMetrics: settings.enabledMetrics,
    metricsGranularity: settings.metricsGranularity,
    ignoreFailedScalingActivities: true,
    waitForCapacityTimeout: `${settings.capacityWaitMinutes}m`,
    tags: groupTags(settings.costTags, settings.launchedName),
  };
}
