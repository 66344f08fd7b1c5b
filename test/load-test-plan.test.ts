import { strict as assert } from "assert";
import { defaultGeneratorRegion, generatorPolicy, generatorSubnets, k6Script, renderGeneratorUserData } from "../components/load-generators-plan";

const scenario = { arrivalRate: 20000, rampUp: "15m", duration: "30m", paths: ["/", "/api/catalog"], maxVirtualUsers: 500 };

/** The options object the k6 script declares. */
function optionsOf(script: string) {
  const line = script.split("\n").find((l) => l.startsWith("export const options = "));
  return JSON.parse(String(line).slice("export const options = ".length, -1));
}

describe("load generators plan", () => {
  for (const [target, expected] of [
    ["eu-west-1", "us-east-1"],
    ["ap-southeast-2", "us-east-1"],
    ["us-east-1", "us-west-2"],
  ]) {
    it(`sends load to ${target} from ${expected} unless told otherwise`, () => {
      assert.equal(defaultGeneratorRegion(target), expected);
      assert.notEqual(defaultGeneratorRegion(target), target);
    });
  }

  it("halves the generator VPC into two zones' public subnets", () => {
    assert.deepEqual(generatorSubnets("10.31.0.0/20"), ["10.31.0.0/21", "10.31.8.0/21"]);
    assert.deepEqual(generatorSubnets("172.16.0.0/16"), ["172.16.0.0/17", "172.16.128.0/17"]);
  });

  for (const [generators, perGenerator] of [
    [200, 100],
    [3, 6667],
    [50000, 1],
  ]) {
    it(`splits 20000 requests/s over ${generators} generators as ${perGenerator} each, ramped then held`, () => {
      const load = optionsOf(k6Script(scenario, "https://load-test.example.com/", generators)).scenarios.load;
      assert.equal(load.executor, "ramping-arrival-rate");
      assert.deepEqual(load.stages, [
        { duration: "15m", target: perGenerator },
        { duration: "30m", target: perGenerator },
      ]);
      assert.ok(load.preAllocatedVUs <= load.maxVUs);
    });
  }

  it("requests the configured paths of the target, without a doubled slash", () => {
    const script = k6Script(scenario, "https://load-test.example.com/", 1);
    assert.ok(script.includes('const target = "https://load-test.example.com";'));
    assert.ok(script.includes('const paths = ["/","/api/catalog"];'));
  });

  it("installs the pinned k6 and uploads every result file under the run's prefix, in the bucket's region", () => {
    const userData = renderGeneratorUserData({ k6Version: "1.0.0", script: "// s\n", resultsBucket: "results", resultsRegion: "eu-west-1", run: "peak" });
    assert.ok(userData.startsWith("#!/bin/bash\nset -euo pipefail\n"));
    assert.ok(userData.includes("dnf install -y k6-1.0.0\n"));
    assert.ok(userData.includes("cat > scenario.js <<'SCENARIO'\n// s\nSCENARIO\n"));
    assert.ok(userData.includes('prefix="s3://results/load-tests/peak/'));
    assert.ok(userData.includes('aws s3 cp --only-show-errors --region eu-west-1 "$file" "$prefix/$file"'));
  });

  it("lets a generator put objects under its run's prefix only, and use the key only through S3", () => {
    const policy = generatorPolicy({
      resultsBucketArn: "arn:aws:s3:::results",
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
      resultsRegion: "eu-west-1",
      run: "peak",
    });
    assert.deepEqual(
      policy.Statement.map((s) => [s.Action, s.Resource]),
      [
        [["s3:PutObject"], ["arn:aws:s3:::results/load-tests/peak/*"]],
        [["kms:GenerateDataKey"], ["arn:aws:kms:eu-west-1:123456789012:key/k"]],
      ],
    );
    assert.deepEqual(policy.Statement[1].Condition, { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } });
  });
});
