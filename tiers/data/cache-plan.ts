/** Pure rules for the ElastiCache replication group. */

export const CACHE_ENGINES = ["valkey", "redis"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

/** Engine versions ElastiCache offers for new replication groups (ElastiCache supported engine versions). */
export const CACHE_ENGINE_VERSIONS: Record<CacheEngine, readonly string[]> = {
  valkey: ["7.2", "8.0", "8.1"],
  redis: ["6.2", "7.0", "7.1"],
};

/** Replicas per shard with cluster mode disabled: 0 to 5 (ElastiCache replication, Redis OSS/Valkey). */
export const MAX_CACHE_REPLICAS = 5;
/** Automatic snapshots are kept up to 35 days (CreateReplicationGroup SnapshotRetentionLimit). */
export const MAX_SNAPSHOT_RETENTION_DAYS = 35;

/** The cache parameter group family of an engine version: valkey8, redis7, redis6.x. */
export function cacheParameterFamily(engine: CacheEngine, engineVersion: string): string {
  const major = engineVersion.split(".")[0];
  return engine === "redis" && major === "6" ? "redis6.x" : `${engine}${major}`;
}

/** Why a node type cannot hold replicas with automatic failover, if it cannot. */
export function replicaProblem(nodeType: string, replicas: number): string | undefined {
  // Multi-AZ with automatic failover is not supported on T1 node types (CreateReplicationGroup MultiAZEnabled).
  if (replicas > 0 && nodeType.startsWith("cache.t1."))
    return `${nodeType} cannot have replicas with automatic failover: use a current node type such as cache.t4g.small`;
  return undefined;
}

export interface CacheTopology {
  numCacheClusters: number;
  automaticFailoverEnabled: boolean;
  multiAzEnabled: boolean;
}

/** A primary plus its replicas; failover and Multi-AZ need at least one replica. */
export function cacheTopology(replicas: number): CacheTopology {
  const failover = replicas > 0;
  return { numCacheClusters: 1 + replicas, automaticFailoverEnabled: failover, multiAzEnabled: failover };
}
