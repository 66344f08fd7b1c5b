import { z } from "zod";
import { REGION_NAME } from "../lib/regions";
import { backupWindowClash } from "../tiers/data/backup-plan";
import { resultsLifecycleProblems } from "../tiers/data/bucket-lifecycle-plan";
import { CACHE_ENGINE_VERSIONS, CACHE_ENGINES, MAX_CACHE_REPLICAS, MAX_SNAPSHOT_RETENTION_DAYS, replicaProblem } from "../tiers/data/cache-plan";
import {
  AURORA_BACKUP_RETENTION,
  AURORA_ENGINE,
  AURORA_STORAGE,
  clusterIdentifiers,
  engineVersionProblem,
  identifierProblem,
  instanceClassProblem,
  isBurstable,
  MAX_AURORA_REPLICAS,
} from "../tiers/data/aurora-plan";
import {
  ELASTICACHE_WINDOW_RULES,
  isPerformanceInsightsRetention,
  MONITORING_INTERVALS,
  RDS_WINDOW_RULES,
  windowProblems,
  type WindowRules,
} from "../tiers/data/database-plan";
import { SQS_LIMITS } from "../tiers/data/queue-plan";
import type { EnvironmentRole } from "./roles";

/** Days of automated database backups a role must keep at least (prod: two weeks, project rule; Aurora: 1 at least). */
export const MIN_BACKUP_RETENTION_DAYS: Record<EnvironmentRole, number> = {
  dev: AURORA_BACKUP_RETENTION.min,
  prod: 14,
  "load-test": AURORA_BACKUP_RETENTION.min,
};

const int = (min: number, max: number, what: string) =>
  z.number().int().min(min, `expected ${what} from ${min} to ${max}`).max(max, `expected ${what} from ${min} to ${max}`);

/** A daily and a weekly window, checked against each other. */
function windows<K extends "backup" | "snapshot">(daily: K, rules: WindowRules) {
  const shape = {
    [daily]: z.string().describe(`Daily UTC window of the automated ${daily}, hh24:mi-hh24:mi, at least ${rules.minMinutes} minutes.`),
    maintenance: z
      .string()
      .describe(`Weekly UTC maintenance window, ddd:hh24:mi-ddd:hh24:mi (mon..sun), at least ${rules.minMinutes} minutes, clear of the ${daily} window.`),
  } as { [P in K | "maintenance"]: z.ZodString };
  return z.strictObject(shape).superRefine((w, ctx) => {
    const { [daily]: dailyWindow, maintenance } = w as Record<string, string>;
    const found = windowProblems(dailyWindow, maintenance, rules);
    for (const message of found.daily) ctx.addIssue({ code: "custom", path: [daily], input: dailyWindow, message });
    for (const message of found.weekly) ctx.addIssue({ code: "custom", path: ["maintenance"], input: maintenance, message });
  });
}

/** A string checked by a rule that names its problem. */
const checked = (problem: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", input: value, message });
  });

const readerAutoScaling = z
  .strictObject({
    maxReaders: int(1, MAX_AURORA_REPLICAS, "a reader count").describe("Most readers auto scaling may run; more than readers."),
    targetCpuPercent: int(10, 90, "a percentage").describe("Target tracking: average reader CPU percentage."),
  })
  .describe("Aurora auto scaling of readers above the declared ones, of the writer's class (not a burstable one); unset, none.");

const cache = z
  .strictObject({
    engine: z.enum(CACHE_ENGINES, { error: `expected one of ${CACHE_ENGINES.join(", ")}` }).describe("ElastiCache engine: Valkey or Redis OSS."),
    engineVersion: z.string().describe(
      `Engine version: ${Object.entries(CACHE_ENGINE_VERSIONS)
        .map(([engine, versions]) => `${versions.join(", ")} for ${engine}`)
        .join("; ")}.`,
    ),
    nodeType: z
      .string()
      .regex(/^cache\.[a-z0-9-]+\.[a-z0-9]+$/, "expected an ElastiCache node type such as cache.t4g.small")
      .describe("ElastiCache node type of the primary and its replicas."),
    replicas: int(0, MAX_CACHE_REPLICAS, "a replica count").describe(
      "Replicas of the primary; 1 or more turns on automatic failover and Multi-AZ (needs 2 zones; none on cache.t1 nodes).",
    ),
    snapshotRetentionDays: int(0, MAX_SNAPSHOT_RETENTION_DAYS, "days").describe("Days automatic snapshots are kept; 0 turns them off."),
    windows: windows("snapshot", ELASTICACHE_WINDOW_RULES).describe("The cache's snapshot and maintenance windows."),
  })
  .superRefine((c, ctx) => {
    const versions = CACHE_ENGINE_VERSIONS[c.engine];
    if (!versions.includes(c.engineVersion)) {
      ctx.addIssue({ code: "custom", path: ["engineVersion"], input: c.engineVersion, message: `expected one of ${versions.join(", ")} for ${c.engine}` });
    }
    const problem = replicaProblem(c.nodeType, c.replicas);
    if (problem) ctx.addIssue({ code: "custom", path: ["replicas"], input: c.replicas, message: problem });
  })
  .describe("The ElastiCache replication group, encrypted at rest and in transit, with an AUTH token.");

