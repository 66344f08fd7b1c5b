import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../lib/arn";
import { parameterGroupFamily, type DbStorage } from "./database-plan";
import { serviceTrustPolicy } from "../../lib/trust-policy";

export interface DatabaseSettings {
  engine: "postgres";
  engineVersion: string;
  instanceClass: string;
  storage: DbStorage;
  multiAz: boolean;
  readReplicas: number;
  backupRetentionDays: number;
  windows: { backup: string; maintenance: string };
  monitoringIntervalSeconds: number;
  performanceInsightsRetentionDays: number;
}

export interface DatabaseArgs {
  namePrefix: string;
  region: string;
  settings: DatabaseSettings;
  subnetIds: pulumi.Input<string>[];
  /** Zones the replicas are spread over, in order. */
  availabilityZones: pulumi.Input<string[]>;
  securityGroupId: pulumi.Input<string>;
  port: number;
  kmsKeyArn: pulumi.Input<string>;
  /** Deletion protection, a final snapshot, and the primary and its log groups kept from `pulumi destroy`. */
  protect: boolean;
  /** Retention of the log groups RDS exports to. */
  logRetentionDays: number;
  internalZoneId: pulumi.Input<string>;
  internalZoneName: string;
}

/** Log types RDS for PostgreSQL publishes to CloudWatch Logs (CreateDBInstance EnableCloudwatchLogsExports). */
const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"];

/**
 * RDS PostgreSQL in the data subnets: encrypted with the stack key, password managed by RDS in
 * Secrets Manager, TLS enforced, IAM authentication, enhanced monitoring, Performance Insights,
 * and read replicas spread over the zones behind one reader name in the private zone.
 */
export class Database extends pulumi.ComponentResource {
  readonly endpoint: pulumi.Output<string>;
  readonly readerEndpoint: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly masterUserSecretArn: pulumi.Output<string>;
  readonly replicaIdentifiers: pulumi.Output<string>[];

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Database", name, {}, opts);
    const parent = { parent: this };
    const s = args.settings;
    const identifier = `${args.namePrefix}-db`;

    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      { name: identifier, subnetIds: args.subnetIds, description: `Data subnets of ${args.namePrefix}` },
      parent,
    );
    const parameterGroup = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        name: `${identifier}-${parameterGroupFamily(s.engine, s.engineVersion)}`,
        family: parameterGroupFamily(s.engine, s.engineVersion),
        description: `TLS-only connections for ${identifier}`,
        parameters: [{ name: "rds.force_ssl", value: "1" }],
      },
      parent,
    );
    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring`,
      {
        name: `${identifier}-monitoring`,
        assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com"),
      },
      parent,
    );
    const monitoringPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-monitoring-policy`,
      { role: monitoringRole.name, policyArn: `arn:${partitionOf(args.region)}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole` },
      parent,
    );

    const shared = {
      instanceClass: s.instanceClass,
      port: args.port,
      vpcSecurityGroupIds: [args.securityGroupId],
      publiclyAccessible: false,
      parameterGroupName: parameterGroup.name,
      storageEncrypted: true,
      kmsKeyId: args.kmsKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      monitoringInterval: s.monitoringIntervalSeconds,
      monitoringRoleArn: monitoringRole.arn,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: args.kmsKeyArn,
      performanceInsightsRetentionPeriod: s.performanceInsightsRetentionDays,
      enabledCloudwatchLogsExports: POSTGRES_LOG_EXPORTS,
      autoMinorVersionUpgrade: true,
      maintenanceWindow: s.windows.maintenance,
      copyTagsToSnapshot: true,
    };
    // RDS publishes each export to /aws/rds/instance/<identifier>/<log type>, creating the group without retention or key
    // when missing (the name public Terraform RDS modules pre-create); declared first, it writes to these.
    const exportLogGroups = (instanceIdentifier: string, part: string, protect: boolean) =>
      POSTGRES_LOG_EXPORTS.map(
        (logType) =>
          new aws.cloudwatch.LogGroup(
            `${name}-${part}-${logType}-logs`,
            { name: `/aws/rds/instance/${instanceIdentifier}/${logType}`, retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn },
            { parent: this, protect },
          ),
      );
    const primary = new aws.rds.Instance(
      `${name}-primary`,
      {
        ...shared,
        identifier,
        engine: s.engine,
        engineVersion: s.engineVersion,
        dbName: "platform",
        username: "platformadmin",
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: args.kmsKeyArn,
        allocatedStorage: s.storage.allocatedGb,
        storageType: s.storage.type,
        iops: s.storage.iops,
        multiAz: s.multiAz,
        dbSubnetGroupName: subnetGroup.name,
        backupRetentionPeriod: s.backupRetentionDays,
        backupWindow: s.windows.backup,
        deletionProtection: args.protect,
        skipFinalSnapshot: !args.protect,
        finalSnapshotIdentifier: args.protect ? `${identifier}-final` : undefined,
        tags: { Name: identifier },
      },
      { parent: this, dependsOn: [monitoringPolicy, ...exportLogGroups(identifier, "primary", args.protect)], protect: args.protect },
    );

    // Replicas hold no data of their own (they are rebuilt from the primary), so neither they nor their log groups are
    // protected: lowering readReplicas must be able to delete one.
    const replicas = Array.from(
      { length: s.readReplicas },
      (_, i) =>
        new aws.rds.Instance(
          `${name}-replica-${i + 1}`,
          {
            ...shared,
            identifier: `${identifier}-replica-${i + 1}`,
            deletionProtection: false,
            // A replica in the same region names its source by identifier and inherits engine, storage and credentials.
            replicateSourceDb: primary.identifier,
            availabilityZone: pulumi.output(args.availabilityZones).apply((zones) => zones[(i + 1) % zones.length]),
            skipFinalSnapshot: true,
            tags: { Name: `${identifier}-replica-${i + 1}` },
          },
          { parent: this, dependsOn: [monitoringPolicy, ...exportLogGroups(`${identifier}-replica-${i + 1}`, `replica-${i + 1}`, false)] },
        ),
    );

    // RDS instances have no reader endpoint of their own: one name in the private zone spreads reads
    // over the replicas, or points at the primary while there are none.
    const readerName = `db-reader.${args.internalZoneName}`;
    const readerTargets = replicas.length > 0 ? replicas : [primary];
    readerTargets.forEach(
      (target, i) =>
        new aws.route53.Record(
          `${name}-reader-${i + 1}`,
          {
            zoneId: args.internalZoneId,
            name: readerName,
            type: "CNAME",
            ttl: 30,
            records: [target.address],
            setIdentifier: `reader-${i + 1}`,
            weightedRoutingPolicies: [{ weight: 1 }],
          },
          parent,
        ),
    );

    this.endpoint = primary.endpoint;
    this.readerEndpoint = pulumi.interpolate`${readerName}:${args.port}`;
    this.arn = primary.arn;
    this.masterUserSecretArn = primary.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn ?? "");
    this.replicaIdentifiers = replicas.map((r) => r.identifier);
    this.registerOutputs({ endpoint: this.endpoint, readerEndpoint: this.readerEndpoint, masterUserSecretArn: this.masterUserSecretArn });
  }
}
