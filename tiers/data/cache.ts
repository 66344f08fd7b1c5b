import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cacheParameterFamily, cacheTopology, type CacheEngine } from "./cache-plan";

export interface CacheSettings {
  /** valkey or redis (`platform:data.cache.engine`). */
  engine: CacheEngine;
  /** Engine version, e.g. 8.0. */
  engineVersion: string;
  /** ElastiCache node type, e.g. cache.r7g.large. */
  nodeType: string;
  /** Replicas of the primary, 0-5; 1 or more turns on automatic failover and Multi-AZ. */
  replicas: number;
  /** Days automatic snapshots are kept; 0 turns them off. */
  snapshotRetentionDays: number;
  /** UTC snapshot window (hh24:mi-hh24:mi) and weekly maintenance window (ddd:hh24:mi-ddd:hh24:mi). */
  windows: { snapshot: string; maintenance: string };
}

export interface CacheArgs {
  /** Prefix of the replication group's, subnet group's and secret's names: `<project>-<stack>`. */
  namePrefix: string;
  /** Engine, size, replicas, snapshots and windows (`platform:data.cache`). */
  settings: CacheSettings;
  /** The data subnets, one per zone. */
  subnetIds: pulumi.Input<string>[];
  /** The cache security group (reachable from web and worker only). */
  securityGroupId: pulumi.Input<string>;
  /** TCP port the cache listens on (`platform:ports.cache`, default 6379). */
  port: number;
  /** The stack key: encrypts the cache at rest and its AUTH token secret. */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Keep the replication group from `pulumi destroy`, and a deleted token secret recoverable for 30 days; otherwise
   * delete it at once, so a new stack of the same name can recreate it.
   */
  protect: boolean;
}

// AUTH tokens are 16-128 printable characters without @, " or / (CreateReplicationGroup AuthToken):
// letters and digits only keep clear of all three.
const AUTH_TOKEN_LENGTH = 64;

/**
 * A Valkey or Redis OSS replication group in the data subnets: encrypted at rest with the stack key
 * and in transit, an AUTH token generated once and kept in Secrets Manager, failover and Multi-AZ
 * when it has replicas, automatic snapshots.
 */
export class Cache extends pulumi.ComponentResource {
  readonly primaryEndpoint: pulumi.Output<string>;
  readonly authTokenSecretArn: pulumi.Output<string>;
  /** The replication group's id, `<prefix>-cache`. */
  readonly replicationGroupId: pulumi.Output<string>;
  /** Member clusters of the group, one node each: the ids ElastiCache publishes metrics under. */
  readonly memberClusterIds: pulumi.Output<string>[];

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Cache", name, {}, opts);
    const parent = { parent: this };
    const s = args.settings;
    const id = `${args.namePrefix}-cache`;

    const secret = new aws.secretsmanager.Secret(
      `${name}-auth-token`,
      {
        name: `${args.namePrefix}/cache/auth-token`,
        description: `AUTH token of ${id}`,
        kmsKeyId: args.kmsKeyArn,
        recoveryWindowInDays: args.protect ? 30 : 0,
      },
      parent,
    );
    const generated = aws.secretsmanager.getRandomPasswordOutput({ passwordLength: AUTH_TOKEN_LENGTH, excludePunctuation: true, includeSpace: false }, parent);
    // The token is generated on the first deployment only: later runs keep the stored value.
    const token = new aws.secretsmanager.SecretVersion(
      `${name}-auth-token-value`,
      { secretId: secret.id, secretString: pulumi.secret(generated.randomPassword.apply((p) => p ?? "")) },
      { parent: this, ignoreChanges: ["secretString"] },
    );

    const subnetGroup = new aws.elasticache.SubnetGroup(
      `${name}-subnets`,
      { name: id, subnetIds: args.subnetIds, description: `Data subnets of ${args.namePrefix}` },
      parent,
    );
    const family = cacheParameterFamily(s.engine, s.engineVersion);
    const parameterGroup = new aws.elasticache.ParameterGroup(
      `${name}-params`,
      {
        name: `${id}-${family.replace(".", "-")}`,
        family,
        description: `Parameters of ${id}`,
      },
      parent,
    );
    const topology = cacheTopology(s.replicas);
    const group = new aws.elasticache.ReplicationGroup(
      `${name}-group`,
      {
        replicationGroupId: id,
        description: `Cache of ${args.namePrefix}`,
        engine: s.engine,
        engineVersion: s.engineVersion,
        nodeType: s.nodeType,
        port: args.port,
        ...topology,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [args.securityGroupId],
        parameterGroupName: parameterGroup.name,
        atRestEncryptionEnabled: true,
        kmsKeyId: args.kmsKeyArn,
        transitEncryptionEnabled: true,
        authToken: token.secretString.apply((t) => t ?? ""),
        snapshotRetentionLimit: s.snapshotRetentionDays,
        snapshotWindow: s.windows.snapshot,
        maintenanceWindow: s.windows.maintenance,
        autoMinorVersionUpgrade: true,
        tags: { Name: id },
      },
      { parent: this, protect: args.protect },
    );
    this.primaryEndpoint = group.primaryEndpointAddress;
    this.authTokenSecretArn = secret.arn;
    this.replicationGroupId = group.replicationGroupId;
    // Without cluster mode, ElastiCache names the member clusters <group id>-001, -002, ... in order.
    this.memberClusterIds = Array.from({ length: topology.numCacheClusters }, (_, i) =>
      group.replicationGroupId.apply((groupId) => `${groupId}-${String(i + 1).padStart(3, "0")}`),
    );
    this.registerOutputs({ primaryEndpoint: this.primaryEndpoint, authTokenSecretArn: this.authTokenSecretArn });
  }
}