const queues = z
  .strictObject({
    maxReceiveCount: int(1, SQS_LIMITS.maxReceiveCount, "a receive count").describe("Receives of a message before SQS moves it to its dead-letter queue."),
    visibilityTimeoutSeconds: z
      .strictObject({
        events: int(0, SQS_LIMITS.maxVisibilityTimeoutSeconds, "seconds").describe("Visibility timeout of the events queue, in seconds."),
        tasks: int(0, SQS_LIMITS.maxVisibilityTimeoutSeconds, "seconds").describe("Visibility timeout of the tasks queue, in seconds."),
        notifications: int(0, SQS_LIMITS.maxVisibilityTimeoutSeconds, "seconds").describe("Visibility timeout of the notifications queue, in seconds."),
      })
      .describe("Seconds a received message stays hidden, per queue: longer than a worker spends on one."),
    messageRetentionSeconds: int(SQS_LIMITS.minRetentionSeconds, SQS_LIMITS.maxRetentionSeconds, "seconds").describe("Seconds a message stays on a queue."),
    deadLetterRetentionSeconds: int(SQS_LIMITS.minRetentionSeconds, SQS_LIMITS.maxRetentionSeconds, "seconds").describe(
      "Seconds a message stays on a dead-letter queue.",
    ),
    // 1 or more turns on long polling.
    receiveWaitTimeSeconds: int(1, SQS_LIMITS.maxReceiveWaitSeconds, "seconds of long polling").describe("Seconds of long polling of a receive."),
  })
  .describe("The events, tasks and notifications queues, each with a dead-letter queue.");

const results = z
  .strictObject({
    glacierInstantRetrievalDays: int(1, 36500, "days").describe("Days after which result objects move to Glacier Instant Retrieval."),
    glacierDays: int(1, 36500, "days").describe("Days after which result objects move to Glacier Flexible Retrieval; more than glacierInstantRetrievalDays."),
    noncurrentVersionDays: int(1, 36500, "days").describe("Days an overwritten or deleted result version is kept."),
  })
  .describe("Lifecycle of the results bucket.")
  .superRefine((r, ctx) => {
    for (const [field, message] of Object.entries(resultsLifecycleProblems(r))) {
      ctx.addIssue({ code: "custom", path: [field], input: r[field as keyof typeof r], message });
    }
  });

