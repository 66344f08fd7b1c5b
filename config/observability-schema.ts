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
  emails: z
    .array(z.string().regex(EMAIL, "expected an email address such as oncall@example.com"))
    .describe("Email subscribers of the alert topic; each confirms by mail before it receives anything."),
  httpsEndpoints: z
    .array(z.string().refine(isHttpsUrl, "expected an https:// URL such as https://events.pagerduty.com/integration/<key>/enqueue"))
    .describe("HTTPS subscribers of the alert topic (https:// only, e.g. a paging service's integration URL)."),
});

/** `platform:observability`: the latency objective, alarm thresholds, budget and log retention of an environment. */
export function observabilitySchema(logRetention: z.ZodType<number>) {
  return z.strictObject({
    latencyObjectiveMs: positive("the p99 latency objective in milliseconds, e.g. 300").describe(
      "p99 latency objective of the front door in milliseconds: the latency alarm's threshold and the dashboard's line.",
    ),
    escalateToOrgTopic: z
      .boolean({ error: "expected true or false: whether critical alarms also notify the organization's topic" })
      .describe("Whether critical alarms also notify the shared stack's organization topic (which must be in the same region)."),
    externalHealthCheck: z
      .boolean({ error: "expected true or false: whether Route 53 checks the public endpoint from outside AWS's network" })
      .describe("Whether a Route 53 health check requests the public endpoint's health path, alarmed in us-east-1."),
    logRetentionDays: logRetention.describe("Days the web, worker, jobs and database log groups keep records."),
    monthlyBudgetUsd: positive("the environment's monthly budget in USD").describe(
      "Monthly AWS Budget in USD on the environment cost tag, with a weekly-checkpoints budget beside it.",
    ),
    thresholds: z
      .strictObject({
        http5xxPercent: percentAbove0("share of requests ending in 5xx").describe("Alarm above this percentage of requests ending in 5xx."),
        cpuPercent: percentAbove0("average CPU of a web or worker tier").describe("Alarm above this average CPU percentage of the web or worker group."),
        workerBacklogAgeSeconds: positive("age of the oldest message waiting for the workers, in seconds").describe(
          "Alarm when the oldest message waiting for the workers is older than this, in seconds.",
        ),
        databaseCpuPercent: percentAbove0("database CPU").describe("Alarm above this database CPU percentage."),
        databaseFreeStorageGiB: positive("free database storage in GiB").describe("Alarm below this free database storage, in GiB."),
        databaseFreeableMemoryMiB: positive("freeable database memory in MiB").describe("Alarm below this freeable database memory, in MiB."),
        databaseConnections: positive("database connections").describe("Alarm above this many database connections."),
        databaseLatencyMs: positive("database read or write latency in milliseconds").describe(
          "Alarm above this database read or write latency, in milliseconds.",
        ),
        replicaLagSeconds: positive("read replica lag in seconds").describe("Alarm above this read replica lag, in seconds."),
        cacheCpuPercent: percentAbove0("cache engine CPU").describe("Alarm above this cache engine CPU percentage."),
        cacheMemoryPercent: percentAbove0("cache memory used").describe("Alarm above this percentage of cache memory used."),
        cacheEvictions: count("cache evictions a minute").describe("Alarm above this many cache evictions a minute."),
        cacheReplicationLagSeconds: positive("cache replication lag in seconds").describe("Alarm above this cache replication lag, in seconds."),
        queueAgeSeconds: positive("age of a queue's oldest message in seconds").describe("Alarm when a queue's oldest message is older than this, in seconds."),
        proxyCpuPercent: percentAbove0("average CPU of the egress proxies").describe("Alarm above this average CPU percentage of the egress proxies."),
        applicationErrors: count("error log lines in 5 minutes").describe("Alarm above this many error lines in the application log groups in 5 minutes."),
      })
      .describe("Alarm thresholds per tier."),
  });
}

export type AlertsConfigInput = z.infer<typeof alertsSchema>;
export type ObservabilityConfigInput = z.infer<ReturnType<typeof observabilitySchema>>;
