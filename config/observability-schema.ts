import { z } from "zod";

// A pragmatic address check (local@domain.tld, no spaces); SNS sends a confirmation mail to prove the rest.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// SNS https endpoints must be public URLs; anything other than https would send alerts in clear text.
function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const positive = (what: string) => z.number({ error: `expected a number: ${what}` }).positive(`expected a number above 0: ${what}`);
const percentAbove0 = (what: string) =>
  z
    .number({ error: `expected a number: ${what}` })
    .positive(`expected a percentage above 0 and at most 100: ${what}`)
    .max(100, `expected a percentage above 0 and at most 100: ${what}`);
const count = (what: string) =>
  z
    .number({ error: `expected a whole number: ${what}` })
    .int(`expected a whole number: ${what}`)
    .min(0, `expected 0 or more: ${what}`);

/** `platform:alerts`: who hears an environment's alarms and budget notifications. */
export const alertsSchema = z.strictObject({
  emails: z.array(z.string().regex(EMAIL, "expected an email address such as oncall@example.com")),
  httpsEndpoints: z.array(z.string().refine(isHttpsUrl, "expected an https:// URL such as https://events.pagerduty.com/integration/<key>/enqueue")),
});

/** `platform:observability`: the latency objective, alarm thresholds, budget and log retention of an environment. */
export function observabilitySchema(logRetention: z.ZodType<number>) {
  return z.strictObject({
    latencyObjectiveMs: positive("the p99 latency objective in milliseconds, e.g. 300"),
    escalateToOrgTopic: z.boolean({ error: "expected true or false: whether critical alarms also notify the organization's topic" }),
    externalHealthCheck: z.boolean({ error: "expected true or false: whether Route 53 checks the public endpoint from outside AWS's network" }),
    logRetentionDays: logRetention,
    monthlyBudgetUsd: positive("the environment's monthly budget in USD"),
    thresholds: z.strictObject({
      http5xxPercent: percentAbove0("share of requests ending in 5xx"),
      cpuPercent: percentAbove0("average CPU of a web or worker tier"),
      workerBacklogAgeSeconds: positive("age of the oldest message waiting for the workers, in seconds"),
      databaseCpuPercent: percentAbove0("database CPU"),
      databaseFreeStorageGiB: positive("free database storage in GiB"),
      databaseFreeableMemoryMiB: positive("freeable database memory in MiB"),
      databaseConnections: positive("database connections"),
      databaseLatencyMs: positive("database read or write latency in milliseconds"),
      replicaLagSeconds: positive("read replica lag in seconds"),
      cacheCpuPercent: percentAbove0("cache engine CPU"),
      cacheMemoryPercent: percentAbove0("cache memory used"),
      cacheEvictions: count("cache evictions a minute"),
      cacheReplicationLagSeconds: positive("cache replication lag in seconds"),
      queueAgeSeconds: positive("age of a queue's oldest message in seconds"),
      proxyCpuPercent: percentAbove0("average CPU of the egress proxies"),
      applicationErrors: count("error log lines in 5 minutes"),
    }),
  });
}

export type AlertsConfigInput = z.infer<typeof alertsSchema>;
export type ObservabilityConfigInput = z.infer<ReturnType<typeof observabilitySchema>>;
