import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { executionPolicy, taskPolicy, type ContainerCapacity } from "./container-plan";
import { serviceTrustPolicy } from "../../lib/trust-policy";

type TargetTracking = aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration;

/** CloudWatch alarms an ECS rolling deployment watches. */
export interface DeploymentAlarms {
  alarmNames: string[];
  /** The alarms' resources, declared after the compute tier (they watch its load balancer): the service waits for them. */
  declared: pulumi.Input<pulumi.Resource[]>;
}

export interface ContainerServiceArgs {
  /** Physical name of the service and its task family, e.g. platform-prod-web. */
  serviceName: string;
  /** web, worker or web-beta: what the container is told it is (TIER). */
  tier: string;
  /** Region of the service, its logs and the KMS condition of its secrets. */
  region: string;
  /** The cluster the service runs in. */
  clusterArn: pulumi.Input<string>;
  /** The cluster's name, in the scaling target's resource id. */
  clusterName: pulumi.Input<string>;
  /** The release's image in the shared repository, e.g. <registry>/<repository>:1.4.2. */
  image: pulumi.Input<string>;
  /** The only repository the execution role may pull from. */
  repositoryArn: pulumi.Input<string>;
  /** ec2 makes an EC2 task definition; fargate and fargate-spot a Fargate one. */
  capacity: ContainerCapacity;
  /** FARGATE, FARGATE_SPOT, or the tier's EC2 capacity provider. */
  capacityProvider: pulumi.Input<string>;
  /** The image's CPU architecture, in ECS's terms. */
  cpuArchitecture: "ARM64" | "X86_64";
  /** Task CPU, in units (1024 = one vCPU). */
  cpu: number;
  /** Task memory, in MiB. */
  memory: number;
  /** Percentage of the desired count a deployment keeps running. */
  minHealthyPercent: number;
  /** Percentage of the desired count a deployment may run. */
  maxPercent: number;
  /** The alarms a deployment fails and rolls back on (ECS deployment alarms), and what to wait for before the service exists. Default: none. */
  deploymentAlarms?: DeploymentAlarms;
  /** Fewest tasks auto scaling may run. */
  min: number;
  /** Initial desired count, in tasks; auto scaling owns it afterwards. */
  desired: number;
  /** Most tasks auto scaling may run. */
  max: number;
  /** App subnets the tasks run in, without public addresses. */
  subnetIds: pulumi.Input<string>[];
  /** The tier's security group, on every task's network interface. */
  securityGroupId: pulumi.Input<string>;
  /** Port the container listens on and the load balancer sends to (web tiers). */
  port: number;
  /** An `ip` target group the service registers its tasks in (web tiers). Default: none. */
  targetGroupArn?: pulumi.Input<string>;
  /** Seconds a new task has before the load balancer's failed checks count (with a target group only). Default: ECS's. */
  healthCheckGraceSeconds?: number;
  /** The command the container runs to check itself. */
  healthCheckCommand: string[];
  /** Plain environment variables of the container, by name. */
  environment: Record<string, pulumi.Input<string>>;
  /** Environment variables filled from Secrets Manager at task start, by name. */
  secrets: Record<string, pulumi.Input<string>>;
  /** The tier's log group, the awslogs destination. */
  logGroupName: pulumi.Input<string>;
  /** The log group's ARN, for the execution policy. */
  logGroupArn: pulumi.Input<string>;
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
  /** Application Auto Scaling target tracking policies by short name (e.g. requests, cpu, backlog). */
  scaling: Record<string, TargetTracking>;
}

/**
 * One tier as an ECS service: its task definition (execution and task roles, secrets from
 * Secrets Manager, awslogs, a health check), the service in the app subnets with the circuit
 * breaker, and Application Auto Scaling on the desired count.
 */
export class ContainerService extends pulumi.ComponentResource {
  readonly serviceName: pulumi.Output<string>;

