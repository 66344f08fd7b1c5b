import { strict as assert } from "assert";
import { rolloutEstimate, type RolloutInput } from "../../tiers/compute/rollout-plan";
import { rolloutReport } from "../../offline/rollout-report";
import { evaluated } from "../support/harness";

const base: RolloutInput = {
  instances: 300,
  minHealthyPercentage: 90,
  maxHealthyPercentage: 100,
  checkpointPercentages: [20, 50, 100],
  checkpointDelaySeconds: 300,
  instanceWarmupSeconds: 300,
  deregistrationDelaySeconds: 20,
  healthCheckIntervalSeconds: 15,
  healthyThreshold: 2,
  bootSeconds: 90,
};

describe("rollout estimate", () => {
  for (const [what, input, expected] of [
    // 10 % at a time: 30 per round; a round drains 20 s, boots 90 s, warms 300 s (longer than 2 checks of 15 s); 2 pauses of 300 s.
    ["prod's web at 300, terminate first", base, { batchSize: 30, batches: 10, batchSeconds: 410, refreshSeconds: 4700 }],
    // Launch before terminate with a band of 100: the whole group in one round.
    [
      "a group of 4 launching before it terminates",
      { ...base, instances: 4, minHealthyPercentage: 100, maxHealthyPercentage: 200, deregistrationDelaySeconds: 0 },
      { batchSize: 4, batches: 1, batchSeconds: 390, refreshSeconds: 990 },
    ],
    // 10 % of 3 is no instance: one at a time.
    ["a group too small for its band", { ...base, instances: 3 }, { batchSize: 1, batches: 3, batchSeconds: 410, refreshSeconds: 1830 }],
    // Health checks slower than the warmup set the round.
    [
      "slow health checks",
      { ...base, instances: 10, instanceWarmupSeconds: 0, healthCheckIntervalSeconds: 30, healthyThreshold: 5, checkpointPercentages: [100] },
      { batchSize: 1, batches: 10, batchSeconds: 260, refreshSeconds: 2600 },
    ],
    ["an empty group", { ...base, instances: 0 }, { batchSize: 1, batches: 0, batchSeconds: 410, refreshSeconds: 0 }],
  ] as [string, RolloutInput, object][]) {
    it(`times ${what}`, () => {
      const estimate = rolloutEstimate(input);
      assert.deepEqual({ ...estimate, releaseSeconds: undefined }, { ...expected, releaseSeconds: undefined });
      assert.equal(estimate.releaseSeconds, estimate.refreshSeconds, "a release is a refresh today");
    });
  }

  it("reads prod's groups as declared: web at its 300, in rounds of 30", async () => {
    const report = rolloutReport(await evaluated("prod"));
    assert.deepEqual(Object.keys(report).sort(), ["platform-prod-web", "platform-prod-worker"]);
    assert.deepEqual([report["platform-prod-web"].batchSize, report["platform-prod-web"].batches], [30, 10]);
    // Far above the five minutes issue 17 asks for: the gap the in-place deploy is to close (README, Known gaps).
    assert.ok(report["platform-prod-web"].releaseSeconds > 300);
  });
});
