/**
 * Pure rules for the Aurora PostgreSQL cluster: versions, instance classes, storage, where the
 * instances go, the names RDS gives things, and the IAM resources of its database users.
 *
 * Why Aurora: RDS refuses read replicas of a source whose master password it manages in Secrets Manager, for every
 * engine but SQL Server ("Password management with Amazon RDS and AWS Secrets Manager", Limitations;
 * terraform-aws-modules/terraform-aws-rds#532), while an Aurora cluster's reader instances share its volume and its
 * managed secret (Aurora User Guide, same page: only Blue/Green, global databases, Serverless v1, cross-Region
 * replicas and binlog replication are excluded). An RDS Multi-AZ DB cluster would allow it too, but always runs three
 * non-burstable instances and cannot be stopped (RDS User Guide, "Limitations of Multi-AZ DB clusters"), so dev could
 * not be cheap; Aurora runs one db.t4g.medium writer in dev and a writer plus readers in prod with one design.
 */

export const AURORA_ENGINE = "aurora-postgresql";

/** Aurora PostgreSQL majors in standard support (Aurora PostgreSQL release calendar). */
export const AURORA_POSTGRES_MAJORS = ["16", "17"] as const;

/**
 * CreateDBCluster takes a full Aurora PostgreSQL version (major.minor, e.g. 17.7); the cluster starts on it and minor
 * upgrades then follow AWS (autoMinorVersionUpgrade), so the stack's value is a floor, not a pin.
 */
export function engineVersionProblem(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(version);
  if (!match) return "expected an Aurora PostgreSQL version major.minor such as 17.7";
  if (!(AURORA_POSTGRES_MAJORS as readonly string[]).includes(match[1]))
    return `expected a major Aurora PostgreSQL supports: ${AURORA_POSTGRES_MAJORS.join(", ")}`;
  return undefined;
}

/** The cluster parameter group family of a version: aurora-postgresql17 for 17.7. */
export function clusterParameterGroupFamily(engineVersion: string): string {
  return `${AURORA_ENGINE}${engineVersion.split(".")[0]}`;
}

/**
 * Instance class families Aurora PostgreSQL runs on ("Supported DB engines for DB instance classes", Aurora User
 * Guide): memory-optimized Graviton and Intel, Optimized Reads, and the burstable db.t4g / db.t3 (medium and large
 * only, and for development: "We recommend using the T DB instance classes only for development and test servers").
 * Aurora has no db.m* general-purpose classes.
 */
const AURORA_FAMILIES = ["r8g", "r8gd", "r7g", "r7i", "r6g", "r6gd", "r6i", "r6id", "x2g"] as const;
const BURSTABLE = { families: ["t4g", "t3"], sizes: ["medium", "large"] } as const;

export function isBurstable(instanceClass: string): boolean {
  return /^db\.t\d/.test(instanceClass);
}

/** Why Aurora PostgreSQL would refuse an instance class, if it would. */
export function instanceClassProblem(instanceClass: string): string | undefined {
  const match = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceClass);
  if (!match) return "expected an RDS instance class such as db.r7g.large";
  const [, family, size] = match;
  if ((BURSTABLE.families as readonly string[]).includes(family)) {
    return (BURSTABLE.sizes as readonly string[]).includes(size) ? undefined : `Aurora PostgreSQL offers db.${family} only as ${BURSTABLE.sizes.join(" or ")}`;
  }
  if ((AURORA_FAMILIES as readonly string[]).includes(family)) return undefined;
  const allowed = [...AURORA_FAMILIES, ...BURSTABLE.families].map((f) => `db.${f}`).join(", ");
  return `Aurora PostgreSQL has no db.${family} classes (Aurora has no db.m*); expected one of ${allowed}`;
}

/**
 * Aurora storage grows by itself (to 128 TiB) and offers no provisioned IOPS: Standard bills per I/O request,
 * I/O-Optimized (storage type aurora-iopt1) none, for higher instance and storage prices; AWS suggests it once I/O is
 * more than a quarter of the cluster's bill ("Storage configurations for Amazon Aurora DB clusters").
 */
export const AURORA_STORAGE = ["standard", "io-optimized"] as const;
export type AuroraStorage = (typeof AURORA_STORAGE)[number];

/** The cluster's storageType: unset for Standard (the provider's default ""), aurora-iopt1 for I/O-Optimized. */
export function storageType(storage: AuroraStorage): string | undefined {
  return storage === "io-optimized" ? "aurora-iopt1" : undefined;
}

/** An Aurora cluster has at most 15 Aurora Replicas (Aurora User Guide, "Aurora Replicas"). */
export const MAX_AURORA_REPLICAS = 15;
/** Aurora automated backups keep 1 to 35 days: unlike RDS instances, they cannot be turned off (CreateDBCluster BackupRetentionPeriod). */
export const AURORA_BACKUP_RETENTION = { min: 1, max: 35 } as const;

/** The zone of each instance: the writer in the first zone, reader i in the next ones, wrapping when readers outnumber zones. */
export function instanceZones(zones: string[], readers: number): { writer: string; readers: string[] } {
  return { writer: zones[0], readers: Array.from({ length: readers }, (_, i) => zones[(i + 1) % zones.length]) };
}

/**
 * Identifiers of the cluster and its instances. RDS: 1 to 63 letters, digits or hyphens, starting with a letter, no two
 * consecutive hyphens and no trailing one (CreateDBCluster DBClusterIdentifier, CreateDBInstance DBInstanceIdentifier).
 */
export const RDS_IDENTIFIER_MAX = 63;
export function clusterIdentifiers(namePrefix: string, readers: number): { cluster: string; writer: string; readers: string[] } {
  const cluster = `${namePrefix}-db`;
  return { cluster, writer: `${cluster}-writer`, readers: Array.from({ length: readers }, (_, i) => `${cluster}-reader-${i + 1}`) };
}

export function identifierProblem(identifier: string): string | undefined {
  if (identifier.length > RDS_IDENTIFIER_MAX) return `${identifier} is ${identifier.length} characters; RDS allows ${RDS_IDENTIFIER_MAX}`;
  if (!/^[a-z][a-z0-9-]*$/.test(identifier) || identifier.includes("--") || identifier.endsWith("-")) {
    return `${identifier} is no RDS identifier (a letter, then letters, digits and single hyphens, no trailing hyphen)`;
  }
  return undefined;
}

/** Log types Aurora PostgreSQL exports to CloudWatch Logs (CreateDBCluster EnableCloudwatchLogsExports: postgresql). */
export const AURORA_POSTGRES_LOG_EXPORTS = ["postgresql"] as const;

/** The groups RDS writes a cluster's exports to: /aws/rds/cluster/<cluster>/<log type> (Aurora User Guide, "Publishing Aurora PostgreSQL logs"). */
export function clusterLogGroupPrefix(clusterIdentifier: string): string {
  return `/aws/rds/cluster/${clusterIdentifier}/`;
}

export function clusterLogGroupName(clusterIdentifier: string, logType: string): string {
  return `${clusterLogGroupPrefix(clusterIdentifier)}${logType}`;
}

/**
 * The IAM resource of a database user, what `rds-db:connect` is granted on: for Aurora the cluster's resource id
 * (cluster-ABC...), not its name ("Creating and using an IAM policy for IAM database access", Aurora User Guide).
 */
export function databaseUserArn(partition: string, region: string, accountId: string, clusterResourceId: string, user: string): string {
  return `arn:${partition}:rds-db:${region}:${accountId}:dbuser:${clusterResourceId}/${user}`;
}
