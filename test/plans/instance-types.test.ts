import { strict as assert } from "assert";
import { instanceTypeProblems, isArchitecture, parseInstanceType } from "../../lib/instance-types";

describe("instance types", () => {
  for (const [name, architecture, burstable] of [
    ["m7g.large", "arm64", false],
    ["c7gn.xlarge", "arm64", false],
    ["t4g.medium", "arm64", true],
    ["x2gd.2xlarge", "arm64", false],
    ["im4gn.large", "arm64", false],
    ["a1.large", "arm64", false],
    ["m7i.large", "x86_64", false],
    ["g4dn.xlarge", "x86_64", false],
    ["t3.micro", "x86_64", true],
    ["c5.large", "x86_64", false],
  ] as const) {
    it(`reads ${name} as ${architecture}${burstable ? ", burstable" : ""}`, () => {
      assert.deepEqual([parseInstanceType(name)?.architecture, parseInstanceType(name)?.burstable], [architecture, burstable]);
    });
  }

  it("names each instance type that cannot run the architecture or the role", () => {
    assert.deepEqual(instanceTypeProblems(["m7g.large", "c7g.xlarge"], "arm64", false), []);
    assert.match(instanceTypeProblems(["m7i.large"], "arm64", true)[0], /m7i.large is an x86_64 family \(m7i\) but the base image is arm64/);
    assert.match(instanceTypeProblems(["m7g.large"], "x86_64", true)[0], /m7g.large is an arm64 family/);
    assert.match(instanceTypeProblems(["q9.large"], "arm64", true)[0], /q9.large is no EC2 instance type/);
    assert.match(instanceTypeProblems(["large"], "arm64", true)[0], /is no EC2 instance type/);
    assert.match(instanceTypeProblems(["t4g.small"], "arm64", false)[0], /burstable/);
  });

  it("knows the two architectures and nothing else", () => {
    assert.deepEqual([isArchitecture("arm64"), isArchitecture("x86_64"), isArchitecture("aarch64"), isArchitecture(undefined)], [true, true, false, false]);
  });
});