/** `platform:data`: every stateful part of an environment. */
export function dataSchema(role: EnvironmentRole) {
  const minRetention = MIN_BACKUP_RETENTION_DAYS[role];
  return z
    .strictObject({
      engine: z
        .literal(AURORA_ENGINE, {
          error: `expected ${AURORA_ENGINE}: RDS refuses read replicas of a source whose master password it manages, Aurora readers share it`,
        })
        .describe("Database engine: Aurora PostgreSQL, whose readers share the cluster's managed master secret."),
      engineVersion: checked(engineVersionProblem).describe(
        "Aurora PostgreSQL version major.minor, e.g. 17.7, of a major in standard support; minor upgrades then follow AWS (a floor, not a pin).",
      ),
      instanceClass: checked(instanceClassProblem).describe("RDS instance class of the writer and the readers: an Aurora family, or a burstable db.t class."),
      storage: z
        .enum(AURORA_STORAGE, {
          error: `expected one of ${AURORA_STORAGE.join(", ")} (Aurora storage grows by itself and has no allocated size or provisioned IOPS)`,
        })
        .describe("Aurora storage: standard (billed per I/O request) or io-optimized (no I/O charges, higher instance and storage prices)."),
      readers: int(0, MAX_AURORA_REPLICAS, "a reader count").describe(
        "Reader instances behind the reader endpoint, in other zones than the writer (needs 2 zones).",
      ),
      readerAutoScaling: readerAutoScaling.optional(),
      backupRetentionDays: z
        .number()
        .int()
        .min(
          minRetention,
          `expected at least ${minRetention} days for role ${role}${minRetention === AURORA_BACKUP_RETENTION.min ? " (Aurora backups cannot be turned off)" : ""}`,
        )
        .max(AURORA_BACKUP_RETENTION.max, `expected at most ${AURORA_BACKUP_RETENTION.max} days (Aurora automated backup limit)`)
        .describe("Days Aurora keeps automated backups (they cannot be turned off)."),
      windows: windows("backup", RDS_WINDOW_RULES).describe(
        "The cluster's backup and maintenance windows; the backup window stays clear of AWS Backup's jobs (01:00-03:00 UTC).",
      ),
      monitoringIntervalSeconds: z
        .number()
        .refine((s) => (MONITORING_INTERVALS as readonly number[]).includes(s), `expected one of ${MONITORING_INTERVALS.join(", ")} seconds`)
        .describe("Seconds between enhanced monitoring samples."),
      performanceInsightsRetentionDays: z
        .number()
        .int()
        .refine(isPerformanceInsightsRetention, "expected 7, a multiple of 31, or 731 days")
        .describe("Days Performance Insights keeps its data."),
      cache,
      queues,
      results,
      logs: z
        .strictObject({ expirationDays: int(1, 36500, "days").describe("Days after which log objects (load balancer and CloudFront access logs) expire.") })
        .describe("Lifecycle of the logs bucket."),
      assets: z
        .strictObject({ noncurrentVersionDays: int(1, 36500, "days").describe("Days an overwritten or deleted asset version is kept.") })
        .describe("Lifecycle of the assets bucket (served by the edge)."),
      backups: z
        .strictObject({
          dailyRetentionDays: int(1, 36500, "days").describe("Days AWS Backup keeps a daily recovery point of the database."),
          weeklyRetentionDays: int(1, 36500, "days").describe("Days AWS Backup keeps a weekly (Saturday) recovery point of the database."),
          copyRegion: z
            .string()
            .regex(REGION_NAME, "expected an AWS region name such as eu-central-1")
            .optional()
            .describe("A region other than the stack's to copy recovery points to; unset, no copy."),
        })
        .describe("AWS Backup plan over the database, from 01:00 UTC."),
    })
    .superRefine((d, ctx) => {
      const clash = backupWindowClash(d.windows.backup);
      if (clash) ctx.addIssue({ code: "custom", path: ["windows", "backup"], input: d.windows.backup, message: clash });
      const scaling = d.readerAutoScaling;
      if (scaling && scaling.maxReaders <= d.readers) {
        ctx.addIssue({
          code: "custom",
          path: ["readerAutoScaling", "maxReaders"],
          input: scaling.maxReaders,
          message: `expected more than readers (${d.readers}): auto scaling adds readers above the declared ones`,
        });
      }
      if (scaling && isBurstable(d.instanceClass)) {
        ctx.addIssue({
          code: "custom",
          path: ["readerAutoScaling"],
          input: d.instanceClass,
          message: `reader auto scaling adds instances of the writer's class; ${d.instanceClass} is burstable (T classes are for development only)`,
        });
      }
    });
}

/** Checks of `platform:data` against other keys; reads raw values, as other keys may have failed. */
export function dataCrossKeyIssues(cfg: Record<string, unknown>): z.core.$ZodRawIssue[] {
  const data = cfg["platform:data"] as
    Partial<{ readers: unknown; cache: Partial<{ replicas: unknown }>; backups: Partial<{ copyRegion: unknown }> }> | undefined;
  const network = cfg["platform:network"] as Partial<{ azCount: unknown }> | undefined;
  const issues: z.core.$ZodRawIssue[] = [];
  const azCount = network?.azCount;
  if (typeof azCount === "number" && azCount < 2) {
    const message = `needs at least 2 Availability Zones, but platform:network.azCount is ${azCount}`;
    if (typeof data?.readers === "number" && data.readers > 0) {
      issues.push({ code: "custom", path: ["platform:data", "readers"], input: data.readers, message: `a reader in another zone than the writer ${message}` });
    }
    if (typeof data?.cache?.replicas === "number" && data.cache.replicas > 0) {
      issues.push({
        code: "custom",
        path: ["platform:data", "cache", "replicas"],
        input: data.cache.replicas,
        message: `a cache replica with Multi-AZ failover ${message}`,
      });
    }
  }
  if (data?.backups?.copyRegion !== undefined && data.backups.copyRegion === cfg["aws:region"]) {
    issues.push({
      code: "custom",
      path: ["platform:data", "backups", "copyRegion"],
      input: data.backups.copyRegion,
      message: "expected a region other than the stack's own",
    });
  }
  return issues;
}

/** Problems of the database's RDS identifiers, which the stack's name prefixes (e.g. a double hyphen from stack "dev-"). */
export function databaseIdentifierProblems(namePrefix: string, readers: number): string[] {
  const ids = clusterIdentifiers(namePrefix, readers);
  return [ids.cluster, ids.writer, ...ids.readers]
    .map(identifierProblem)
    .filter((p): p is string => p !== undefined)
    .map((p) => `stack name: the database identifier ${p}`);
}

export type DataConfigInput = z.infer<ReturnType<typeof dataSchema>>;
