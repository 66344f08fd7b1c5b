import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../lib/arn";
import type { Architecture } from "../../lib/instance-types";
import { ecsCpuArchitecture, taskPolicy } from "./container-plan";
import { serviceTrustPolicy } from "../../lib/trust-policy";

export interface ScheduledJob {
  /** Part of the schedule's and task family's names, e.g. nightly-cleanup. */
  name: string;
  /** EventBridge Scheduler cron, e.g. cron(0 3 * * ? *). */
  cron: string;
  /** The command the job's container runs. */
  command: string[];
}

export interface JobsArgs {
  /** Prefix of every physical name, e.g. platform-prod. */
  namePrefix: string;
  /** Region of the cluster, the schedules and the logs. */
  region: string;
  /** App subnets the tasks run in. */
  subnetIds: pulumi.Input<string>[];
  /** The worker's security group, which the tasks run in. */
  securityGroupId: pulumi.Input<string>;
  /** The release's container image, e.g. <registry>/<repository>:<release>. */
  image: pulumi.Input<string>;
  /** Fargate task CPU, in units (1024 = one vCPU). */
  cpu: number;
  /** Fargate task memory, in MiB. */
  memory: number;
  /** IANA time zone the schedules' crons are read in, e.g. UTC. */
  timeZone: string;
  /** Log group the jobs' containers write to. */
  logGroupName: pulumi.Input<string>;
  /** What the scheduled jobs run as: the application's environment, secrets and database user, as the tiers. */
  application: JobProfile;
  /** What the migration runs as: the migrator's database user, and the master secret to create the roles. */
  migration: JobProfile;
  /** Keys the secrets are encrypted with, decrypted through Secrets Manager only. */
  kmsKeyArns: pulumi.Input<string>[];
  /** The image's architecture: the base image's, as the tiers'. */
  architecture: Architecture;
  /** What every job may reach: the environment's queues and buckets, as the tiers. */
  access: { queueArns: pulumi.Input<string>[]; bucketArns: pulumi.Input<string>[] };
  /** CloudWatch namespace of the application's own metrics. */
  metricNamespace: string;
  /** The command the migration task runs, e.g. ["bin/migrate"]. */
  migrationCommand: string[];
  /** Jobs EventBridge Scheduler starts on their crons. */
  schedules: ScheduledJob[];
}

/** The environment, secrets and database user of one kind of job. */
export interface JobProfile {
  /** Plain environment variables of the container, by name. */
  environment: Record<string, pulumi.Input<string>>;
  /** Environment variables filled from Secrets Manager at task start, by name. */
  secrets: Record<string, pulumi.Input<string>>;
  /** rds-db:connect resources of the database user the job logs in as. */
  databaseUserArns: pulumi.Input<string>[];
}

/**
 * One-off and scheduled jobs on Fargate: an ECS cluster, a migration task definition the deploy
 * script runs, and a task definition per scheduled job started by EventBridge Scheduler.
 */
export class Jobs extends pulumi.ComponentResource {
  readonly clusterArn: pulumi.Output<string>;
  readonly migrationTaskDefinitionArn: pulumi.Output<string>;

  constructor(name: string, args: JobsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:Jobs", name, {}, opts);
    const parent = { parent: this };
    const partition = partitionOf(args.region);

    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { name: `${args.namePrefix}-jobs`, settings: [{ name: "containerInsights", value: "enabled" }] },
      parent,
    );

