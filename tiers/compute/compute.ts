import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BetaSettings, ComputeSettings, ContainerSettings, WebTier, WorkerTier } from "../../config/load";
import { partitionOf } from "../../lib/arn";
import { availabilitySchedule, backlogPerCapacity, instancePolicy, renderUserData, type UserDataInput } from "./compute-plan";
import { ecsImageParameter, renderEcsUserData } from "./container-plan";
import { ContainerTiers } from "./container-tiers";
import { PublicLoadBalancer, type OriginHeaderCondition } from "./load-balancer";
import { Tier } from "./instance-tier";
import { serviceTrustPolicy } from "../../lib/trust-policy";

/** What the compute tier uses of the data tier; each list may be empty until that tier exists. */
export interface ComputeData {
  queueArns: pulumi.Input<string>[];
  secretArns: pulumi.Input<string>[];
  bucketArns: pulumi.Input<string>[];
  /** Values the application reads from its environment, e.g. { QUEUE_URL: ... }. */
  environment: Record<string, pulumi.Input<string>>;
  /** The queue whose backlog the worker tier scales on. */
  workQueueName?: pulumi.Input<string>;
  /** Bucket that accepts ALB access log delivery. */
  logsBucketName?: pulumi.Input<string>;
  /** Secrets containers get injected at start, by environment variable name. */
  secrets: Record<string, pulumi.Input<string>>;
}

export interface ComputeArgs {
  namePrefix: string;
  /** Cost allocation tags for the instances the tiers launch. */
  costTags: Record<string, string>;
  stack: string;
  region: string;
  accountId: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  publicSubnetIds: pulumi.Input<string>[];
  appSubnetIds: pulumi.Input<string>[];
  securityGroupIds: { loadBalancer: pulumi.Input<string>; web: pulumi.Input<string>; worker: pulumi.Input<string> };
  webPort: number;
  web: WebTier;
  worker: WorkerTier;
  settings: ComputeSettings;
  /** The release to run, or undefined to follow the release bucket's `current` pointer. */
  release?: string;
  releaseBucketName: pulumi.Input<string>;
  releaseBucketArn: pulumi.Input<string>;
  /** SSM parameter holding the base AMI id, from the shared stack. */
  baseImageParameter: pulumi.Input<string>;
  publicZoneId: pulumi.Input<string>;
  domain: pulumi.Input<string>;
  kmsKeyArns: pulumi.Input<string>[];
  /** CloudWatch namespace of the application's own metrics. */
  metricNamespace: string;
  deletionProtection: boolean;
  data: ComputeData;
  proxy?: { url: pulumi.Input<string>; noProxy: pulumi.Input<string> };
  /** Behind CloudFront: the ALB answers as origin.<host> and serves only requests carrying this header. */
  originHeader?: OriginHeaderCondition;
  /** How tiers whose runtime is containers run, and the shared repository their images come from. */
  containers: ContainerSettings;
  repositoryUrl: pulumi.Input<string>;
  repositoryArn: pulumi.Input<string>;
  /** Log group of each tier: the containers' awslogs destination. */
  logGroupNames: { web: pulumi.Input<string>; worker: pulumi.Input<string> };
  /** A second web target running the beta release for a share of the traffic. */
  beta?: BetaSettings;
}

const ROOT_VOLUME_GIB = 20;
// The ECS-optimized Amazon Linux 2023 image's root snapshot is 30 GiB; EC2 refuses a smaller volume.
const CONTAINER_HOST_ROOT_VOLUME_GIB = 30;

/**
 * The web and worker tiers of an environment: the public ALB, an instance role limited to this
 * environment's release, queues, secrets and buckets, and an Auto Scaling group per tier.
 */
export class Compute extends pulumi.ComponentResource {
  /** The environment's public URL, whether the ALB or CloudFront answers it. */
  readonly url: pulumi.Output<string>;
  /** The name the ALB's certificate and alias record carry. */
  readonly loadBalancerHostName: pulumi.Output<string>;
  readonly loadBalancerDnsName: pulumi.Output<string>;
  readonly loadBalancerZoneId: pulumi.Output<string>;
  readonly loadBalancerArnSuffix: pulumi.Output<string>;
  readonly targetGroupArn: pulumi.Output<string>;
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  /** The beta target group's `targetgroup/<name>/<id>`, when a beta release takes a share. */
  readonly betaTargetGroupArnSuffix?: pulumi.Output<string>;
  /** Auto Scaling groups of the tiers that run on instances. */
  readonly webGroupName?: pulumi.Output<string>;
  readonly workerGroupName?: pulumi.Output<string>;
  readonly release: string;

