import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Architecture } from "../../lib/instance-types";
import { partitionOf } from "../../lib/arn";
import { fargateProvider, ecsCpuArchitecture } from "./container-plan";
import { ContainerService, type ContainerServiceArgs, type DeploymentAlarms } from "./container-service";
import { backlogPerCapacity } from "./scaling-plan";
import type { ContainerSettings, WebTierSettings, WorkerTierSettings } from "./tier-settings";

type TargetTracking = aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration;

export interface ContainerWeb {
  /** Sizes, health check and scaling targets of the web tier. */
  tier: WebTierSettings;
  /** The web security group, on every task. */
  securityGroupId: pulumi.Input<string>;
  /** The web log group, the awslogs destination. */
  logGroupName: pulumi.Input<string>;
  /** `app/<name>/<id>` of the ALB, for the request-count policy. */
  loadBalancerArnSuffix: pulumi.Input<string>;
  /** The load balancer's `ip` target group. */
  targetGroupArn: pulumi.Input<string>;
  /** `targetgroup/<name>/<id>`, for the request-count policy. */
  targetGroupArnSuffix: pulumi.Input<string>;
  /** A web-beta service running another release behind its own target group. Default: none. */
  beta?: { release: string; targetGroupArn: pulumi.Input<string>; targetGroupArnSuffix: pulumi.Input<string> };
}

export interface ContainerWorker {
  /** Sizes and scaling targets of the worker tier. */
  tier: WorkerTierSettings;
  /** The worker security group, on every task. */
  securityGroupId: pulumi.Input<string>;
  /** The worker log group, the awslogs destination. */
  logGroupName: pulumi.Input<string>;
  /** The queue whose backlog per running task the service scales on. Default: none, CPU only. */
  workQueueName?: pulumi.Input<string>;
}

export interface ContainerTiersArgs {
  /** The alarms each service's deployment stops and rolls back on. Default: none. */
  deploymentAlarms?: DeploymentAlarms;
  /** Prefix of the services' and capacity providers' names, e.g. platform-prod. */
  namePrefix: string;
  /** Physical name of the ECS cluster, which container instances join. */
  clusterName: string;
  /** Region of the services and their logs. */
  region: string;
  /** Account of the log groups, for their ARNs. */
  accountId: pulumi.Input<string>;
  /** The images' architecture: the base image's. */
  architecture: Architecture;
  /** Capacity, task size and deployment of the services. */
  settings: ContainerSettings;
  /** On ec2 capacity: the Auto Scaling group of container instances each container tier runs on. */
  hostGroupArns: { web?: pulumi.Input<string>; worker?: pulumi.Input<string> };
  /** The shared repository the images come from: <registry>/<repository>. */
  repositoryUrl: pulumi.Input<string>;
  /** Its ARN, the only repository tasks pull from. */
  repositoryArn: pulumi.Input<string>;
  /** The image tag the main services run. */
  release: string;
  /** App subnets the tasks run in. */
  subnetIds: pulumi.Input<string>[];
  /** Port the web container listens on. */
  port: number;
  /** Plain environment variables of every container, by name. */
  environment: Record<string, pulumi.Input<string>>;
  /** Environment variables filled from Secrets Manager at task start, by name. */
  secrets: Record<string, pulumi.Input<string>>;
  /** Queues the application sends to and works. */
  queueArns: pulumi.Input<string>[];
  /** Buckets the application reads and writes. */
  bucketArns: pulumi.Input<string>[];
  /** rds-db:connect resources of the database user the tasks log in as. */
  databaseUserArns: pulumi.Input<string>[];
  /** Keys the application and ECS use through the services that encrypt with them. */
  kmsKeyArns: pulumi.Input<string>[];
  /** CloudWatch namespace of the application's own metrics. */
  metricNamespace: string;
  /** The web service, when web runs on containers. Default: none. */
  web?: ContainerWeb;
  /** The worker service, when worker runs on containers. Default: none. */
  worker?: ContainerWorker;
}

/**
 * The tiers whose runtime is containers: an ECS cluster with the Fargate capacity providers, and
 * a service per tier (and web-beta) running the release's image from the shared repository.
 */
export class ContainerTiers extends pulumi.ComponentResource {
  constructor(name: string, args: ContainerTiersArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:ContainerTiers", name, {}, opts);
    const parent = { parent: this };
    const partition = partitionOf(args.region);

    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      // Container Insights publishes RunningTaskCount, which the worker's backlog per task divides by.
      { name: args.clusterName, settings: [{ name: "containerInsights", value: "enabled" }] },
      parent,
    );
    // On ec2 capacity, ECS scales each tier's group to fit its tasks and never ends an instance that still runs one.
    const hostProviders: Record<string, pulumi.Output<string>> = {};
    for (const [tier, autoScalingGroupArn] of Object.entries(args.hostGroupArns)) {
      if (autoScalingGroupArn === undefined) continue;
      hostProviders[tier] = new aws.ecs.CapacityProvider(
        `${name}-${tier}-hosts`,
        {
          name: `${args.namePrefix}-${tier}`,
          autoScalingGroupProvider: {
            autoScalingGroupArn,
            managedScaling: { status: "ENABLED", targetCapacity: 100 },
            managedTerminationProtection: "ENABLED",
          },
        },
        parent,
      ).name;
    }
    const providerOf = (tier: "web" | "worker") => fargateProvider(args.settings.capacity) ?? hostProviders[tier];
    const capacityProviders = new aws.ecs.ClusterCapacityProviders(
      `${name}-capacity`,
      { clusterName: cluster.name, capacityProviders: ["FARGATE", "FARGATE_SPOT", ...Object.values(hostProviders)] },
      parent,
    );

