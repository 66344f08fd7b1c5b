import { strict as assert } from "assert";
import { LOG_DELIVERY_SERVICE } from "../../lib/elb-log-delivery";
import { evaluated, evaluatedWith, ofType, one } from "../support/harness";
import { D, readersOf } from "../support/data-resources";

describe("data tier options", () => {
  // The shared stack's outputs, as already evaluated, so each variant evaluates only itself.
  const references = async () => {
    const dev = await evaluated("dev");
    return Object.fromEntries(Object.entries(dev.references).map(([name, r]) => [name, r.outputs]));
  };

  it("grants the log delivery service principal in a region opened after August 2022", async () => {
    const e = await evaluatedWith("dev", { config: { "aws:region": "eu-central-2" }, references: await references() });
    const delivery = JSON.parse(one(e, D.bucketPolicy, "-logs-policy").inputs.policy).Statement.find(
      (s: { Sid: string }) => s.Sid === "LoadBalancerLogDelivery",
    );
    assert.deepEqual(delivery.Principal, { Service: LOG_DELIVERY_SERVICE });
  });

  it("copies recovery points to a second region when configured", async () => {
    const e = await evaluatedWith("prod", {
      config: { "platform:data": { backups: { copyRegion: "eu-central-1" } } },
      references: await references(),
    });
    const copyVault = one(e, D.vault, "-copy-vault");
    assert.deepEqual([copyVault.inputs.region, copyVault.inputs.forceDestroy, copyVault.options?.protect], ["eu-central-1", false, true]);
    for (const rule of one(e, D.plan).inputs.rules) {
      assert.equal(rule.copyActions.length, 1);
      assert.match(rule.copyActions[0].destinationVaultArn, /^arn:aws:backup:eu-central-1:/);
    }
  });

  it("spreads more readers than zones over the zones after the writer's, wrapping", async () => {
    const e = await evaluatedWith("prod", { config: { "platform:data": { readers: 4 } }, references: await references() });
    const zones = e.outputs.availabilityZones as string[];
    assert.deepEqual(
      readersOf(e).map((r) => r.inputs.availabilityZone),
      [zones[1], zones[2], zones[0], zones[1]],
    );
  });
});

describe("protect in the shared stack", () => {
  it("protects the key, the releases bucket, the registry and the zone, and not their alias, policies or settings", async () => {
    const e = await evaluated("shared");
    assert.ok(
      e.resources.every((r) => r.options),
      "registrations not recorded",
    );
    const expected = [
      one(e, "aws:kms/key:Key").name,
      one(e, D.bucket, "-releases").name,
      one(e, "aws:ecr/repository:Repository").name,
      ...ofType(e, "aws:route53/zone:Zone").map((z) => z.name),
    ];
    const protectedNames = e.resources.filter((r) => r.options?.protect).map((r) => r.name);
    assert.deepEqual(protectedNames.sort(), expected.sort());
  });
});
