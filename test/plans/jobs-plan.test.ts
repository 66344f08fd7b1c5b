import { strict as assert } from "assert";
import { fargateSizeProblems, schedulerCronProblems } from "../../tiers/compute/jobs-plan";

describe("jobs plan", () => {
  it("knows the Fargate task sizes", () => {
    for (const [cpu, memory] of [
      [256, 512],
      [512, 4096],
      [1024, 8192],
      [4096, 30720],
    ]) {
      assert.deepEqual(fargateSizeProblems(cpu, memory), [], `${cpu}/${memory}`);
    }
    assert.match(fargateSizeProblems(256, 4096)[0], /memory 4096 does not go with cpu 256/);
    assert.match(fargateSizeProblems(1024, 2500)[0], /memory 2500/);
    assert.match(fargateSizeProblems(300, 1024)[0], /cpu 300 is no Fargate task size/);
  });

  it("checks EventBridge Scheduler cron expressions", () => {
    assert.deepEqual(schedulerCronProblems("cron(0 3 * * ? *)"), []);
    assert.deepEqual(schedulerCronProblems("cron(15 10 ? * MON-FRI *)"), []);
    assert.match(schedulerCronProblems("0 3 * * *")[0], /expected cron\(/);
    assert.match(schedulerCronProblems("cron(0 3 * * *)")[0], /expected 6 fields/);
    assert.match(schedulerCronProblems("cron(0 3 * * MON *)")[0], /\? in exactly one/);
    assert.match(schedulerCronProblems("cron(0 3 ? * ? *)")[0], /\? in exactly one/);
    assert.match(schedulerCronProblems("cron(0 3 * * ? $)")[0], /field "\$"/);
  });
});
