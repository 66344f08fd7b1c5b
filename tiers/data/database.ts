import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../lib/arn";
import { serviceTrustPolicy } from "../../lib/trust-policy";
import {
  AURORA_ENGINE,
  AURORA_POSTGRES_LOG_EXPORTS,
  clusterIdentifiers,
  clusterLogGroupName,
  clusterParameterGroupFamily,
  instanceZones,
  storageType,
  type AuroraStorage,
} from "./aurora-plan";
import { DATABASE_NAME, MASTER_USER } from "./database-roles-plan";

/** Aurora Replica auto scaling (Application Auto Scaling) above the readers the stack declares. */
export interface ReaderAutoScaling {
  /** Most readers in the cluster, declared ones included (at most 15). */
  maxReaders: number;
  /** Average reader CPU, in percent, that scaling holds (RDSReaderAverageCPUUtilization). */
  targetCpuPercent: number;
}

export interface DatabaseSettings {
  /** Always aurora-postgresql: Aurora readers share the cluster's managed master secret. */
  engine: typeof AURORA_ENGINE;
  /** Aurora PostgreSQL version a new cluster starts on, major.minor (e.g. 17.7); minors then follow AWS's upgrades. */
  engineVersion: string;
  /** Class of every instance, writer and readers alike, so any reader can take over as writer. */
  instanceClass: string;
  /** Aurora Standard (billed per I/O) or I/O-Optimized. */
  storage: AuroraStorage;
  /** Reader instances, each in another zone than the writer where there are zones enough; 0 for none (no failover target). */
  readers: number;
  /** Replica auto scaling above `readers`; unset for a fixed count. */
  readerAutoScaling?: ReaderAutoScaling;
  /** Days of automated backups (point-in-time recovery), 1 to 35. */
  backupRetentionDays: number;
  /** UTC windows: daily backup (hh24:mi-hh24:mi), weekly maintenance (ddd:hh24:mi-ddd:hh24:mi). */
  windows: { backup: string; maintenance: string };
  /** Enhanced monitoring interval of each instance, in seconds (0 for off). */
  monitoringIntervalSeconds: number;
  /** Days Performance Insights keeps, on each instance. */
  performanceInsightsRetentionDays: number;
}

export interface DatabaseArgs {
  /** Prefix of the instances', groups' and roles' names: `<project>-<stack>`. */
  namePrefix: string;
  /** The stack's region; gives the partition of the monitoring policy's ARN. */
  region: string;
  /** Engine, class, storage, HA, backups and monitoring (`platform:data`). */
  settings: DatabaseSettings;
  /** The data subnets, one per zone, for the DB subnet group. */
  subnetIds: pulumi.Input<string>[];
  /** Zones of the data subnets, in order: the writer goes to the first, readers to the next ones. */
  availabilityZones: pulumi.Input<string[]>;
  /** The database security group (reachable from web and worker only). */
  securityGroupId: pulumi.Input<string>;
  /** TCP port the database listens on (`platform:ports.database`, default 5432). */
  port: number;
  /** The stack key: encrypts storage, Performance Insights, the managed master secret and the log groups. */
  kmsKeyArn: pulumi.Input<string>;
  /** Deletion protection, a final snapshot, and the cluster and its log group kept from `pulumi destroy`. */
  protect: boolean;
  /** Retention of the log group RDS exports to, in days. */
  logRetentionDays: number;
}

// Aurora adds a reader in about ten minutes; scaling in sooner than that would remove what it just added.
const SCALE_OUT_COOLDOWN_SECONDS = 300;
const SCALE_IN_COOLDOWN_SECONDS = 900;

/**
 * Aurora PostgreSQL in the data subnets: encrypted with the stack key, master password managed by RDS in Secrets
 * Manager, TLS enforced, IAM database authentication, a writer and readers across zones behind the cluster's
 * reader endpoint, enhanced monitoring and Performance Insights on every instance.
 */
