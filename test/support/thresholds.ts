import type { AlarmThresholds } from "../../tiers/observability/alarm-catalogue";

/** Alarm thresholds for tests of the alarm planners: plausible values, set here once. */
export function alarmThresholds(overrides: Partial<AlarmThresholds> = {}): AlarmThresholds {
  return {
    latencyObjectiveMs: 300,
    http5xxPercent: 1,
    cpuPercent: 80,
    workerBacklogAgeSeconds: 300,
    databaseCpuPercent: 80,
    databaseFreeStorageGiB: 20,
    databaseFreeableMemoryMiB: 1024,
    databaseConnections: 1000,
    databaseLatencyMs: 20,
    replicaLagSeconds: 30,
    cacheCpuPercent: 75,
    cacheMemoryPercent: 80,
    cacheEvictions: 100,
    cacheReplicationLagSeconds: 5,
    queueAgeSeconds: 900,
    proxyCpuPercent: 80,
    applicationErrors: 10,
    ...overrides,
  };
}
