import { strict as assert } from "assert";
import { ConfigError, loadConfig, type EnvironmentConfig } from "../../config/load";
import { EvaluationError } from "../../offline/evaluate";
import { evaluatedWith } from "../support/harness";

const identity = (stack: string) => ({ project: "platform", stack, organization: "organization" });
const base = { "aws:region": "eu-west-1", "platform:owner": "team", "platform:costCenter": "42" };
const asEngine = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));

function problems(stack: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}): string[] {
  try {
    loadConfig(asEngine({ ...base, ...extra, "platform:data": data }), identity(stack));
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail("expected the config to be rejected");
}

describe("data config", () => {
  it("gives each role its data defaults", () => {
    const prod = (loadConfig(asEngine(base), identity("prod")) as EnvironmentConfig).data;
    const dev = (loadConfig(asEngine(base), identity("dev")) as EnvironmentConfig).data;
    assert.deepEqual(
      [prod.engine, prod.readers, prod.readerAutoScaling?.maxReaders, prod.backupRetentionDays, prod.cache.replicas],
      ["aurora-postgresql", 2, 6, 14, 2],
    );
    assert.deepEqual([dev.instanceClass, dev.readers, dev.readerAutoScaling, dev.storage, dev.cache.replicas], ["db.t4g.medium", 0, undefined, "standard", 0]);
  });

  const cases: { what: string; stack: string; data: Record<string, unknown>; extra?: Record<string, unknown>; expect: RegExp[] }[] = [
    {
      what: "Aurora with backups off",
      stack: "dev",
      data: { backupRetentionDays: 0 },
      expect: [/platform:data\.backupRetentionDays: found 0; expected at least 1 days for role dev \(Aurora backups cannot be turned off\)/],
    },
    {
      what: "more readers than Aurora allows",
      stack: "prod",
      data: { readers: 16 },
      expect: [/platform:data\.readers: found 16; expected a reader count from 0 to 15/],
    },
    {
      what: "an instance class Aurora PostgreSQL does not offer",
      stack: "prod",
      data: { instanceClass: "db.m7g.large" },
      expect: [/platform:data\.instanceClass: found "db\.m7g\.large"; Aurora PostgreSQL has no db\.m7g classes/],
    },
    {
      what: "a partial engine version",
      stack: "prod",
      data: { engineVersion: "17" },
      expect: [/platform:data\.engineVersion: found "17"; expected an Aurora PostgreSQL version major\.minor such as 17\.7/],
    },
    {
      what: "reader auto scaling that cannot add a reader, and one on a burstable class",
      stack: "dev",
      data: { readers: 1, readerAutoScaling: { maxReaders: 1, targetCpuPercent: 60 } },
      expect: [
        /platform:data\.readerAutoScaling\.maxReaders: found 1; expected more than readers \(1\)/,
        /platform:data\.readerAutoScaling: found "db\.t4g\.medium"; reader auto scaling adds instances of the writer's class/,
      ],
    },
    {
      what: "RDS instance storage on Aurora (no allocated size, no provisioned IOPS)",
      stack: "prod",
      data: { storage: { type: "gp3", allocatedGb: 500, iops: 12000 } },
      expect: [
        /platform:data\.storage: found .*; expected one of standard, io-optimized \(Aurora storage grows by itself and has no allocated size or provisioned IOPS\)/,
      ],
    },
    {
      what: "cache replicas on a node type that cannot fail over",
      stack: "dev",
      data: { cache: { nodeType: "cache.t1.micro", replicas: 1 } },
      expect: [/platform:data\.cache\.replicas: found 1; cache\.t1\.micro cannot have replicas/],
    },
    {
      what: "an engine the project has no rules for",
      stack: "dev",
      data: { engine: "mysql" },
      expect: [/platform:data\.engine: found "mysql"; expected aurora-postgresql: RDS refuses read replicas of a source whose master password it manages/],
    },
    {
      what: "retention above the RDS maximum",
      stack: "dev",
      data: { backupRetentionDays: 36 },
      expect: [/platform:data\.backupRetentionDays: found 36; expected at most 35 days/],
    },
    {
      what: "prod retention under two weeks",
      stack: "prod",
      data: { backupRetentionDays: 7 },
      expect: [/platform:data\.backupRetentionDays: found 7; expected at least 14 days for role prod/],
    },
    {
      what: "overlapping and malformed windows",
      stack: "dev",
      data: {
        windows: { backup: "03:00-04:00", maintenance: "mon:03:30-mon:04:30" },
        cache: { windows: { snapshot: "1:00-2:00", maintenance: "sun:06:30-sun:07:30" } },
      },
      expect: [
        /platform:data\.windows\.maintenance: found "mon:03:30-mon:04:30"; expected a maintenance window that does not overlap the backup window 03:00-04:00/,
        /platform:data\.cache\.windows\.snapshot: found "1:00-2:00"; expected a UTC window hh24:mi-hh24:mi/,
      ],
    },
    {
      what: "an RDS backup window inside AWS Backup's jobs",
      stack: "prod",
      data: { windows: { backup: "02:00-02:30", maintenance: "sun:05:00-sun:06:00" } },
      expect: [/platform:data\.windows\.backup: found "02:00-02:30"; expected a window clear of AWS Backup's jobs \(01:00-03:00 UTC\)/],
    },
    {
      what: "a reader with one zone",
      stack: "dev",
      data: { readers: 1 },
      extra: { "platform:network": { azCount: 1 } },
      expect: [
        /platform:data\.readers: found 1; a reader in another zone than the writer needs at least 2 Availability Zones, but platform:network\.azCount is 1/,
      ],
    },
    {
      what: "lifecycle transitions out of order and a bad queue setting",
      stack: "dev",
      data: { results: { glacierInstantRetrievalDays: 200, glacierDays: 100 }, queues: { maxReceiveCount: 0 } },
      expect: [
        /platform:data\.results\.glacierDays: found 100; expected more days than glacierInstantRetrievalDays \(200\)/,
        /platform:data\.queues\.maxReceiveCount: found 0; expected a receive count from 1 to 1000/,
      ],
    },
    {
      what: "a backup copy to the stack's own region",
      stack: "prod",
      data: { backups: { copyRegion: "eu-west-1" } },
      expect: [/platform:data\.backups\.copyRegion: found "eu-west-1"; expected a region other than the stack's own/],
    },
  ];
  for (const { what, stack, data, extra, expect } of cases) {
    it(`rejects ${what} with a message naming key, value and what is allowed`, () => {
      const found = problems(stack, data, extra);
      for (const pattern of expect)
        assert.ok(
          found.some((p) => pattern.test(p)),
          `${pattern} not in:\n${found.join("\n")}`,
        );
    });
  }

  it("refuses a stack name that would make an RDS identifier AWS rejects", () => {
    assert.throws(
      () => loadConfig(asEngine({ ...base, "platform:role": "dev" }), identity("dev--a")),
      (error: unknown) =>
        error instanceof ConfigError && error.problems.some((p) => /stack name: the database identifier platform-dev--a-db is no RDS identifier/.test(p)),
    );
  });

  it("declares nothing when the data config is bad", async () => {
    const failure = await evaluatedWith("prod", { config: { "platform:data": { instanceClass: "db.m7g.large" } } }).then(
      () => assert.fail("expected the evaluation to fail"),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof EvaluationError);
    assert.match(failure.message, /platform:data\.instanceClass: found "db\.m7g\.large"/);
    assert.equal(failure.resources.length, 0);
  });
});
