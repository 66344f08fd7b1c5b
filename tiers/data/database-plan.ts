/** Pure rules for the relational database and the cache: maintenance and backup windows, monitoring settings. */

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

/** Enhanced monitoring intervals RDS accepts (CreateDBInstance MonitoringInterval); 0 turns it off. */
export const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;

/** Performance Insights keeps 7 days, a multiple of 31, or 731 (provider docs, aws.rds.Instance). */
export function isPerformanceInsightsRetention(days: number): boolean {
  return days === 7 || days === 731 || (days > 0 && days < 731 && days % 31 === 0);
}
