import { strict as assert } from "assert";
import { DEFAULT_REGIONAL_QUOTAS, DEFAULT_VPCS_PER_REGION, regionalUse, type RegionalUse } from "../../policy/deployability/quotas";
import type { Evaluation } from "../../offline/evaluate";
import { evaluated, evaluatedWith } from "../support/harness";
import { policyView } from "../support/policy-view";

const STACKS = ["shared", "dev", "prod", "load-test"] as const;

/** Elastic IPs and VPCs the stacks take together, per region, as a new account would count them. */
function totalUse(evaluations: Evaluation[]): Map<string, RegionalUse> {
  const total = new Map<string, RegionalUse>();
  for (const evaluation of evaluations) {
    for (const [region, use] of regionalUse(policyView(evaluation.stack, evaluation.resources))) {
      const sum = total.get(region) ?? { elasticIps: 0, vpcs: 0 };
      total.set(region, { elasticIps: sum.elasticIps + use.elasticIps, vpcs: sum.vpcs + use.vpcs });
    }
  }
  return total;
}

describe("the documented stacks against a new account's default quotas", () => {
  const evaluations: Evaluation[] = [];
  // One stack per hook, so each evaluation has the suite's whole timeout.
  for (const stack of STACKS) before(async () => evaluations.push(await evaluated(stack)));
  // What `npm run env -- create alice` brings up: Pulumi.dev.yaml as dev-alice.
  before(async () => evaluations.push(await evaluatedWith("dev-alice", { stackFile: "dev", config: { "platform:role": "dev", "platform:ttl": "3d" } })));

  it("take 3 Elastic IPs and, with the default VPC, 5 VPCs in eu-west-1, and the generators' VPC in us-east-1", () => {
    const use = totalUse(evaluations);
    assert.deepEqual(Object.fromEntries(use), {
      "eu-west-1": { elasticIps: 3, vpcs: 4 },
      "us-east-1": { elasticIps: 0, vpcs: 1 },
    });
    for (const { elasticIps, vpcs } of use.values()) {
      assert.ok(elasticIps <= DEFAULT_REGIONAL_QUOTAS.elasticIps);
      assert.ok(vpcs + DEFAULT_VPCS_PER_REGION <= DEFAULT_REGIONAL_QUOTAS.vpcs);
    }
  });
});
