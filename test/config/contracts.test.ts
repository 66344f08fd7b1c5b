import { strict as assert } from "assert";
import { ConfigError, loadConfig, type EnvironmentConfig } from "../../config/load";
import { environmentShape } from "../../contracts/outputs";
import { EvaluationError } from "../../offline/evaluate";
import { mirrored, shapeOf } from "../../stacks/mirror";
import { evaluated, evaluatedWith } from "../support/harness";

const SHARED = "organization/platform/shared";
const PROD = "organization/platform/prod";
const identity = (stack: string) => ({ project: "platform", stack, organization: "organization" });
const base = { "aws:region": "eu-west-1", "platform:owner": "team", "platform:costCenter": "42" };
const asEngine = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
const configOf = (stack: string, values: Record<string, unknown> = {}) => loadConfig(asEngine({ ...base, ...values }), identity(stack)) as EnvironmentConfig;

function problems(stack: string, values: Record<string, unknown>): string[] {
  try {
    configOf(stack, values);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail("expected the config to be rejected");
}

async function mirrorFailure(prodOutputs: Record<string, unknown>): Promise<string> {
  const shared = (await evaluated("shared")).outputs;
  const error = await evaluatedWith("load-test", { references: { [SHARED]: shared, [PROD]: prodOutputs } }).then(
    () => assert.fail("expected the evaluation to fail"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof EvaluationError, String(error));
  return error.message;
}

describe("contracts: the environment shape and its mirror", () => {
  it("exports a shape that the contract accepts, from the stack's own config", () => {
    const prod = configOf("prod");
    const shape = environmentShape.parse(shapeOf(prod));
    assert.deepEqual(shape.web, { min: 3, desired: 6, max: 300, instanceTypes: ["m7g.large"] });
    assert.deepEqual(shape.database, { instanceClass: "db.r7g.large", readers: 2, readerAutoScaling: { maxReaders: 6, targetCpuPercent: 60 } });
  });

  it("takes sizes, types and data classes from the mirror, but keeps the load-test's purchase, protection and retention", () => {
    const loadTest = configOf("load-test");
    const prod = configOf("prod", { "platform:web": { min: 5, desired: 7, max: 50, instanceTypes: ["c7g.4xlarge"] } });
    const copy = mirrored(loadTest, shapeOf(prod), "1.5.0");
    assert.deepEqual(shapeOf(copy), shapeOf(prod));
    assert.equal(copy.web.purchase, "spot");
    assert.equal(copy.web.onDemandBase, loadTest.web.onDemandBase);
    assert.equal(copy.protect, false);
    assert.equal(copy.data.backupRetentionDays, loadTest.data.backupRetentionDays);
    assert.equal(copy.observability.logRetentionDays, 3);
    assert.equal(copy.release, "1.5.0");
  });

  for (const [own, mirror, expected] of [
    [undefined, "1.5.0", "1.5.0"],
    [undefined, undefined, undefined],
    ["1.6.0-rc1", "1.5.0", "1.6.0-rc1"],
  ] as const) {
    it(`boots release ${expected ?? "none"} when the stack pins ${own ?? "none"} and the mirror runs ${mirror ?? "none"}`, () => {
      const loadTest = configOf("load-test", own ? { "platform:release": own } : {});
      assert.equal(mirrored(loadTest, shapeOf(configOf("prod")), mirror).release, expected);
    });
  }

  it("names the mirror and the output when the mirror exports no shape", async () => {
    const { shape: _dropped, ...prod } = (await evaluated("prod")).outputs;
    assert.match(await mirrorFailure(prod), /Stack "organization\/platform\/prod" has no output "shape"/);
  });

  it("names the mirror, the output and the field when the mirror's shape is stale", async () => {
    const prod = (await evaluated("prod")).outputs;
    const stale = { ...prod, shape: { web: { min: 3, desired: 6, max: 300 }, worker: { min: 2, desired: 3, max: 100 } } };
    assert.match(await mirrorFailure(stale), /Stack "organization\/platform\/prod" output "shape" has the wrong shape: .*web\.instanceTypes/);
  });
});

describe("config: load-test", () => {
  it("mirrors prod by its full name and puts the generators in another region by default", () => {
    const config = configOf("load-test");
    assert.equal(config.mirrorStack, PROD);
    assert.equal(config.loadTest?.region, "us-east-1");
    assert.equal(configOf("load-test", { "aws:region": "us-east-1" }).loadTest?.region, "us-west-2");
    assert.equal(configOf("load-test", { "platform:org": "acme", "platform:mirror": "prod-eu" }).mirrorStack, "acme/platform/prod-eu");
  });

  it("allows 200 generators, as the seeds ran", () => {
    assert.equal(configOf("load-test", { "platform:loadTest": { count: 200 } }).loadTest?.count, 200);
  });

  it("names each bad load-test value: same region as the target, too many generators, x86 types on arm64, a bad duration", () => {
    assert.deepEqual(
      problems("load-test", { "platform:loadTest": { region: "eu-west-1", count: 1001, instanceTypes: ["c7i.large"], scenario: { rampUp: "soon" } } }),
      [
        "platform:loadTest.count: found 1001; expected at most 1000 generators",
        'platform:loadTest.scenario.rampUp: found "soon"; expected a k6 duration such as 90s, 30m or 2h',
        'platform:loadTest.region: found "eu-west-1"; expected a region other than the target\'s (eu-west-1), so the load arrives over the internet',
        'platform:loadTest.instanceTypes: found ["c7i.large"]; c7i.large is an x86_64 family (c7i) but the base image is arm64 (Graviton: e.g. m7g, c7g, r7g, t4g)',
      ],
    );
  });

  it("refuses a mirror or a generator fleet on another role", () => {
    assert.deepEqual(problems("dev", { "platform:mirror": "prod" }), ['platform:mirror: found "prod"; only applies to role load-test']);
  });
});
