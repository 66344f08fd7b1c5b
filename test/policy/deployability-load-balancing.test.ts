import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { loadBalancingDeployabilityRules } from "../../policy/deployability/load-balancing";
import { violations, type Violation } from "../../policy/rules";
import { declaredUnderMocks } from "../support/policy-view";

async function found(program: (provider: aws.Provider) => void): Promise<Violation[]> {
  return violations(await declaredUnderMocks("prod", program), loadBalancingDeployabilityRules);
}

const targetGroup = (healthCheck: aws.types.input.lb.TargetGroupHealthCheck) => (provider: aws.Provider) => {
  new aws.lb.TargetGroup("web-tg", { port: 8080, protocol: "HTTP", vpcId: "vpc-1", healthCheck: { path: "/healthz", ...healthCheck } }, { provider });
};
const document = (name: string) => (provider: aws.Provider) => {
  new aws.ssm.Document("deploy", { name, documentType: "Command", content: "{}" }, { provider });
};

describe("deployability rules of load balancing and Systems Manager", () => {
  it("every rule names its source", () => {
    for (const rule of loadBalancingDeployabilityRules) assert.ok(rule.source, rule.name);
  });

  for (const [what, program] of [
    ["a 5 s interval with a 4 s timeout", targetGroup({ interval: 5, timeout: 4 })],
    ["a 15 s interval with HTTP's default timeout", targetGroup({ interval: 15 })],
    ["a document named platform-prod-deploy", document("platform-prod-deploy")],
  ] as const) {
    it(`pass ${what}`, async () => assert.deepEqual(await found(program), []));
  }

  for (const [what, program, message] of [
    ["a 5 s interval with HTTP's default 6 s timeout", targetGroup({ interval: 5 }), /"web-tg" checks every 5 s with a 6 s timeout \(HTTP's default\)/],
    ["a timeout as long as the interval", targetGroup({ interval: 10, timeout: 10 }), /checks every 10 s with a 10 s timeout: the timeout must be shorter/],
    ["a document named like one of AWS's", document("AmazonDeploy"), /names starting with aws, amazon or amzn are Systems Manager's own/],
    ["a document with a space in its name", document("my deploy"), /is named "my deploy": expected 3-128 letters/],
  ] as const) {
    it(`catch ${what}`, async () => {
      const hits = await found(program);
      assert.equal(hits.length, 1, JSON.stringify(hits));
      assert.match(hits[0].message, message);
    });
  }
});