  constructor(name: string, args: ComputeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:Compute", name, {}, opts);
    const parent = { parent: this };
    const logGroupPrefix = `/${args.namePrefix}/`;
    const publicHostName = pulumi.interpolate`${args.stack}.${args.domain}`;
    const hostName = args.originHeader ? pulumi.interpolate`origin.${publicHostName}` : publicHostName;

    const loadBalancer = new PublicLoadBalancer(
      `${name}-lb`,
      {
        namePrefix: args.namePrefix,
        vpcId: args.vpcId,
        publicSubnetIds: args.publicSubnetIds,
        securityGroupId: args.securityGroupIds.loadBalancer,
        zoneId: args.publicZoneId,
        hostName,
        port: args.webPort,
        healthCheckPath: args.web.healthCheckPath,
        deregistrationDelaySeconds: args.web.deregistrationDelaySeconds,
        slowStartSeconds: args.web.slowStartSeconds,
        deletionProtection: args.deletionProtection,
        accessLogsBucket: args.data.logsBucketName,
        originHeader: args.originHeader,
        targetType: args.web.runtime === "containers" ? "ip" : "instance",
        beta: args.beta,
      },
      parent,
    );

    const role = new aws.iam.Role(
      `${name}-instance-role`,
      {
        name: `${args.namePrefix}-instance`,
        assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
      },
      parent,
    );
    const policy = pulumi
      .all([
        args.accountId,
        args.releaseBucketArn,
        pulumi.all(args.data.queueArns),
        pulumi.all(args.data.secretArns),
        pulumi.all(args.data.bucketArns),
        pulumi.all(args.kmsKeyArns),
      ])
      .apply(([accountId, releaseBucketArn, queueArns, secretArns, bucketArns, kmsKeyArns]) =>
        instancePolicy({
          partition: partitionOf(args.region),
          region: args.region,
          accountId,
          releaseBucketArn,
          release: args.release,
          betaRelease: args.beta?.release,
          queueArns,
          secretArns,
          bucketArns,
          kmsKeyArns,
          logGroupPrefix,
          metricNamespaces: ["CWAgent", args.metricNamespace],
        }),
      );
    new aws.iam.RolePolicy(`${name}-instance-policy`, { role: role.name, policy: policy.apply((document) => JSON.stringify(document)) }, parent);
    // Session Manager instead of SSH.
    new aws.iam.RolePolicyAttachment(
      `${name}-instance-ssm`,
      { role: role.name, policyArn: `arn:${partitionOf(args.region)}:iam::aws:policy/AmazonSSMManagedInstanceCore` },
      parent,
    );
    const onContainerHosts = (tier: WebTier | WorkerTier) => tier.runtime === "containers" && args.containers.capacity === "ec2";
    if (onContainerHosts(args.web) || onContainerHosts(args.worker)) {
      // What the ECS agent needs to register the instance and run its tasks (the instance role the ECS developer guide prescribes).
      new aws.iam.RolePolicyAttachment(
        `${name}-instance-ecs`,
        { role: role.name, policyArn: `arn:${partitionOf(args.region)}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role` },
        parent,
      );
    }
    const profile = new aws.iam.InstanceProfile(`${name}-instance-profile`, { name: `${args.namePrefix}-instance`, role: role.name }, parent);

    // Resolved at deploy time rather than `resolve:ssm:` in the template: a new base image then changes
    // the template, and the instance refresh rolls it out like a release.
    const imageId = aws.ssm.getParameterOutput({ name: args.baseImageParameter }, parent).value;

    const userData = (tier: string, release = args.release) =>
      pulumi
        .all([args.releaseBucketName, pulumi.all(args.data.environment), args.proxy ? pulumi.all([args.proxy.url, args.proxy.noProxy]) : undefined])
        .apply(([releaseBucket, environment, proxy]) => {
          const input: UserDataInput = {
            tier,
            region: args.region,
            releaseBucket,
            release,
            port: args.webPort,
            logGroupPrefix,
            environment,
            proxyUrl: proxy?.[0],
            noProxy: proxy?.[1],
          };
          return Buffer.from(renderUserData(input)).toString("base64");
        });
    const hours = args.settings.availabilityHours;
    const common = { subnetIds: args.appSubnetIds, instanceProfileArn: profile.arn, imageId, rootVolumeGiB: ROOT_VOLUME_GIB };

    const webOnInstances = (part: string, release: string | undefined, targetGroupArn: pulumi.Output<string>, targetGroupArnSuffix: pulumi.Output<string>) =>
      new Tier(
        `${name}-${part}`,
        {
          ...common,
          groupName: `${args.namePrefix}-${part}`,
          costTags: args.costTags,
          securityGroupId: args.securityGroupIds.web,
          instanceTypes: args.web.instanceTypes,
          purchase: args.web.purchase,
          onDemandBase: args.web.onDemandBase,
          min: args.web.min,
          desired: args.web.desired,
          max: args.web.max,
          // A beta group runs the web tier's boot script with the beta release.
          userData: userData("web", release),
          healthCheckType: "ELB",
          healthCheckGraceSeconds: args.web.healthCheckGraceSeconds,
          targetGroupArns: [targetGroupArn],
          minHealthyPercentage: args.web.minHealthyPercentage,
          warmPool: args.web.warmPool,
          scaling: {
            requests: {
              targetValue: args.web.targetRequestsPerInstance,
              predefinedMetricSpecification: {
                predefinedMetricType: "ALBRequestCountPerTarget",
                resourceLabel: pulumi.interpolate`${loadBalancer.arnSuffix}/${targetGroupArnSuffix}`,
              },
            },
            cpu: { targetValue: args.web.targetCpuPercent, predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" } },
          },
          schedule: hours ? availabilitySchedule(hours, args.web) : [],
        },
        parent,
      );

    // Container instances of a tier on ec2 capacity: the ECS-optimized image joining the cluster, sized by ECS through its capacity provider.
    const clusterName = `${args.namePrefix}-app`;
    const containerHosts = (tier: "web" | "worker", settings: WebTier | WorkerTier) =>
      new Tier(
        `${name}-${tier}`,
        {
          ...common,
          imageId: aws.ssm.getParameterOutput({ name: ecsImageParameter(args.settings.architecture) }, parent).value,
          groupName: `${args.namePrefix}-${tier}`,
          costTags: args.costTags,
          securityGroupId: args.securityGroupIds[tier],
          instanceTypes: settings.instanceTypes,
          purchase: settings.purchase,
          onDemandBase: settings.onDemandBase,
          min: settings.min,
          desired: settings.desired,
          max: settings.max,
          userData: Buffer.from(renderEcsUserData(clusterName)).toString("base64"),
          healthCheckType: "EC2",
          healthCheckGraceSeconds: 120,
          minHealthyPercentage: settings.minHealthyPercentage,
          // Managed termination protection needs it; managed scaling replaces target tracking.
          protectFromScaleIn: true,
          rootVolumeGiB: CONTAINER_HOST_ROOT_VOLUME_GIB,
          scaling: {},
          schedule: hours ? availabilitySchedule(hours, settings) : [],
        },
        parent,
      );

    const web =
      args.web.runtime === "instances"
        ? webOnInstances("web", args.release, loadBalancer.targetGroupArn, loadBalancer.targetGroupArnSuffix)
        : onContainerHosts(args.web)
          ? containerHosts("web", args.web)
          : undefined;
    if (args.beta && args.web.runtime === "instances" && loadBalancer.betaTargetGroupArn && loadBalancer.betaTargetGroupArnSuffix) {
      webOnInstances("web-beta", args.beta.release, loadBalancer.betaTargetGroupArn, loadBalancer.betaTargetGroupArnSuffix);
    }

    const workerGroupName = `${args.namePrefix}-worker`;
    const workerScaling: Record<string, aws.types.input.autoscaling.PolicyTargetTrackingConfiguration> = {
      cpu: { targetValue: args.worker.targetCpuPercent, predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" } },
    };
    if (args.data.workQueueName) {
      // Messages waiting per in-service instance: the metric math target tracking AWS documents for SQS-driven groups.
      workerScaling.backlog = {
        targetValue: args.worker.backlogPerInstance,
        customizedMetricSpecification: {
          metrics: backlogPerCapacity(args.data.workQueueName, {
            id: "instances",
            namespace: "AWS/AutoScaling",
            metricName: "GroupInServiceInstances",
            dimensions: [{ name: "AutoScalingGroupName", value: workerGroupName }],
            unit: "in-service instance",
          }),
        },
      };
    }
    const worker =
      args.worker.runtime === "instances"
        ? new Tier(
            `${name}-worker`,
            {
              ...common,
              groupName: workerGroupName,
              costTags: args.costTags,
              securityGroupId: args.securityGroupIds.worker,
              instanceTypes: args.worker.instanceTypes,
              purchase: args.worker.purchase,
              onDemandBase: args.worker.onDemandBase,
              min: args.worker.min,
              desired: args.worker.desired,
              max: args.worker.max,
              userData: userData("worker"),
              healthCheckType: "EC2",
              healthCheckGraceSeconds: 120,
              minHealthyPercentage: args.worker.minHealthyPercentage,
              scaling: workerScaling,
              schedule: hours ? availabilitySchedule(hours, args.worker) : [],
            },
            parent,
          )
        : onContainerHosts(args.worker)
          ? containerHosts("worker", args.worker)
          : undefined;

    const containerTiers = [args.web.runtime, args.worker.runtime].includes("containers");
    if (containerTiers && args.release) {
      new ContainerTiers(
        `${name}-containers`,
        {
          namePrefix: args.namePrefix,
          clusterName,
          region: args.region,
          accountId: args.accountId,
          architecture: args.settings.architecture,
          hostGroupArns: {
            web: onContainerHosts(args.web) ? web?.groupArn : undefined,
            worker: onContainerHosts(args.worker) ? worker?.groupArn : undefined,
          },
          settings: args.containers,
          repositoryUrl: args.repositoryUrl,
          repositoryArn: args.repositoryArn,
          release: args.release,
          subnetIds: args.appSubnetIds,
          port: args.webPort,
          environment: {
            ...args.data.environment,
            ...(args.proxy ? { HTTP_PROXY: args.proxy.url, HTTPS_PROXY: args.proxy.url, NO_PROXY: args.proxy.noProxy } : {}),
          },
          secrets: args.data.secrets,
          queueArns: args.data.queueArns,
          bucketArns: args.data.bucketArns,
          kmsKeyArns: args.kmsKeyArns,
          metricNamespace: args.metricNamespace,
          web:
            args.web.runtime === "containers"
              ? {
                  tier: args.web,
                  securityGroupId: args.securityGroupIds.web,
                  logGroupName: args.logGroupNames.web,
                  loadBalancerArnSuffix: loadBalancer.arnSuffix,
                  targetGroupArn: loadBalancer.targetGroupArn,
                  targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
                  beta:
                    args.beta && loadBalancer.betaTargetGroupArn && loadBalancer.betaTargetGroupArnSuffix
                      ? {
                          release: args.beta.release,
                          targetGroupArn: loadBalancer.betaTargetGroupArn,
                          targetGroupArnSuffix: loadBalancer.betaTargetGroupArnSuffix,
                        }
                      : undefined,
                }
              : undefined,
          worker:
            args.worker.runtime === "containers"
              ? {
                  tier: args.worker,
                  securityGroupId: args.securityGroupIds.worker,
                  logGroupName: args.logGroupNames.worker,
                  workQueueName: args.data.workQueueName,
                }
              : undefined,
        },
        // ECS only registers tasks in a target group the load balancer's listener already uses.
        { ...parent, dependsOn: [loadBalancer] },
      );
    }

    this.url = pulumi.interpolate`https://${publicHostName}`;
    this.loadBalancerHostName = hostName;
    this.loadBalancerDnsName = loadBalancer.dnsName;
    this.loadBalancerZoneId = loadBalancer.zoneId;
    this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
    this.targetGroupArn = loadBalancer.targetGroupArn;
    this.targetGroupArnSuffix = loadBalancer.targetGroupArnSuffix;
    this.betaTargetGroupArnSuffix = loadBalancer.betaTargetGroupArnSuffix;
    this.webGroupName = web?.groupName;
    this.workerGroupName = worker?.groupName;
    this.release = args.release ?? "current";
    this.registerOutputs({ url: this.url, webGroupName: this.webGroupName, workerGroupName: this.workerGroupName });
  }
}
