import { z } from "zod";
import { backupWindowClash } from "../tiers/data/backup-plan";
import { resultsLifecycleProblems } from "../tiers/data/bucket-lifecycle-plan";
import { CACHE_ENGINE_VERSIONS, CACHE_ENGINES, MAX_CACHE_REPLICAS, MAX_SNAPSHOT_RETENTION_DAYS, replicaProblem } from "../tiers/data/cache-plan";
import {
  DB_STORAGE_TYPES,
  ELASTICACHE_WINDOW_RULES,
  isPerformanceInsightsRetention,
  MAX_BACKUP_RETENTION_DAYS,
  MAX_READ_REPLICAS,
  MONITORING_INTERVALS,
  POSTGRES_MAJOR_VERSIONS,
  RDS_WINDOW_RULES,
  storageProblems,
  windowProblems,
  type WindowRules,
} from "../tiers/data/database-plan";
import { SQS_LIMITS } from "../tiers/data/queue-plan";
import type { EnvironmentRole } from "./roles";

/** Days of automated database backups a role must keep at least (prod: two weeks, project rule). */
export const MIN_BACKUP_RETENTION_DAYS: Record<EnvironmentRole, number> = { dev: 0, prod: 14, "load-test": 0 };

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const int = (min: number, max: number, what: string) =>
  z.number().int().min(min, `expected ${what} from ${min} to ${max}`).max(max, `expected ${what} from ${min} to ${max}`);

/** A daily and a weekly window, checked against each other. */
function windows<K extends "backup" | "snapshot">(daily: K, rules: WindowRules) {
  const shape = { [daily]: z.string(), maintenance: z.string() } as { [P in K | "maintenance"]: z.ZodString };
  return z.strictObject(shape).superRefine((w, ctx) => {
    const { [daily]: dailyWindow, maintenance } = w as Record<string, string>;
    const found = windowProblems(dailyWindow, maintenance, rules);
    for (const message of found.daily) ctx.addIssue({ code: "custom", path: [daily], input: dailyWindow, message });
    for (const message of found.weekly) ctx.addIssue({ code: "custom", path: ["maintenance"], input: maintenance, message });
  });
}

const storage = z
  .strictObject({
    type: z.enum(DB_STORAGE_TYPES, { error: `expected one of ${DB_STORAGE_TYPES.join(", ")}` }),
    allocatedGb: z.number().int(),
    iops: z.number().int().optional(),
  })
  .superRefine((s, ctx) => {
    for (const message of storageProblems(s)) {
      const field = /iops/i.test(message) && s.iops !== undefined ? "iops" : "allocatedGb";
      ctx.addIssue({ code: "custom", path: [field], input: s[field], message });
    }
  });

const cache = z
  .strictObject({
    engine: z.enum(CACHE_ENGINES, { error: `expected one of ${CACHE_ENGINES.join(", ")}` }),
    engineVersion: z.string(),
    nodeType: z.string().regex(/^cache\.[a-z0-9-]+\.[a-z0-9]+$/, "expected an ElastiCache node type such as cache.t4g.small"),
    replicas: int(0, MAX_CACHE_REPLICAS, "a replica count"),
    snapshotRetentionDays: int(0, MAX_SNAPSHOT_RETENTION_DAYS, "days"),
    windows: windows("snapshot", ELASTICACHE_WINDOW_RULES),
  })
  .superRefine((c, ctx) => {
    const versions = CACHE_ENGINE_VERSIONS[c.engine];
    if (!versions.includes(c.engineVersion)) {
      ctx.addIssue({ code: "custom", path: ["engineVersion"], input: c.engineVersion, message: `expected one of ${versions.join(", ")} for ${c.engine}` });
    }
    const problem = replicaProblem(c.nodeType, c.replicas);
    if (problem) ctx.addIssue({ code: "custom", path: ["replicas"], input: c.replicas, message: problem });
  });

