import { strict as assert } from "assert";
import type { Evaluation } from "../../offline/evaluate";
import { C, ofCompute, userData } from "../support/compute-resources";
import { evaluatedWith, ofType, one } from "../support/harness";

// A fresh environment, as `npm run env -- create` makes one: its stack file pins no release, and nothing
// exists in the release bucket for its instances to install.
for (const stack of ["dev", "prod"]) {
  describe(`${stack} with no release pinned`, () => {
    let e: Evaluation;
    before(async () => (e = await evaluatedWith(stack, { release: undefined })));

    it("has instance groups of no capacity, so nothing boots without a release and is replaced in a loop", () => {
      for (const tier of ["web", "worker"]) {
        const group = one(e, C.group, `compute-${tier}-asg`);
        assert.deepEqual([group.inputs.minSize, group.inputs.desiredCapacity, group.inputs.maxSize], [0, 0, 0], tier);
      }
      assert.equal(ofCompute(e, C.schedule).length, 0, "no schedule raises the capacity");
      assert.equal(ofType(e, "aws:autoscaling/group:Group").filter((g) => g.name.includes("-compute-") && g.inputs.warmPool).length, 0);
    });

    it("has no release pointer, so a boot refuses to install should the capacity be raised by hand", () => {
      assert.equal(ofType(e, "aws:ssm/parameter:Parameter").filter((p) => p.name.includes("-release")).length, 0);
      for (const tier of ["web", "worker"]) assert.match(userData(e, tier), /no release in \$RELEASE_POINTER \(platform:release\)/);
    });

    it("lets the instances read no release and has no jobs (they run the release's image)", () => {
      for (const tier of ["web", "worker"]) {
        const document = JSON.parse(one(e, C.rolePolicy, `compute-${tier}-instance-policy`).inputs.policy);
        assert.equal(
          document.Statement.find((s: { Sid: string }) => s.Sid === "ReadRelease"),
          undefined,
          tier,
        );
      }
      assert.equal(ofType(e, C.taskDefinition).length, 0);
      assert.equal((e.outputs as Record<string, unknown>).migrationTaskDefinitionArn, undefined);
      assert.equal((e.outputs as Record<string, unknown>).release, undefined);
    });
  });
}
