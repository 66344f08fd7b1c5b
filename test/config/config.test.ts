import { strict as assert } from "assert";
import { ConfigError, loadConfig, parseConfigValue, type EnvironmentConfig } from "../../config/load";
import { EvaluationError } from "../../offline/evaluate";
import { evaluatedWith } from "../support/harness";

const identity = (stack: string) => ({ project: "platform", stack, organization: "organization" });
const base = { "aws:region": "eu-west-1", "platform:owner": "team", "platform:costCenter": "42" };
const asEngine = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));

function problems(stack: string, values: Record<string, unknown>): string[] {
  try {
    loadConfig(asEngine(values), identity(stack));
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail("expected the config to be rejected");
}

describe("config", () => {
  it("takes the role from the stack name and fills in that role's defaults", () => {
    const config = loadConfig(asEngine(base), identity("prod")) as EnvironmentConfig;
    assert.equal(config.role, "prod");
    assert.equal(config.network.azCount, 3);
    assert.equal(config.network.nat, "per-az");
    assert.equal(config.sharedStack, "organization/platform/shared");
    assert.deepEqual(config.tags, { environment: "prod", service: "platform", owner: "team", "cost-center": "42" });
  });

  it("lets a stack named dev-alice take role dev, with names and tags of its own", () => {
    const config = loadConfig(asEngine({ ...base, "platform:role": "dev", "platform:ttl": "3d" }), identity("dev-alice")) as EnvironmentConfig;
    assert.equal(config.role, "dev");
    assert.equal(config.namePrefix, "platform-dev-alice");
    assert.equal(config.tags.ttl, "3d");
    assert.equal(config.tags.environment, "dev-alice");
  });

  it("builds the shared stack's full name from platform:org and platform:sharedStack", () => {
    const config = loadConfig(asEngine({ ...base, "platform:org": "acme", "platform:sharedStack": "shared-eu" }), identity("dev")) as EnvironmentConfig;
    assert.equal(config.sharedStack, "acme/platform/shared-eu");
  });

  const cases: { what: string; stack: string; values: Record<string, unknown>; expect: RegExp[] }[] = [
    {
      what: "unknown role",
      stack: "prod",
      values: { ...base, "platform:role": "staging" },
      expect: [/platform:role: found "staging".*expected one of shared, dev, prod, load-test/],
    },
    { what: "a stack name that is no role, without platform:role", stack: "qa", values: base, expect: [/platform:role: found "qa" \(from the stack name/] },
    {
      what: "missing required key",
      stack: "dev",
      values: { "platform:owner": "team", "platform:costCenter": "42" },
      expect: [/aws:region: found nothing; required: the AWS region/],
    },
    {
      what: "unknown public zone strategy",
      stack: "shared",
      values: { ...base, "platform:domain": "example.com", "platform:publicZone": "import" },
      expect: [/platform:publicZone: found "import"; expected create \(a new zone, to delegate the domain to\) or existing/],
    },
    { what: "missing shared domain", stack: "shared", values: base, expect: [/platform:domain: found nothing; required/] },
    {
      what: "wrong type",
      stack: "dev",
      values: { ...base, "platform:network": { azCount: "two" } },
      expect: [/platform:network\.azCount: found "two"; .*expected number/],
    },
    {
      what: "out-of-range number",
      stack: "dev",
      values: { ...base, "platform:network": { flowLogRetentionDays: 10 } },
      expect: [/platform:network\.flowLogRetentionDays: found 10; expected one of the values CloudWatch Logs accepts: 1, 3, 5, 7, 14/],
    },
    {
      what: "bad CIDR",
      stack: "dev",
      values: { ...base, "platform:network": { cidr: "10.0.0.0/33" } },
      expect: [/platform:network\.cidr: found "10\.0\.0\.0\/33"; .*prefix above \/32/],
    },
    {
      what: "public CIDR",
      stack: "dev",
      values: { ...base, "platform:network": { cidr: "52.0.0.0/16" } },
      expect: [/platform:network\.cidr: .*private \(RFC 1918\)/],
    },
    {
      what: "prod with two zones",
      stack: "prod",
      values: { ...base, "platform:network": { azCount: 2 } },
      expect: [/platform:network\.azCount: found 2; expected at least 3 Availability Zones for role prod/],
    },
    {
      what: "any role with one zone",
      stack: "dev",
      values: { ...base, "platform:network": { azCount: 1 } },
      expect: [/platform:network\.azCount: found 1; expected at least 2 Availability Zones for role dev/],
    },
    {
      what: "zones of another region",
      stack: "dev",
      values: { ...base, "platform:network": { availabilityZones: ["us-east-1a", "us-east-1b"] } },
      expect: [/availabilityZones: found "us-east-1a"; expected zone names of region eu-west-1/],
    },
    {
      what: "min greater than max",
      stack: "dev",
      values: { ...base, "platform:web": { min: 5, desired: 5, max: 2 } },
      expect: [/platform:web\.min: found 5; expected min <= max \(2\)/, /platform:web\.desired: found 5; expected desired between min \(5\) and max \(2\)/],
    },
    {
      what: "prod tier that a lost instance would empty",
      stack: "prod",
      values: { ...base, "platform:worker": { min: 1 } },
      expect: [/platform:worker\.min: found 1; expected at least 2 for role prod/],
    },
    {
      what: "unknown NAT strategy",
      stack: "dev",
      values: { ...base, "platform:network": { nat: "shared" } },
      expect: [/platform:network\.nat: found "shared"; expected one of per-az, single, regional, none/],
    },
    { what: "misspelt key", stack: "dev", values: { ...base, "platform:netwrok": {} }, expect: [/platform:netwrok: unknown key/] },
    { what: "bad stack name", stack: "Dev_Alice", values: { ...base, "platform:role": "dev" }, expect: [/stack name: found "Dev_Alice"/] },
  ];
  for (const { what, stack, values, expect } of cases) {
    it(`rejects ${what} naming the key, the value and what is allowed`, () => {
      const found = problems(stack, values).join("\n");
      for (const pattern of expect) assert.match(found, pattern);
    });
  }

  it("lists every problem at once", () => {
    const found = problems("prod", {
      "platform:owner": "team",
      "platform:costCenter": "42",
      "platform:network": { azCount: 2, cidr: "10.0.0.1/16" },
      "platform:web": { min: 0, desired: 0, max: 0 },
    });
    assert.ok(found.length >= 5, found.join("\n"));
    for (const key of ["aws:region", "platform:network.azCount", "platform:network.cidr", "platform:web.min", "platform:web.max"]) {
      assert.ok(
        found.some((p) => p.startsWith(`${key}:`)),
        `no problem names ${key}:\n${found.join("\n")}`,
      );
    }
  });

  it("stops a stack with bad config before it declares any resource, the referenced stack included", async () => {
    const failure = await evaluatedWith("prod", { config: { "platform:network": { azCount: 2 } } }).then(
      () => assert.fail("expected the evaluation to fail"),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof EvaluationError);
    assert.match(failure.message, /platform:network\.azCount: found 2/);
    assert.equal(failure.resources.length, 0);
  });
});

describe("config values as the engine passes them", () => {
  const release = (text: string) => {
    const config = loadConfig({ ...asEngine(base), "platform:release": text }, identity("dev"));
    return config.role === "dev" ? config.release : undefined;
  };
  for (const [text, expected] of [
    ["17", "17"],
    ["1.10", "1.10"],
    ["1.4.2", "1.4.2"],
    ["r17", "r17"],
  ]) {
    it(`keeps release ${text} as the text ${expected}`, () => assert.equal(release(text), expected));
  }
  it("reads numbers and JSON where the schema wants them", () => {
    assert.equal(parseConfigValue("3"), 3);
    assert.deepEqual(parseConfigValue('{"azCount":3}'), { azCount: 3 });
    assert.equal(parseConfigValue("eu-west-1"), "eu-west-1");
  });
});
