/** Pure rules for the relational database: storage, windows, engine families. */

export const DB_STORAGE_TYPES = ["gp3", "io2"] as const;
export type DbStorageType = (typeof DB_STORAGE_TYPES)[number];

export interface DbStorage {
  type: DbStorageType;
  allocatedGb: number;
  iops?: number;
}

// RDS for PostgreSQL storage limits, "Amazon RDS DB instance storage" (CHAP_Storage) in the RDS User Guide:
// gp3 20-65,536 GiB, IOPS settable only from 400 GiB (12,000-64,000; below that a fixed 3,000 baseline);
// io2 100-65,536 GiB, 1,000-256,000 IOPS at 0.5-1,000 IOPS per GiB.
export const STORAGE_LIMITS = {
  gp3: { minGb: 20, maxGb: 65536, iopsFromGb: 400, minIops: 12000, maxIops: 64000 },
  io2: { minGb: 100, maxGb: 65536, minIops: 1000, maxIops: 256000, minRatio: 0.5, maxRatio: 1000 },
} as const;

/** What is wrong with a storage setting, as messages naming the limit; empty when valid. */
export function storageProblems({ type, allocatedGb, iops }: DbStorage): string[] {
  const problems: string[] = [];
  const limits = STORAGE_LIMITS[type];
  if (allocatedGb < limits.minGb || allocatedGb > limits.maxGb) {
    problems.push(`expected allocatedGb from ${limits.minGb} to ${limits.maxGb} GiB for ${type} storage`);
  }
  if (type === "gp3") {
    const gp3 = STORAGE_LIMITS.gp3;
    if (iops === undefined) return problems;
    if (allocatedGb < gp3.iopsFromGb) {
      problems.push(`gp3 below ${gp3.iopsFromGb} GiB has a fixed 3000 IOPS baseline: leave iops unset or allocate at least ${gp3.iopsFromGb} GiB`);
    } else if (iops < gp3.minIops || iops > gp3.maxIops) {
      problems.push(`expected iops from ${gp3.minIops} to ${gp3.maxIops} for gp3 storage of ${gp3.iopsFromGb} GiB or more`);
    }
    return problems;
  }
  const io2 = STORAGE_LIMITS.io2;
  if (iops === undefined) return [...problems, `io2 storage needs iops (${io2.minIops} to ${io2.maxIops})`];
  if (iops < io2.minIops || iops > io2.maxIops) problems.push(`expected iops from ${io2.minIops} to ${io2.maxIops} for io2 storage`);
  const ratio = iops / allocatedGb;
  if (ratio < io2.minRatio || ratio > io2.maxRatio) {
    problems.push(
      `expected iops between ${io2.minRatio} and ${io2.maxRatio} per GiB for io2 (${allocatedGb} GiB allows ${Math.ceil(allocatedGb * io2.minRatio)} to ${allocatedGb * io2.maxRatio})`,
    );
  }
  return problems;
}

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A window as minute ranges within a week, [start, end) with end > start (may pass the week's end). */
export interface WeekRanges {
  ranges: [number, number][];
  minutes: number;
}

function clock(text: string): number | undefined {
  const match = CLOCK.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** `hh24:mi-hh24:mi` (UTC, daily), as it recurs on every day of the week; undefined when malformed. */
export function parseDailyWindow(text: string): WeekRanges | undefined {
  const [from, to, ...rest] = text.split("-");
  const start = clock(from ?? "");
  const end = clock(to ?? "");
  if (rest.length > 0 || start === undefined || end === undefined || start === end) return undefined;
  const minutes = (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return { minutes, ranges: DAYS.map((_, day) => [day * MINUTES_PER_DAY + start, day * MINUTES_PER_DAY + start + minutes]) };
}

/** `ddd:hh24:mi-ddd:hh24:mi` (UTC, weekly); undefined when malformed. */
export function parseWeeklyWindow(text: string): WeekRanges | undefined {
  const match = /^([a-z]{3}):(\d\d:\d\d)-([a-z]{3}):(\d\d:\d\d)$/.exec(text);
  if (!match) return undefined;
  const [startDay, endDay] = [DAYS.indexOf(match[1] as (typeof DAYS)[number]), DAYS.indexOf(match[3] as (typeof DAYS)[number])];
  const [startClock, endClock] = [clock(match[2]), clock(match[4])];
  if (startDay < 0 || endDay < 0 || startClock === undefined || endClock === undefined) return undefined;
  const start = startDay * MINUTES_PER_DAY + startClock;
  const minutes = (endDay * MINUTES_PER_DAY + endClock - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  return minutes === 0 ? undefined : { minutes, ranges: [[start, start + minutes]] };
}

/** Whether two windows share a minute, counting ranges that wrap past the end of the week. */
export function windowsOverlap(a: WeekRanges, b: WeekRanges): boolean {
  for (const [aStart, aEnd] of a.ranges) {
    for (const [bStart, bEnd] of b.ranges) {
      for (const shift of [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK]) {
        if (aStart < bEnd + shift && bStart + shift < aEnd) return true;
      }
    }
  }
  return false;
}

export interface WindowRules {
  /** Shortest window the service accepts, in minutes. */
  minMinutes: number;
}

/** Problems with a daily (backup/snapshot) and a weekly (maintenance) window that must not overlap. */
export function windowProblems(daily: string, weekly: string, rules: WindowRules): { daily: string[]; weekly: string[] } {
  const found = { daily: [] as string[], weekly: [] as string[] };
  const d = parseDailyWindow(daily);
  const w = parseWeeklyWindow(weekly);
  if (!d) found.daily.push("expected a UTC window hh24:mi-hh24:mi such as 03:00-04:00");
  else if (d.minutes < rules.minMinutes) found.daily.push(`expected a window of at least ${rules.minMinutes} minutes`);
  if (!w) found.weekly.push("expected a UTC window ddd:hh24:mi-ddd:hh24:mi such as sun:05:00-sun:06:00 (days mon..sun, lower case)");
  else if (w.minutes < rules.minMinutes) found.weekly.push(`expected a window of at least ${rules.minMinutes} minutes`);
  if (d && w && windowsOverlap(d, w)) found.weekly.push(`expected a maintenance window that does not overlap the backup window ${daily}`);
  return found;
}

/** RDS: backup and maintenance windows of at least 30 minutes (CreateDBInstance PreferredBackupWindow/PreferredMaintenanceWindow). */
export const RDS_WINDOW_RULES: WindowRules = { minMinutes: 30 };
/** ElastiCache: a maintenance window of at least 60 minutes (CreateReplicationGroup PreferredMaintenanceWindow); snapshot windows are held to the same, which is never too short. */
export const ELASTICACHE_WINDOW_RULES: WindowRules = { minMinutes: 60 };

/** RDS automated backups keep 0 (off) to 35 days (CreateDBInstance BackupRetentionPeriod). */
export const MAX_BACKUP_RETENTION_DAYS = 35;
/** A PostgreSQL source may have up to 15 read replicas in its region, and only with automated backups on (RDS User Guide, PostgreSQL read replicas). */
export const MAX_READ_REPLICAS = 15;
/** Enhanced monitoring intervals RDS accepts (CreateDBInstance MonitoringInterval); 0 turns it off. */
export const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;

/** Performance Insights keeps 7 days, a multiple of 31, or 731 (provider docs, aws.rds.Instance). */
export function isPerformanceInsightsRetention(days: number): boolean {
  return days === 7 || days === 731 || (days > 0 && days < 731 && days % 31 === 0);
}

/** Supported RDS for PostgreSQL majors; 17 and 18 are in standard support (RDS PostgreSQL release calendar). */
export const POSTGRES_MAJOR_VERSIONS = ["16", "17", "18"] as const;

/** The DB parameter group family of an engine version: postgres17 for 17 or 17.x. */
export function parameterGroupFamily(engine: "postgres", engineVersion: string): string {
  return `${engine}${engineVersion.split(".")[0]}`;
}
