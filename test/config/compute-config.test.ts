import { strict as assert } from "assert";
import { ConfigError, loadConfig } from "../../config/load";

describe("compute config", () => {
  const identity = (stack: string) => ({ project: "platform", stack, organization: "organization" });
  const base = { "aws:region": "eu-west-1", "platform:owner": "team", "platform:costCenter": "42" };
  function problems(stack: string, values: Record<string, unknown>): string {
    const raw = Object.fromEntries(Object.entries({ ...base, ...values }).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    try {
      loadConfig(raw, identity(stack));
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.problems.join("\n");
    }
    assert.fail("expected the config to be rejected");
  }

  for (const { what, stack, values, expect } of [
    {
      what: "min above desired above max",
      stack: "dev",
      values: { "platform:web": { min: 5, desired: 4, max: 3 } },
      expect: [/platform:web.min: found 5; expected min <= max \(3\)/, /platform:web.desired: found 4; expected desired between min \(5\) and max \(3\)/],
    },
    {
      what: "zero max",
      stack: "dev",
      values: { "platform:worker": { min: 0, desired: 0, max: 0 } },
      expect: [/platform:worker.max: found 0; expected at least 1/],
    },
    {
      what: "an x86 family on the arm64 base image",
      stack: "prod",
      values: { "platform:web": { instanceTypes: ["m7i.large"] } },
      expect: [/platform:web.instanceTypes: found \["m7i.large"\]; m7i.large is an x86_64 family \(m7i\) but the base image is arm64/],
    },
    { what: "an unknown family", stack: "dev", values: { "platform:worker": { instanceTypes: ["zz9.large"] } }, expect: [/zz9.large is no EC2 instance type/] },
    { what: "burstable types in prod", stack: "prod", values: { "platform:web": { instanceTypes: ["t4g.large"] } }, expect: [/t4g.large is burstable/] },
    {
      what: "a malformed cron",
      stack: "dev",
      values: { "platform:compute": { availabilityHours: { timeZone: "Europe/Dublin", start: "0 8 * *", stop: "0 25 * * MON-FRI" } } },
      expect: [
        /platform:compute.availabilityHours.start: found "0 8 \* \*"; expected 5 cron fields/,
        /platform:compute.availabilityHours.stop: found "0 25 \* \* MON-FRI"; hour "25"/,
      ],
    },
    {
      what: "an unknown time zone",
      stack: "dev",
      values: { "platform:compute": { availabilityHours: { timeZone: "Europe/Springfield", start: "0 8 * * 1-5", stop: "0 20 * * 1-5" } } },
      expect: [/platform:compute.availabilityHours.timeZone: found "Europe\/Springfield"; expected an IANA time zone name/],
    },
    {
      what: "availability hours in prod",
      stack: "prod",
      values: { "platform:compute": { availabilityHours: { timeZone: "UTC", start: "0 8 * * 1-5", stop: "0 20 * * 1-5" } } },
      expect: [/platform:compute.availabilityHours: .*role prod keeps at least 2 instances per tier/],
    },
    {
      what: "a warm pool on spot",
      stack: "dev",
      values: { "platform:web": { warmPool: { minSize: 1, poolState: "Stopped" } } },
      expect: [/platform:web.warmPool: .*a warm pool needs purchase on-demand/],
    },
    {
      what: "a warm pool kept running, which would enter service on an old release",
      stack: "prod",
      values: { "platform:web": { warmPool: { minSize: 1, poolState: "Running" } } },
      expect: [
        /platform:web.warmPool.poolState: found "Running"; expected Stopped: a Running or Hibernated warm instance would enter service on the release it was warmed with/,
      ],
    },
    {
      what: "a malformed job schedule and a size Fargate does not run",
      stack: "prod",
      values: { "platform:jobs": { cpu: 256, memory: 4096, schedules: [{ name: "report", cron: "0 3 * * *", command: ["bin/report"] }] } },
      expect: [
        /platform:jobs.schedules.0.cron: found "0 3 \* \* \*"; expected cron\(minutes hours/,
        /platform:jobs.memory: found 4096; memory 4096 does not go with cpu 256/,
      ],
    },
    {
      what: "a refresh ceiling outside 100-200, or more than 100 above its floor",
      stack: "prod",
      values: { "platform:web": { maxHealthyPercentage: 250 }, "platform:worker": { minHealthyPercentage: 50, maxHealthyPercentage: 200 } },
      expect: [
        /platform:web.maxHealthyPercentage: found 250; expected 100-200 percent/,
        /platform:worker.maxHealthyPercentage: found 200; expected at most 100 above minHealthyPercentage \(50\)/,
      ],
    },
    {
      what: "an unknown purchase option",
      stack: "dev",
      values: { "platform:web": { purchase: "reserved" } },
      expect: [/platform:web.purchase: found "reserved"; expected one of on-demand, spot/],
    },
  ]) {
    it(`rejects ${what} with a message naming key, value and what is allowed`, () => {
      const found = problems(stack, values);
      for (const pattern of expect) assert.match(found, pattern);
    });
  }
});
