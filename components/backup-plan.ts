/** Pure plan of the AWS Backup rules that cover the database and tagged volumes. */

/** Volumes (and other resources) carrying this tag with the environment's name prefix are backed up. */
export const BACKUP_TAG_KEY = "backup-plan";

export interface BackupSettings {
  dailyRetentionDays: number;
  weeklyRetentionDays: number;
}

export interface PlannedBackupRule {
  ruleName: string;
  /** AWS Backup cron in UTC. */
  schedule: string;
  deleteAfterDays: number;
}

export function planBackupRules(s: BackupSettings): PlannedBackupRule[] {
  return [
    { ruleName: "daily", schedule: "cron(0 3 * * ? *)", deleteAfterDays: s.dailyRetentionDays },
    { ruleName: "weekly", schedule: "cron(0 4 ? * SUN *)", deleteAfterDays: s.weeklyRetentionDays },
  ];
}

// AWS Backup: a job starts within 60 minutes at the earliest and must complete within a window
// that is longer than the start window (CreateBackupPlan StartWindowMinutes/CompletionWindowMinutes).
export const START_WINDOW_MINUTES = 60;
export const COMPLETION_WINDOW_MINUTES = 360;

export function backupAssumeRolePolicy(): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }],
  });
}