export class Database extends pulumi.ComponentResource {
  /** Writer endpoint, host:port. */
  readonly endpoint: pulumi.Output<string>;
  /** Reader endpoint, host:port: DNS over the available readers, the writer while there are none. */
  readonly readerEndpoint: pulumi.Output<string>;
  readonly host: pulumi.Output<string>;
  readonly readerHost: pulumi.Output<string>;
  /** The cluster's ARN: what AWS Backup selects. */
  readonly arn: pulumi.Output<string>;
  readonly clusterIdentifier: pulumi.Output<string>;
  /** The writer's and the declared readers' identifiers (auto-scaled readers are named by AWS). */
  readonly instanceIdentifiers: pulumi.Output<string>[];
  /** cluster-ABC...: the id `rds-db:connect` names. */
  readonly clusterResourceId: pulumi.Output<string>;
  /** The RDS-managed secret of the master user: for the migration task only. */
  readonly masterUserSecretArn: pulumi.Output<string>;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Database", name, {}, opts);
    const parent = { parent: this };
    const s = args.settings;
    const ids = clusterIdentifiers(args.namePrefix, s.readers);
    const family = clusterParameterGroupFamily(s.engineVersion);

    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      { name: ids.cluster, subnetIds: args.subnetIds, description: `Data subnets of ${args.namePrefix}` },
      parent,
    );
    // rds.force_ssl is a cluster-level parameter in Aurora PostgreSQL.
    const parameterGroup = new aws.rds.ClusterParameterGroup(
      `${name}-params`,
      { name: `${ids.cluster}-${family}`, family, description: `TLS-only connections for ${ids.cluster}`, parameters: [{ name: "rds.force_ssl", value: "1" }] },
      parent,
    );
    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring`,
      { name: `${ids.cluster}-monitoring`, assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com") },
      parent,
    );
    const monitoringPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-monitoring-policy`,
      { role: monitoringRole.name, policyArn: `arn:${partitionOf(args.region)}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole` },
      parent,
    );
    // RDS creates the group on first export, without retention or key, unless it exists: declared first, it writes here.
    const logGroups = AURORA_POSTGRES_LOG_EXPORTS.map(
      (logType) =>
        new aws.cloudwatch.LogGroup(
          `${name}-${logType}-logs`,
          { name: clusterLogGroupName(ids.cluster, logType), retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn },
          { parent: this, protect: args.protect },
        ),
    );

    const cluster = new aws.rds.Cluster(
      `${name}-cluster`,
      {
        clusterIdentifier: ids.cluster,
        engine: AURORA_ENGINE,
        engineVersion: s.engineVersion,
        databaseName: DATABASE_NAME,
        masterUsername: MASTER_USER,
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: args.kmsKeyArn,
        storageEncrypted: true,
        kmsKeyId: args.kmsKeyArn,
        storageType: storageType(s.storage),
        port: args.port,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [args.securityGroupId],
        dbClusterParameterGroupName: parameterGroup.name,
        iamDatabaseAuthenticationEnabled: true,
        backupRetentionPeriod: s.backupRetentionDays,
        preferredBackupWindow: s.windows.backup,
        preferredMaintenanceWindow: s.windows.maintenance,
        copyTagsToSnapshot: true,
        enabledCloudwatchLogsExports: [...AURORA_POSTGRES_LOG_EXPORTS],
        deletionProtection: args.protect,
        skipFinalSnapshot: !args.protect,
        finalSnapshotIdentifier: args.protect ? `${ids.cluster}-final` : undefined,
        tags: { Name: ids.cluster },
      },
      // AWS upgrades minors in the maintenance window and refuses a downgrade, so a stale floor must not be
      // "restored" (terraform-aws-modules/terraform-aws-rds-aurora#228); a major upgrade is a deliberate change.
      { parent: this, protect: args.protect, dependsOn: logGroups, ignoreChanges: ["engineVersion"] },
    );

    const zones = pulumi.output(args.availabilityZones).apply((names) => instanceZones(names, s.readers));
    const instance = (identifier: string, zone: pulumi.Input<string>, promotionTier: number, dependsOn: pulumi.Resource[]) =>
      new aws.rds.ClusterInstance(
        `${name}-${identifier.slice(ids.cluster.length + 1)}`,
        {
          identifier,
          clusterIdentifier: cluster.clusterIdentifier,
          engine: AURORA_ENGINE,
          instanceClass: s.instanceClass,
          availabilityZone: zone,
          dbSubnetGroupName: subnetGroup.name,
          publiclyAccessible: false,
          promotionTier,
          autoMinorVersionUpgrade: true,
          monitoringInterval: s.monitoringIntervalSeconds,
          monitoringRoleArn: monitoringRole.arn,
          // No instance class restriction on Aurora PostgreSQL, db.t4g.medium included (Aurora User Guide, "DB engine,
          // Region, and instance class support for Database Insights"); its API outlives the console's end of life.
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: args.kmsKeyArn,
          performanceInsightsRetentionPeriod: s.performanceInsightsRetentionDays,
          copyTagsToSnapshot: true,
          tags: { Name: identifier },
        },
        // Instances hold no data of their own (the volume is the cluster's), so none is protected: a reader must be
        // removable by lowering `readers`.
        { parent: this, dependsOn },
      );
    // The first instance of a cluster becomes its writer: readers wait for it. Declared readers fail over first
    // (tier 1); auto-scaled ones get tier 15 (Aurora User Guide, "Aurora Auto Scaling").
    const writer = instance(ids.writer, zones.writer, 0, [monitoringPolicy]);
    const readers = ids.readers.map((identifier, i) =>
      instance(
        identifier,
        zones.readers.apply((r) => r[i]),
        1,
        [writer],
      ),
    );

    if (s.readerAutoScaling) {
      // The ReadReplicaCount dimension counts every Aurora Replica, declared ones included; scaling removes only the
      // replicas it added (Aurora User Guide, "Amazon Aurora Auto Scaling with Aurora Replicas").
      const target = new aws.appautoscaling.Target(
        `${name}-readers`,
        {
          serviceNamespace: "rds",
          scalableDimension: "rds:cluster:ReadReplicaCount",
          resourceId: pulumi.interpolate`cluster:${cluster.clusterIdentifier}`,
          minCapacity: s.readers,
          maxCapacity: s.readerAutoScaling.maxReaders,
        },
        { parent: this, dependsOn: [writer, ...readers] },
      );
      new aws.appautoscaling.Policy(
        `${name}-readers-cpu`,
        {
          name: `${ids.cluster}-readers-cpu`,
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          policyType: "TargetTrackingScaling",
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: "RDSReaderAverageCPUUtilization" },
            targetValue: s.readerAutoScaling.targetCpuPercent,
            scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
            scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
          },
        },
        parent,
      );
    }

    this.host = cluster.endpoint;
    this.readerHost = cluster.readerEndpoint;
    this.endpoint = pulumi.interpolate`${cluster.endpoint}:${args.port}`;
    this.readerEndpoint = pulumi.interpolate`${cluster.readerEndpoint}:${args.port}`;
    this.arn = cluster.arn;
    this.clusterIdentifier = cluster.clusterIdentifier;
    this.instanceIdentifiers = [writer, ...readers].map((i) => i.identifier);
    this.clusterResourceId = cluster.clusterResourceId;
    this.masterUserSecretArn = cluster.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn ?? "");
    this.registerOutputs({ endpoint: this.endpoint, readerEndpoint: this.readerEndpoint, masterUserSecretArn: this.masterUserSecretArn });
  }
}