const queues = z.strictObject({
  maxReceiveCount: int(1, SQS_LIMITS.maxReceiveCount, "a receive count"),
  visibilityTimeoutSeconds: z.strictObject({
    events: int(0, SQS_LIMITS.maxVisibilityTimeoutSeconds, "seconds"),
    tasks: int(0, SQS_LIMITS.maxVisibilityTimeoutSeconds, "seconds"),
    notifications: int(0, SQS_LIMITS.maxVisibilityTimeoutSeconds, "seconds"),
  }),
  messageRetentionSeconds: int(SQS_LIMITS.minRetentionSeconds, SQS_LIMITS.maxRetentionSeconds, "seconds"),
  deadLetterRetentionSeconds: int(SQS_LIMITS.minRetentionSeconds, SQS_LIMITS.maxRetentionSeconds, "seconds"),
  // 1 or more turns on long polling.
  receiveWaitTimeSeconds: int(1, SQS_LIMITS.maxReceiveWaitSeconds, "seconds of long polling"),
});

const results = z
  .strictObject({
    glacierInstantRetrievalDays: int(1, 36500, "days"),
    glacierDays: int(1, 36500, "days"),
    noncurrentVersionDays: int(1, 36500, "days"),
  })
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
      engine: z.literal("postgres", { error: "expected postgres (the only engine whose storage and replica rules this project knows)" }),
      engineVersion: z.enum(POSTGRES_MAJOR_VERSIONS, { error: `expected a supported PostgreSQL major: ${POSTGRES_MAJOR_VERSIONS.join(", ")}` }),
      instanceClass: z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, "expected an RDS instance class such as db.r7g.large"),
      storage,
      multiAz: z.boolean(),
      readReplicas: int(0, MAX_READ_REPLICAS, "a read replica count"),
      backupRetentionDays: z
        .number()
        .int()
        .min(minRetention, minRetention > 0 ? `expected at least ${minRetention} days for role ${role}` : "expected 0 to 35 days")
        .max(MAX_BACKUP_RETENTION_DAYS, `expected at most ${MAX_BACKUP_RETENTION_DAYS} days (RDS automated backup limit)`),
      windows: windows("backup", RDS_WINDOW_RULES),
      monitoringIntervalSeconds: z
        .number()
        .refine((s) => (MONITORING_INTERVALS as readonly number[]).includes(s), `expected one of ${MONITORING_INTERVALS.join(", ")} seconds`),
      performanceInsightsRetentionDays: z.number().int().refine(isPerformanceInsightsRetention, "expected 7, a multiple of 31, or 731 days"),
      cache,
      queues,
      results,
      logs: z.strictObject({ expirationDays: int(1, 36500, "days") }),
      assets: z.strictObject({ noncurrentVersionDays: int(1, 36500, "days") }),
      backups: z.strictObject({
        dailyRetentionDays: int(1, 36500, "days"),
        weeklyRetentionDays: int(1, 36500, "days"),
        copyRegion: z.string().regex(REGION, "expected an AWS region name such as eu-central-1").optional(),
      }),
    })
    .superRefine((d, ctx) => {
      const clash = backupWindowClash(d.windows.backup);
      if (clash) ctx.addIssue({ code: "custom", path: ["windows", "backup"], input: d.windows.backup, message: clash });
      if (d.readReplicas > 0 && d.backupRetentionDays === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["readReplicas"],
          input: d.readReplicas,
          message: "read replicas need automated backups: set backupRetentionDays to 1 or more, or readReplicas to 0",
        });
      }
    });
}

/** Checks of `platform:data` against other keys; reads raw values, as other keys may have failed. */
export function dataCrossKeyIssues(cfg: Record<string, unknown>): z.core.$ZodRawIssue[] {
  const data = cfg["platform:data"] as
    Partial<{ multiAz: unknown; cache: Partial<{ replicas: unknown }>; backups: Partial<{ copyRegion: unknown }> }> | undefined;
  const network = cfg["platform:network"] as Partial<{ azCount: unknown }> | undefined;
  const issues: z.core.$ZodRawIssue[] = [];
  const azCount = network?.azCount;
  if (typeof azCount === "number" && azCount < 2) {
    const message = `needs at least 2 Availability Zones, but platform:network.azCount is ${azCount}`;
    if (data?.multiAz === true) issues.push({ code: "custom", path: ["platform:data", "multiAz"], input: true, message: `Multi-AZ ${message}` });
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

export type DataConfigInput = z.infer<ReturnType<typeof dataSchema>>;