    // The execution role starts the task: pull the image, write logs, read the secrets it injects.
    const readSecrets = (profile: JobProfile) =>
      pulumi.all([pulumi.all(Object.values(profile.secrets)), pulumi.all(args.kmsKeyArns)]).apply(([secrets, keys]) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secrets },
            {
              Effect: "Allow",
              Action: ["kms:Decrypt"],
              Resource: keys,
              Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${args.region}.amazonaws.com` } },
            },
          ],
        }),
      );
    // The task role is the job's own: its queues, buckets and database user; secrets arrive injected, not read.
    const taskAccess = (profile: JobProfile) =>
      pulumi
        .all([pulumi.all(args.access.queueArns), pulumi.all(args.access.bucketArns), pulumi.all(args.kmsKeyArns), pulumi.all(profile.databaseUserArns)])
        .apply(([queueArns, bucketArns, kmsKeyArns, databaseUserArns]) =>
          JSON.stringify(
            taskPolicy({ region: args.region, queueArns, secretArns: [], bucketArns, kmsKeyArns, databaseUserArns, metricNamespace: args.metricNamespace }),
          ),
        );
    const taskDefinition = (job: string, command: string[], profile: JobProfile) =>
      new awsx.ecs.FargateTaskDefinition(
        `${name}-${job}`,
        {
          family: `${args.namePrefix}-${job}`,
          cpu: String(args.cpu),
          memory: String(args.memory),
          runtimePlatform: { cpuArchitecture: ecsCpuArchitecture(args.architecture), operatingSystemFamily: "LINUX" },
          logGroup: { existing: { name: args.logGroupName, region: args.region } },
          executionRole: {
            args: {
              policyArns: [`arn:${partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`],
              inlinePolicies: [{ name: "read-secrets", policy: readSecrets(profile) }],
            },
          },
          taskRole: { args: { inlinePolicies: [{ name: "application-access", policy: taskAccess(profile) }] } },
          container: {
            name: "app",
            image: args.image,
            essential: true,
            command,
            readonlyRootFilesystem: true,
            environment: Object.entries(profile.environment).map(([key, value]) => ({ name: key, value })),
            secrets: Object.entries(profile.secrets).map(([key, valueFrom]) => ({ name: key, valueFrom })),
          },
        },
        parent,
      );
    const arnOf = (definition: awsx.ecs.FargateTaskDefinition) => definition.taskDefinition.apply((t) => t.arn);
    const migration = taskDefinition("migrate", args.migrationCommand, args.migration);

    const scheduled = args.schedules.map((job) => ({ job, definition: taskDefinition(job.name, job.command, args.application) }));
    if (scheduled.length > 0) {
      const families = scheduled.map(({ definition }) => arnOf(definition).apply((arn) => arn.replace(/:\d+$/, ":*")));
      const roles = scheduled.flatMap(({ definition }) => [
        definition.executionRole.apply((role) => role?.arn),
        definition.taskRole.apply((role) => role?.arn),
      ]);
      const schedulerRole = new aws.iam.Role(
        `${name}-scheduler-role`,
        {
          name: `${args.namePrefix}-jobs-scheduler`,
          assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com"),
        },
        parent,
      );
      new aws.iam.RolePolicy(
        `${name}-scheduler-policy`,
        {
          role: schedulerRole.name,
          policy: pulumi.all([pulumi.all(families), pulumi.all(roles), cluster.arn]).apply(([taskFamilies, roleArns, clusterArn]) =>
            JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Action: ["ecs:RunTask"], Resource: taskFamilies, Condition: { ArnEquals: { "ecs:cluster": clusterArn } } },
                { Effect: "Allow", Action: ["iam:PassRole"], Resource: roleArns.filter((arn): arn is string => Boolean(arn)) },
              ],
            }),
          ),
        },
        parent,
      );
      for (const { job, definition } of scheduled) {
        new aws.scheduler.Schedule(
          `${name}-${job.name}-schedule`,
          {
            name: `${args.namePrefix}-${job.name}`,
            scheduleExpression: job.cron,
            scheduleExpressionTimezone: args.timeZone,
            flexibleTimeWindow: { mode: "OFF" },
            target: {
              arn: cluster.arn,
              roleArn: schedulerRole.arn,
              retryPolicy: { maximumRetryAttempts: 2 },
              ecsParameters: {
                taskDefinitionArn: arnOf(definition),
                launchType: "FARGATE",
                networkConfiguration: { subnets: args.subnetIds, securityGroups: [args.securityGroupId], assignPublicIp: false },
              },
            },
          },
          parent,
        );
      }
    }

    this.clusterArn = cluster.arn;
    this.migrationTaskDefinitionArn = arnOf(migration);
    this.registerOutputs({ clusterArn: this.clusterArn, migrationTaskDefinitionArn: this.migrationTaskDefinitionArn });
  }
}