  constructor(name: string, args: ContainerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:ContainerService", name, {}, opts);
    const parent = { parent: this };

    const executionRole = new aws.iam.Role(
      `${name}-execution-role`,
      { name: `${args.serviceName}-execution`, assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com") },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-execution-policy`,
      {
        role: executionRole.name,
        policy: pulumi
          .all([args.repositoryArn, args.logGroupArn, pulumi.all(Object.values(args.secrets)), pulumi.all(args.kmsKeyArns)])
          .apply(([repositoryArn, logGroupArn, secretArns, kmsKeyArns]) =>
            JSON.stringify(executionPolicy({ repositoryArn, logGroupArn, secretArns, kmsKeyArns, region: args.region })),
          ),
      },
      parent,
    );
    const taskRole = new aws.iam.Role(
      `${name}-task-role`,
      { name: `${args.serviceName}-task`, assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com") },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-task-policy`,
      {
        role: taskRole.name,
        policy: pulumi
          .all([
            pulumi.all(args.queueArns),
            pulumi.all(Object.values(args.secrets)),
            pulumi.all(args.bucketArns),
            pulumi.all(args.kmsKeyArns),
            pulumi.all(args.databaseUserArns),
          ])
          .apply(([queueArns, secretArns, bucketArns, kmsKeyArns, databaseUserArns]) =>
            JSON.stringify(
              taskPolicy({ region: args.region, queueArns, secretArns, bucketArns, kmsKeyArns, databaseUserArns, metricNamespace: args.metricNamespace }),
            ),
          ),
      },
      parent,
    );

    const containerDefinitions = pulumi
      .all([args.image, args.logGroupName, pulumi.all(args.environment), pulumi.all(args.secrets)])
      .apply(([image, logGroup, environment, secrets]) =>
        JSON.stringify([
          {
            name: "app",
            image,
            essential: true,
            readonlyRootFilesystem: true,
            portMappings: args.targetGroupArn ? [{ containerPort: args.port, protocol: "tcp" }] : [],
            environment: Object.entries({ ...environment, TIER: args.tier, PORT: String(args.port), AWS_REGION: args.region }).map(([key, value]) => ({
              name: key,
              value,
            })),
            secrets: Object.entries(secrets).map(([key, valueFrom]) => ({ name: key, valueFrom })),
            logConfiguration: {
              logDriver: "awslogs",
              options: { "awslogs-group": logGroup, "awslogs-region": args.region, "awslogs-stream-prefix": args.tier },
            },
            // ECS health check limits: interval 5-300 s, timeout 2-60 s, retries 1-10, start period 0-300 s (ECS HealthCheck API reference).
            healthCheck: { command: args.healthCheckCommand, interval: 15, timeout: 5, retries: 3, startPeriod: 60 },
          },
        ]),
      );
    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      {
        family: args.serviceName,
        requiresCompatibilities: [args.capacity === "ec2" ? "EC2" : "FARGATE"],
        networkMode: "awsvpc",
        cpu: String(args.cpu),
        memory: String(args.memory),
        runtimePlatform: { cpuArchitecture: args.cpuArchitecture, operatingSystemFamily: "LINUX" },
        executionRoleArn: executionRole.arn,
        taskRoleArn: taskRole.arn,
        containerDefinitions,
      },
      parent,
    );

    const service = new aws.ecs.Service(
      `${name}-service`,
      {
        name: args.serviceName,
        cluster: args.clusterArn,
        taskDefinition: taskDefinition.arn,
        desiredCount: args.desired,
        capacityProviderStrategies: [{ capacityProvider: args.capacityProvider, weight: 1 }],
        networkConfiguration: { subnets: args.subnetIds, securityGroups: [args.securityGroupId], assignPublicIp: false },
        loadBalancers: args.targetGroupArn ? [{ targetGroupArn: args.targetGroupArn, containerName: "app", containerPort: args.port }] : undefined,
        healthCheckGracePeriodSeconds: args.targetGroupArn ? args.healthCheckGraceSeconds : undefined,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        // Either one fails the deployment and rolls it back (ECS developer guide, "Amazon ECS deployment failure detection").
        alarms: args.deploymentAlarms ? { alarmNames: args.deploymentAlarms.alarmNames, enable: true, rollback: true } : undefined,
        deploymentMinimumHealthyPercent: args.minHealthyPercent,
        deploymentMaximumPercent: args.maxPercent,
        propagateTags: "SERVICE",
        enableExecuteCommand: false,
      },
      // Auto scaling owns the desired count once the service exists.
      { ...parent, ignoreChanges: ["desiredCount"], dependsOn: args.deploymentAlarms?.declared },
    );

    const target = new aws.appautoscaling.Target(
      `${name}-scaling-target`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${args.clusterName}/${service.name}`,
        minCapacity: args.min,
        maxCapacity: args.max,
      },
      parent,
    );
    for (const [policy, targetTrackingScalingPolicyConfiguration] of Object.entries(args.scaling)) {
      new aws.appautoscaling.Policy(
        `${name}-${policy}`,
        {
          name: `${args.serviceName}-${policy}`,
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration,
        },
        parent,
      );
    }

    this.serviceName = service.name;
    this.registerOutputs({ serviceName: this.serviceName });
  }
}
