import { strict as assert } from "assert";
import { violations } from "../../policy/rules";
import { evaluated } from "../support/harness";
import { policyView, stackFiles } from "../support/policy-view";

describe("policy pack over the stacks", () => {
  for (const stack of stackFiles()) {
    it(`${stack} passes every rule`, async () => {
      const evaluation = await evaluated(stack);
      const found = violations(policyView(stack, evaluation.resources));
      assert.deepEqual(found, []);
    });
  }
});
