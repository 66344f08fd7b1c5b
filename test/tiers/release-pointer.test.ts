import { strict as assert } from "assert";
import type { Evaluation } from "../../offline/evaluate";
import { C } from "../support/compute-resources";
import { evaluatedWith, ofType, one } from "../support/harness";

const PARAMETER = "aws:ssm/parameter:Parameter";

describe("a release is a pointer, not a launch template (prod at 1.4.2 and at 1.5.0)", () => {
  let before: Evaluation;
  let after: Evaluation;
  // `before` and `after` are mocha's too: named hooks keep them apart.
  globalThis.before(async () => {
    before = await evaluatedWith("prod", { config: { "platform:release": "1.4.2" } });
    after = await evaluatedWith("prod", { config: { "platform:release": "1.5.0" } });
  });

  it("leaves every launch template and group as it was, so no instance is replaced", () => {
    for (const type of [C.launchTemplate, C.group]) {
      const inputs = (e: Evaluation) => ofType(e, type).map((r) => [r.name, r.inputs]);
      assert.ok(inputs(before).length > 0);
      assert.deepEqual(inputs(after), inputs(before), type);
    }
  });

  it("moves only the groups' pointers, which new instances read at boot", () => {
    for (const tier of ["web", "worker"]) {
      assert.equal(one(before, PARAMETER, `compute-${tier}-release`).inputs.value, "1.4.2");
      assert.equal(one(after, PARAMETER, `compute-${tier}-release`).inputs.value, "1.5.0");
    }
  });

  it("declares the deploy document and exports what npm run release needs to send it", () => {
    const document = one(after, "aws:ssm/document:Document", "compute-deploy");
    assert.deepEqual([document.inputs.name, document.inputs.documentType], ["platform-prod-deploy", "Command"]);
    const outputs = after.outputs as Record<string, unknown>;
    assert.equal(outputs.deployDocumentName, "platform-prod-deploy");
    assert.deepEqual(outputs.releaseGroups, {
      web: { groupName: "platform-prod-web", canaryInstances: 1, batchPercent: 25 },
      worker: { groupName: "platform-prod-worker", canaryInstances: 1, batchPercent: 25 },
    });
    assert.deepEqual(outputs.releaseStopAlarmNames, ["platform-prod-front-door-5xx-ratio", "platform-prod-front-door-no-healthy-hosts"]);
    assert.match(String(outputs.releaseBucketName), /^platform-shared-releases-/);
  });
});