    const logGroupArn = (logGroupName: pulumi.Input<string>) =>
      pulumi.interpolate`arn:${partition}:logs:${args.region}:${args.accountId}:log-group:${logGroupName}`;
    const common = {
      region: args.region,
      clusterArn: cluster.arn,
      clusterName: cluster.name,
      repositoryArn: args.repositoryArn,
      capacity: args.settings.capacity,
      cpuArchitecture: ecsCpuArchitecture(args.architecture),
      cpu: args.settings.cpu,
      memory: args.settings.memory,
      minHealthyPercent: args.settings.minHealthyPercent,
      maxPercent: args.settings.maxPercent,
      deploymentAlarms: args.deploymentAlarms,
      subnetIds: args.subnetIds,
      port: args.port,
      environment: args.environment,
      secrets: args.secrets,
      queueArns: args.queueArns,
      bucketArns: args.bucketArns,
      databaseUserArns: args.databaseUserArns,
      kmsKeyArns: args.kmsKeyArns,
      metricNamespace: args.metricNamespace,
    };
    const service = (part: string, release: string, tier: Omit<ContainerServiceArgs, keyof typeof common | "serviceName" | "image">) =>
      new ContainerService(
        `${name}-${part}`,
        { ...common, ...tier, serviceName: `${args.namePrefix}-${part}`, image: pulumi.interpolate`${args.repositoryUrl}:${release}` },
        // A service's capacity provider strategy names providers the cluster must already have.
        { ...parent, dependsOn: [capacityProviders] },
      );

    const web = args.web;
    if (web) {
      const webService = (part: string, release: string, targetGroupArn: pulumi.Input<string>, targetGroupArnSuffix: pulumi.Input<string>) =>
        service(part, release, {
          tier: "web",
          capacityProvider: providerOf("web"),
          min: web.tier.min,
          desired: web.tier.desired,
          max: web.tier.max,
          securityGroupId: web.securityGroupId,
          targetGroupArn,
          healthCheckGraceSeconds: web.tier.healthCheckGraceSeconds,
          healthCheckCommand: ["CMD-SHELL", `curl -fsS http://localhost:${args.port}${web.tier.healthCheckPath} || exit 1`],
          logGroupName: web.logGroupName,
          logGroupArn: logGroupArn(web.logGroupName),
          scaling: {
            requests: {
              targetValue: web.tier.targetRequestsPerInstance,
              predefinedMetricSpecification: {
                predefinedMetricType: "ALBRequestCountPerTarget",
                resourceLabel: pulumi.interpolate`${web.loadBalancerArnSuffix}/${targetGroupArnSuffix}`,
              },
            },
            cpu: { targetValue: web.tier.targetCpuPercent, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } },
          },
        });
      webService("web", args.release, web.targetGroupArn, web.targetGroupArnSuffix);
      if (web.beta) webService("web-beta", web.beta.release, web.beta.targetGroupArn, web.beta.targetGroupArnSuffix);
    }

    const worker = args.worker;
    if (worker) {
      const serviceName = `${args.namePrefix}-worker`;
      const scaling: Record<string, TargetTracking> = {
        cpu: { targetValue: worker.tier.targetCpuPercent, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } },
      };
      if (worker.workQueueName) {
        // Messages waiting per running task: the same backlog metric math the instance tier scales on.
        scaling.backlog = {
          targetValue: worker.tier.backlogPerInstance,
          customizedMetricSpecification: {
            metrics: backlogPerCapacity(worker.workQueueName, {
              id: "tasks",
              namespace: "ECS/ContainerInsights",
              metricName: "RunningTaskCount",
              dimensions: [
                { name: "ClusterName", value: cluster.name },
                { name: "ServiceName", value: serviceName },
              ],
              unit: "running task",
            }),
          },
        };
      }
      service("worker", args.release, {
        tier: "worker",
        capacityProvider: providerOf("worker"),
        min: worker.tier.min,
        desired: worker.tier.desired,
        max: worker.tier.max,
        securityGroupId: worker.securityGroupId,
        healthCheckCommand: ["CMD-SHELL", "bin/healthcheck worker || exit 1"],
        logGroupName: worker.logGroupName,
        logGroupArn: logGroupArn(worker.logGroupName),
        scaling,
      });
    }

    this.registerOutputs({ clusterArn: cluster.arn });
  }
}
