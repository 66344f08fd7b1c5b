import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ComputeSettings, WebTier, WorkerTier } from "../config/load";
import { partitionOf } from "./arn";
import { availabilitySchedule, instancePolicy, renderUserData, type UserDataInput } from "./compute-plan";
import { PublicLoadBalancer } from "./load-balancer";
import { Tier } from "./tier";

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
}

const ROOT_VOLUME_GIB = 20;

/**
 * The web and worker tiers of an environment: the public ALB, an instance role limited to this
 * environment's release, queues, secrets and buckets, and an Auto Scaling group per tier.
 */
export class Compute extends pulumi.ComponentResource {
  readonly url: pulumi.Output<string>;
  readonly loadBalancerDnsName: pulumi.Output<string>;
  readonly loadBalancerZoneId: pulumi.Output<string>;
  readonly targetGroupArn: pulumi.Output<string>;
  readonly webGroupName: pulumi.Output<string>;
  readonly workerGroupName: pulumi.Output<string>;
  readonly release: string;

  constructor(name: string, args: ComputeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:Compute", name, {}, opts);
    const parent = { parent: this };
    const logGroupPrefix = `/${args.namePrefix}/`;

    const loadBalancer = new PublicLoadBalancer(
      `${name}-lb`,
      {
        namePrefix: args.namePrefix,
        vpcId: args.vpcId,
        publicSubnetIds: args.publicSubnetIds,
        securityGroupId: args.securityGroupIds.loadBalancer,
        zoneId: args.publicZoneId,
        hostName: pulumi.interpolate`${args.stack}.${args.domain}`,
        port: args.webPort,
        healthCheckPath: args.web.healthCheckPath,
        deregistrationDelaySeconds: args.web.deregistrationDelaySeconds,
        slowStartSeconds: args.web.slowStartSeconds,
        deletionProtection: args.deletionProtection,
        accessLogsBucket: args.data.logsBucketName,
      },
      parent,
    );

    const role = new aws.iam.Role(
      `${name}-instance-role`,
      {
        name: `${args.namePrefix}-instance`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
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
    const profile = new aws.iam.InstanceProfile(`${name}-instance-profile`, { name: `${args.namePrefix}-instance`, role: role.name }, parent);

    // Resolved at deploy time rather than `resolve:ssm:` in the template: auto rollback of an
    // instance refresh is not supported for a template whose image is an SSM parameter (RollbackInstanceRefresh docs).
    const imageId = aws.ssm.getParameterOutput({ name: args.baseImageParameter }, parent).value;

    const userData = (tier: string) =>
      pulumi
        .all([args.releaseBucketName, pulumi.all(args.data.environment), args.proxy ? pulumi.all([args.proxy.url, args.proxy.noProxy]) : undefined])
        .apply(([releaseBucket, environment, proxy]) => {
          const input: UserDataInput = {
            tier,
            region: args.region,
            releaseBucket,
            release: args.release,
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

    const webGroupName = `${args.namePrefix}-web`;
    const web = new Tier(
      `${name}-web`,
      {
        ...common,
        groupName: webGroupName,
        costTags: args.costTags,
        securityGroupId: args.securityGroupIds.web,
        instanceTypes: args.web.instanceTypes,
        purchase: args.web.purchase,
        onDemandBase: args.web.onDemandBase,
        min: args.web.min,
        desired: args.web.desired,
        max: args.web.max,
        userData: userData("web"),
        healthCheckType: "ELB",
        healthCheckGraceSeconds: args.web.healthCheckGraceSeconds,
        targetGroupArns: [loadBalancer.targetGroupArn],
        minHealthyPercentage: args.web.minHealthyPercentage,
        warmPool: args.web.warmPool,
        scaling: {
          requests: {
            targetValue: args.web.targetRequestsPerInstance,
            predefinedMetricSpecification: {
              predefinedMetricType: "ALBRequestCountPerTarget",
              resourceLabel: pulumi.interpolate`${loadBalancer.arnSuffix}/${loadBalancer.targetGroupArnSuffix}`,
            },
          },
          cpu: { targetValue: args.web.targetCpuPercent, predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" } },
        },
        schedule: hours ? availabilitySchedule(hours, args.web) : [],
      },
      parent,
    );

    const workerGroupName = `${args.namePrefix}-worker`;
    const workerScaling: Record<string, aws.types.input.autoscaling.PolicyTargetTrackingConfiguration> = {
      cpu: { targetValue: args.worker.targetCpuPercent, predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" } },
    };
    if (args.data.workQueueName) {
      // Messages waiting per in-service instance: the metric math target tracking AWS documents for SQS-driven groups.
      workerScaling.backlog = {
        targetValue: args.worker.backlogPerInstance,
        customizedMetricSpecification: {
          metrics: [
            {
              id: "visible",
              returnData: false,
              metricStat: {
                stat: "Sum",
                metric: {
                  namespace: "AWS/SQS",
                  metricName: "ApproximateNumberOfMessagesVisible",
                  dimensions: [{ name: "QueueName", value: args.data.workQueueName }],
                },
              },
            },
            {
              id: "instances",
              returnData: false,
              metricStat: {
                stat: "Average",
                metric: {
                  namespace: "AWS/AutoScaling",
                  metricName: "GroupInServiceInstances",
                  dimensions: [{ name: "AutoScalingGroupName", value: workerGroupName }],
                },
              },
            },
            { id: "backlog", expression: "visible / instances", label: "Messages per in-service instance", returnData: true },
          ],
        },
      };
    }
    const worker = new Tier(
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
    );

    this.url = loadBalancer.url;
    this.loadBalancerDnsName = loadBalancer.dnsName;
    this.loadBalancerZoneId = loadBalancer.zoneId;
    this.targetGroupArn = loadBalancer.targetGroupArn;
    this.webGroupName = web.groupName;
    this.workerGroupName = worker.groupName;
    this.release = args.release ?? "current";
    this.registerOutputs({ url: this.url, webGroupName: this.webGroupName, workerGroupName: this.workerGroupName });
  }
}
