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
    assert.deepEqual([prod.multiAz, prod.readReplicas, prod.backupRetentionDays, prod.cache.replicas], [true, 2, 14, 2]);
    assert.deepEqual([dev.multiAz, dev.readReplicas, dev.cache.replicas], [false, 0, 0]);
  });

  const cases: { what: string; stack: string; data: Record<string, unknown>; extra?: Record<string, unknown>; expect: RegExp[] }[] = [
    {
      what: "read replicas without automated backups",
      stack: "dev",
      data: { readReplicas: 1, backupRetentionDays: 0 },
      expect: [/platform:data\.readReplicas: found 1; read replicas need automated backups/],
    },
    {
      what: "more read replicas than PostgreSQL allows",
      stack: "prod",
      data: { readReplicas: 16 },
      expect: [/platform:data\.readReplicas: found 16; expected a read replica count from 0 to 15/],
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
      expect: [/platform:data\.engine: found "mysql"; expected postgres/],
    },
    {
      what: "gp3 IOPS below the minimum",
      stack: "prod",
      data: { storage: { type: "gp3", allocatedGb: 500, iops: 3000 } },
      expect: [/platform:data\.storage\.iops: found 3000; expected iops from 12000 to 64000/],
    },
    {
      what: "io2 IOPS outside the ratio for the storage size",
      stack: "prod",
      data: { storage: { type: "io2", allocatedGb: 5000, iops: 2000 } },
      expect: [/platform:data\.storage\.iops: found 2000; expected iops between 0\.5 and 1000 per GiB for io2 \(5000 GiB allows 2500 to 5000000\)/],
    },
    {
      what: "io2 below its minimum storage",
      stack: "prod",
      data: { storage: { type: "io2", allocatedGb: 50, iops: 1000 } },
      expect: [/platform:data\.storage\.allocatedGb: found 50; expected allocatedGb from 100 to 65536 GiB for io2/],
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
      what: "Multi-AZ with one zone",
      stack: "dev",
      data: { multiAz: true },
      extra: { "platform:network": { azCount: 1 } },
      expect: [/platform:data\.multiAz: found true; Multi-AZ needs at least 2 Availability Zones, but platform:network\.azCount is 1/],
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

  it("declares nothing when the data config is bad", async () => {
    const failure = await evaluatedWith("prod", { config: { "platform:data": { storage: { type: "io2", allocatedGb: 100, iops: 500 } } } }).then(
      () => assert.fail("expected the evaluation to fail"),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof EvaluationError);
    assert.match(failure.message, /platform:data\.storage\.iops: found 500/);
    assert.equal(failure.resources.length, 0);
  });
});
