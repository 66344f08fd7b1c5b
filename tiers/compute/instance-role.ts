import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../lib/arn";
import { sessionManagerPolicy } from "../../lib/session-manager-policy";
import { serviceTrustPolicy } from "../../lib/trust-policy";
import { instancePolicy } from "./instance-policy-plan";

export interface InstanceRoleArgs {
  /** Prefix of the role and profile names, e.g. platform-prod. */
  namePrefix: string;
  /** The tier whose instances the role serves: its role is <prefix>-<tier>-instance. */
  tier: "web" | "worker";
  /** The tier's Auto Scaling groups, whose instances may mark themselves unhealthy. */
  groupNames: string[];
  /** The release pointers of those groups (SSM parameter names), read at boot. Default: none (container hosts). */
  releasePointers?: string[];
  /** Target groups the instances leave and join while a release restarts them (web on instances). Default: none. */
  targetGroupArns?: pulumi.Input<string>[];
  /** Region of the environment, for log group ARNs and conditions. */
  region: string;
  /** Account of the log groups, for their ARNs. */
  accountId: pulumi.Input<string>;
  /** The shared stack's release bucket. */
  releaseBucketArn: pulumi.Input<string>;
  /** The pinned release; undefined when none is, and the instances may read no release. */
  release: string | undefined;
  /** The release a beta web group runs beside it (web only). Default: none. */
  betaRelease?: string;
  /** Queues the application sends to and works. */
  queueArns: pulumi.Input<string>[];
  /** Secrets the application reads. */
  secretArns: pulumi.Input<string>[];
  /** Buckets the application reads and writes. */
  bucketArns: pulumi.Input<string>[];
  /** rds-db:connect resources of the database user the application logs in as. */
  databaseUserArns: pulumi.Input<string>[];
  /** Keys the application uses through the services that encrypt with them. */
  kmsKeyArns: pulumi.Input<string>[];
  /** Log groups the instances write, as a name prefix such as /platform-prod/. */
  logGroupPrefix: string;
  /** CloudWatch namespace of the application's own metrics. */
  metricNamespace: string;
  /** The environment's Session Manager log group, which sessions on the instances stream to. */
  sessionLogGroupArn: pulumi.Input<string>;
  /** Whether the tier runs as ECS container instances, whose agent needs ECS's instance role policy. */
  containerHosts: boolean;
}

/**
 * The instance role of one tier's instances (or container instances), children of the compute component: its release,
 * this environment's queues, secrets and buckets, its log groups and metrics, its own groups' health, and Session Manager.
 * One role per tier, so a web instance cannot act as a worker's group, nor read a release only beta runs on the worker.
 */
export function instanceProfile(name: string, args: InstanceRoleArgs, parent: pulumi.Resource): aws.iam.InstanceProfile {
  const opts = { parent };
  const partition = partitionOf(args.region);
  const role = new aws.iam.Role(
    `${name}-${args.tier}-instance-role`,
    { name: `${args.namePrefix}-${args.tier}-instance`, assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com") },
    opts,
  );
  const policy = pulumi
    .all([
      args.accountId,
      args.releaseBucketArn,
      pulumi.all(args.queueArns),
      pulumi.all(args.secretArns),
      pulumi.all(args.bucketArns),
      pulumi.all(args.kmsKeyArns),
      pulumi.all(args.databaseUserArns),
      pulumi.all(args.targetGroupArns ?? []),
    ])
    .apply(([accountId, releaseBucketArn, queueArns, secretArns, bucketArns, kmsKeyArns, databaseUserArns, targetGroupArns]) =>
      instancePolicy({
        partition,
        region: args.region,
        accountId,
        releaseBucketArn,
        release: args.release,
        betaRelease: args.betaRelease,
        queueArns,
        secretArns,
        bucketArns,
        kmsKeyArns,
        databaseUserArns,
        logGroupPrefix: args.logGroupPrefix,
        groupNames: args.groupNames,
        releasePointers: args.releasePointers,
        targetGroupArns,
        metricNamespaces: ["CWAgent", args.metricNamespace],
      }),
    );
  new aws.iam.RolePolicy(`${name}-${args.tier}-instance-policy`, { role: role.name, policy: policy.apply((document) => JSON.stringify(document)) }, opts);
  // Session Manager and Run Command instead of SSH.
  new aws.iam.RolePolicy(
    `${name}-${args.tier}-instance-session-manager`,
    { role: role.id, policy: pulumi.output(args.sessionLogGroupArn).apply((arn) => sessionManagerPolicy(args.region, arn)) },
    opts,
  );
  if (args.containerHosts) {
    // What the ECS agent needs to register the instance and run its tasks (the instance role the ECS developer guide prescribes).
    new aws.iam.RolePolicyAttachment(
      `${name}-${args.tier}-instance-ecs`,
      { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role` },
      opts,
    );
  }
  return new aws.iam.InstanceProfile(`${name}-${args.tier}-instance-profile`, { name: `${args.namePrefix}-${args.tier}-instance`, role: role.name }, opts);
}
