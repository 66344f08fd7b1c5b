import { strict as assert } from "assert";
import { deployabilityRules } from "../../policy/deployability";
import { RULES, violations, type Violation } from "../../policy/rules";
import { BROKEN, type Extra } from "../support/broken-cases";
import { compliantEnvironment, type Overrides } from "../support/policy-fixtures";
import { declaredUnderMocks } from "../support/policy-view";

async function violationsOf(stack: string, overrides: Overrides = {}, tags: Record<string, string> = {}, extra?: Extra): Promise<Violation[]> {
  const environment = compliantEnvironment(stack, overrides);
  return violations(
    await declaredUnderMocks(
      stack,
      (provider) => {
        environment(provider);
        extra?.(provider);
      },
      tags,
    ),
  );
}

describe("policy rules", () => {
  it("a compliant environment with every tier passes every rule, in prod and in dev", async () => {
    assert.deepEqual(await violationsOf("prod"), []);
    assert.deepEqual(await violationsOf("dev"), []);
  });

  it("a proxy-tier launch template may have a public IP", async () => {
    const proxy = {
      "web-lt": {
        networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true" }],
        tagSpecifications: [
          { resourceType: "instance", tags: { tier: "proxy", environment: "prod", service: "platform", owner: "platform-team", "cost-center": "4100" } },
        ],
      },
    };
    assert.deepEqual(await violationsOf("prod", proxy), []);
  });

  for (const broken of BROKEN) {
    it(`${broken.rule} catches ${broken.what}`, async () => {
      const found = (await violationsOf(broken.stack ?? "prod", broken.overrides, broken.tags, broken.extra)).filter((v) => v.rule === broken.rule);
      assert.ok(
        found.some((v) => broken.message.test(v.message)),
        `expected a ${broken.rule} violation matching ${broken.message}, got: ${JSON.stringify(found, null, 1)}`,
      );
    });
  }

  it("every rule has a broken case, a description and an enforcement level", () => {
    for (const rule of RULES) {
      assert.ok(
        // A deployability rule's broken cases are in its subject's test (test/policy/deployability-<subject>.test.ts).
        BROKEN.some((b) => b.rule === rule.name) || deployabilityRules.includes(rule),
        `no broken case for ${rule.name}`,
      );
      assert.ok(rule.description.length > 20 && ["advisory", "mandatory"].includes(rule.enforcementLevel), rule.name);
      if (deployabilityRules.includes(rule)) assert.ok(rule.source, `${rule.name} names no source`);
    }
    assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length, "rule names are unique");
  });
});
