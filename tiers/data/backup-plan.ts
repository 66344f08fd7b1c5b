/** Pure plan of the AWS Backup rules that cover the database. */
import { parseDailyWindow, windowsOverlap, type WeekRanges } from "./database-plan";

export interface BackupSettings {
  /** Days a daily recovery point is kept. */
  dailyRetentionDays: number;
  /** Days a weekly (Saturday) recovery point is kept. */
  weeklyRetentionDays: number;
}

export interface PlannedBackupRule {
  ruleName: string;
  /** AWS Backup cron in UTC. */
  schedule: string;
  deleteAfterDays: number;
}

/** Jobs start at 01:00 UTC, to be done before the RDS backup window the defaults set (03:00-04:00). */
const START_HOUR_UTC = 1;

export function planBackupRules(s: BackupSettings): PlannedBackupRule[] {
  return [
    { ruleName: "daily", schedule: `cron(0 ${START_HOUR_UTC} * * ? *)`, deleteAfterDays: s.dailyRetentionDays },
    { ruleName: "weekly", schedule: `cron(0 ${START_HOUR_UTC} ? * SAT *)`, deleteAfterDays: s.weeklyRetentionDays },
  ];
}

// AWS Backup: the start window must be at least 60 minutes (BackupRuleInput StartWindowMinutes), and the
// completion window counts from the scheduled time, not adding the start window (StartBackupJob
// CompleteWindowMinutes); 60 minutes above the start window, the gap CDK examples say AWS requires (not in AWS's API reference).
export const START_WINDOW_MINUTES = 60;
export const COMPLETION_WINDOW_MINUTES = 120;

const clockOf = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Every day's span in which AWS Backup may be starting or running a job: the start hour to the end of the completion window. */
export const BACKUP_JOB_WINDOW = `${clockOf(START_HOUR_UTC * 60)}-${clockOf(START_HOUR_UTC * 60 + COMPLETION_WINDOW_MINUTES)}`;

/** Why an RDS backup window (`hh24:mi-hh24:mi`) clashes with AWS Backup's jobs, if it does; a malformed one is judged elsewhere. */
export function backupWindowClash(rdsBackupWindow: string): string | undefined {
  const window = parseDailyWindow(rdsBackupWindow);
  const jobs = parseDailyWindow(BACKUP_JOB_WINDOW) as WeekRanges;
  return window && windowsOverlap(window, jobs) ? `expected a window clear of AWS Backup's jobs (${BACKUP_JOB_WINDOW} UTC)` : undefined;
}
