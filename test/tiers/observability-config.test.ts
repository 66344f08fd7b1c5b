import { strict as assert } from "assert";
import { ConfigError, loadConfig } from "../../config/load";

describe("observability config", () => {
  const identity = { project: "platform", stack: "dev", organization: "organization" };
  const base = { "aws:region": "eu-west-1", "platform:owner": "team", "platform:costCenter": "42" };
  const problems = (values: Record<string, unknown>): string[] => {
    const raw = Object.fromEntries(Object.entries({ ...base, ...values }).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    try {
      loadConfig(raw, identity);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.problems;
    }
    assert.fail("expected the config to be rejected");
  };

  const cases: { what: string; values: Record<string, unknown>; expect: RegExp }[] = [
    {
      what: "a negative threshold",
      values: { "platform:observability": { thresholds: { cpuPercent: -5 } } },
      expect: /platform:observability\.thresholds\.cpuPercent: found -5; expected a percentage above 0 and at most 100/,
    },
    {
      what: "a negative count",
      values: { "platform:observability": { thresholds: { cacheEvictions: -1 } } },
      expect: /platform:observability\.thresholds\.cacheEvictions: found -1; expected 0 or more/,
    },
    {
      what: "a latency objective of zero",
      values: { "platform:observability": { latencyObjectiveMs: 0 } },
      expect: /platform:observability\.latencyObjectiveMs: found 0; expected a number above 0: the p99 latency objective in milliseconds/,
    },
    {
      what: "a negative budget",
      values: { "platform:observability": { monthlyBudgetUsd: -100 } },
      expect: /platform:observability\.monthlyBudgetUsd: found -100; expected a number above 0/,
    },
    {
      what: "a malformed email",
      values: { "platform:alerts": { emails: ["oncall.example.com"] } },
      expect: /platform:alerts\.emails\.0: found "oncall\.example\.com"; expected an email address such as oncall@example\.com/,
    },
    {
      what: "an http endpoint",
      values: { "platform:alerts": { httpsEndpoints: ["http://hooks.example.com"] } },
      expect: /platform:alerts\.httpsEndpoints\.0: found "http:\/\/hooks\.example\.com"; expected an https:\/\/ URL/,
    },
    {
      what: "a log retention CloudWatch Logs does not offer",
      values: { "platform:observability": { logRetentionDays: 10 } },
      expect: /platform:observability\.logRetentionDays: found 10; expected one of the values CloudWatch Logs accepts/,
    },
    {
      what: "an unknown threshold",
      values: { "platform:observability": { thresholds: { diskPercent: 90 } } },
      expect: /diskPercent: unknown key in platform:observability\.thresholds/,
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.what} with a message naming key, value and what is allowed`, () => {
      const found = problems(c.values);
      assert.ok(
        found.some((p) => c.expect.test(p)),
        found.join("\n"),
      );
    });
  }
});
