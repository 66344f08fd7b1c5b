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
  behindTargetGroup: true,
  deploy: { canaryInstances: 1, batchPercent: 25, restartSeconds: 10, bootSeconds: 90 },
};

describe("rollout estimate: a new base image (instance refresh)", () => {
  for (const [what, input, expected, seconds] of [
    // 10 % at a time: 30 per round; a round drains 20 s, boots 90 s, warms 300 s (longer than 2 checks of 15 s); 2 pauses of 300 s.
    ["prod's web at 300, terminate first", base, { batchSize: 30, batches: 10, batchSeconds: 410 }, 4700],
    // Launch before terminate with a band of 100: the whole group in one round.
    [
      "a group of 4 launching before it terminates",
      { ...base, instances: 4, minHealthyPercentage: 100, maxHealthyPercentage: 200, deregistrationDelaySeconds: 0 },
      { batchSize: 4, batches: 1, batchSeconds: 390 },
      990,
    ],
    // 10 % of 3 is no instance: one at a time.
    ["a group too small for its band", { ...base, instances: 3 }, { batchSize: 1, batches: 3, batchSeconds: 410 }, 1830],
    // Health checks slower than the warmup set the round.
    [
      "slow health checks",
      { ...base, instances: 10, instanceWarmupSeconds: 0, healthCheckIntervalSeconds: 30, healthyThreshold: 5, checkpointPercentages: [100] },
      { batchSize: 1, batches: 10, batchSeconds: 260 },
      2600,
    ],
    ["an empty group", { ...base, instances: 0 }, { batchSize: 1, batches: 0, batchSeconds: 410 }, 0],
  ] as [string, RolloutInput, object, number][]) {
    it(`times ${what}`, () => {
      const estimate = rolloutEstimate(input);
      assert.deepEqual(estimate.refresh, expected);
      assert.equal(estimate.refreshSeconds, seconds);
    });
  }
});

describe("rollout estimate: a release in place (Run Command)", () => {
  for (const [what, input, expected, seconds] of [
    // One instance: drain 20 + look 5 + restart 10 + local check 2 + 2 checks of 15 + look 5 = 72 s. Canary: 1 delivery
    // round + 72 + poll 10; then 75 at a time (25 % of 300) over the other 299: 7 delivery rounds (1+2+...+64 >= 75),
    // 4 rounds of 72 and a poll.
    ["prod's web at 300", base, { canary: 1, batchSize: 75, batches: 4, instanceSeconds: 72 }, 83 + 305],
    // A worker has no target group: restart 10 + three active checks 2 s apart.
    ["a worker of 100", { ...base, instances: 100, behindTargetGroup: false }, { canary: 1, batchSize: 25, batches: 4, instanceSeconds: 16 }, 27 + 79],
    // 25 % of 2 rounds down to none: one at a time, after the canary.
    ["dev's web of 2", { ...base, instances: 2 }, { canary: 1, batchSize: 1, batches: 1, instanceSeconds: 72 }, 83 + 83],
    ["a group the canary covers", { ...base, instances: 1 }, { canary: 1, batchSize: 1, batches: 0, instanceSeconds: 72 }, 83],
    ["an empty group", { ...base, instances: 0 }, { canary: 0, batchSize: 1, batches: 0, instanceSeconds: 72 }, 0],
    [
      "a canary of 3 and half at a time",
      { ...base, instances: 10, deploy: { ...base.deploy, canaryInstances: 3, batchPercent: 50 } },
      { canary: 3, batchSize: 5, batches: 2, instanceSeconds: 72 },
      84 + 157,
    ],
  ] as [string, RolloutInput, object, number][]) {
    it(`times ${what}`, () => {
      const estimate = rolloutEstimate(input);
      assert.deepEqual(estimate.release, expected);
      assert.equal(estimate.releaseSeconds, seconds);
    });
  }

  it("takes prod's shipped web tier, at its 300 instances, through a release in at most five minutes", async () => {
    const report = rolloutReport(await evaluated("prod"));
    assert.deepEqual(Object.keys(report).sort(), ["web", "worker"]);
    const web = report.web;
    assert.deepEqual([web.release.canary, web.release.batchSize, web.release.batches], [1, 75, 4]);
    assert.ok(web.releaseSeconds <= 300, `${web.releaseSeconds} s`);
    // A new base image stays the slow path: an instance refresh.
    assert.ok(web.refreshSeconds > 3600, `${web.refreshSeconds} s`);
  });
});
