import { strict as assert } from "assert";
import { betaSplit } from "../../tiers/compute/container-plan";
import { ConfigError, loadConfig } from "../../config/load";
import { readConfigFile } from "../../config/stack-files";

/** The example config a README line points to, laid over prod's stack file. */
const example = readConfigFile("examples/containers.yaml");

const identity = (stack: string) => ({ project: "platform", stack, organization: "organization" });
const base = { "aws:region": "eu-west-1", "platform:owner": "team", "platform:costCenter": "42", "platform:release": "1.5.0" };
const asEngine = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));

function problems(stack: string, values: Record<string, unknown>): string[] {
  try {
    loadConfig(asEngine({ ...base, ...values }), identity(stack));
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  return [];
}

describe("containers: config", () => {
  for (const [cpu, memory] of [
    [256, 512],
    [1024, 8192],
    [4096, 30720],
  ]) {
    it(`accepts the Fargate size ${cpu} CPU / ${memory} MiB`, () => {
      assert.deepEqual(problems("prod", { "platform:containers": { cpu, memory } }), []);
    });
  }

  for (const [cpu, memory, message] of [
    [1024, 512, /platform:containers\.memory: found 512; memory 512 does not go with cpu 1024 on Fargate \(expected 2048-8192 in steps of 1024\)/],
    [768, 2048, /platform:containers\.memory: found 2048; cpu 768 is no Fargate task size \(expected one of 256, 512, 1024, 2048, 4096\)/],
  ] as const) {
    it(`rejects ${cpu} CPU / ${memory} MiB, naming the key and the sizes Fargate takes`, () => {
      assert.ok(
        problems("prod", { "platform:containers": { cpu, memory } }).some((p) => message.test(p)),
        String(problems("prod", { "platform:containers": { cpu, memory } })),
      );
    });
  }

  it("checks Fargate sizes only on Fargate, and the EC2 task CPU range on ec2 capacity", () => {
    assert.deepEqual(problems("prod", { "platform:containers": { capacity: "ec2", cpu: 768, memory: 1536 } }), []);
    assert.deepEqual(problems("prod", { "platform:containers": { capacity: "ec2", cpu: 64, memory: 1536 } }), [
      "platform:containers.cpu: found 64; expected 128-196608 CPU units on ec2 capacity",
    ]);
  });

  it("refuses containers on ec2 capacity without the ECS agent's endpoints", () => {
    assert.ok(
      problems("prod", { ...example, "platform:containers": { capacity: "ec2" } }).some((p) =>
        /^platform:network\.interfaceEndpoints: found .*; containers on ec2 capacity need the ECS agent's endpoints too; add ecs, ecs-agent, ecs-telemetry$/.test(
          p,
        ),
      ),
    );
  });

  it("allows fargate-spot only where the role allows spot capacity", () => {
    assert.deepEqual(problems("dev", { "platform:containers": { capacity: "fargate-spot" } }), []);
    assert.deepEqual(problems("prod", { "platform:containers": { capacity: "fargate-spot" } }), [
      'platform:containers.capacity: found "fargate-spot"; role prod does not allow fargate-spot (expected fargate)',
    ]);
  });

  it("needs a pinned release for a tier on containers, and a weight of 0-100 for beta", () => {
    const found = problems("prod", {
      "platform:release": undefined,
      "platform:web": { runtime: "containers" },
      "platform:beta": { release: "1.6.0", weight: 101 },
    });
    assert.ok(
      found.includes('platform:web.runtime: found "containers"; containers run the image tagged platform:release; set platform:release first'),
      String(found),
    );
    assert.ok(found.includes("platform:beta.weight: found 101; expected a percentage from 0 to 100"), String(found));
    assert.ok(
      problems("prod", { "platform:worker": { runtime: "lambda" } }).some((p) =>
        /platform:worker\.runtime: found "lambda"; expected one of instances, containers/.test(p),
      ),
    );
  });

  it("gives the listener weights that sum to 100 for every beta weight", () => {
    for (const weight of [0, 1, 10, 50, 99, 100]) {
      const split = betaSplit(weight);
      assert.equal(split.main + split.beta, 100);
      assert.equal(split.beta, weight);
    }
  });
});
