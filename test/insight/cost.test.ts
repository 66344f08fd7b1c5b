import { strict as assert } from "assert";
import type { DeclaredResource } from "../../offline/aws-mocks";
import { estimateCost, type CostEstimate } from "../../offline/insight/cost";
import { DEFAULT_ASSUMPTIONS } from "../../offline/insight/cost-assumptions";
import { graphOf, TYPES, type ResourceGraph } from "../../offline/insight/graph";
import { weeklyCapacity } from "../../offline/insight/hours";
import { PRICES, priceSchema } from "../../offline/insight/prices";
import catalogue from "../../offline/insight/price-table.json";
import { devPercentOfProd } from "../../offline/insight/report";
import { evaluated } from "../support/harness";
import { documented, evaluatedOver } from "./stacks";

/** What the README states and this test holds: dev costs less than this share of prod. */
const DEV_SHARE_OF_PROD_BELOW_PERCENT = 20;

const resource = (type: string, name: string, inputs: Record<string, unknown>, id = name): DeclaredResource => ({
  type,
  name,
  id,
  inputs,
  custom: true,
  computed: {},
});
const sum = (estimate: CostEstimate) => estimate.lines.reduce((total, l) => total + l.monthlyUsd, 0);
/** The lines of `after` that are not, with the same quantity and price, in `before`, by component. */
function changedComponents(before: CostEstimate, after: CostEstimate): string[] {
  const same = (a: CostEstimate["lines"][number], b: CostEstimate["lines"][number]) =>
    a.component === b.component && a.item === b.item && a.quantity === b.quantity && a.unitUsd === b.unitUsd;
  const changed = after.lines.filter((l) => !before.lines.some((b) => same(b, l)));
  const gone = before.lines.filter((l) => !after.lines.some((a) => same(a, l)));
  return [...new Set([...changed, ...gone].map((l) => l.component))].sort();
}

describe("insight: cost", () => {
  it("parses the price table, where every entry has a source (a URL, or `assumed` with its reason) and the day it was read", () => {
    const entries = [...Object.values(PRICES.regions).flatMap((list) => Object.values(list)), ...Object.values(PRICES.global), ...Object.values(PRICES.vcpus)];
    assert.ok(entries.length > 40);
    for (const entry of entries) {
      assert.match(entry.read, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(entry.source === "assumed" ? (entry.assumed ?? "").length > 10 : entry.source.startsWith("https://"));
    }
    assert.ok(catalogue.regions["eu-west-1"] && catalogue.regions["us-east-1"], "the stacks' region and the load generators'");
    const unsourced = { usd: 1, unit: "hour", read: "2026-12-02" };
    assert.equal(priceSchema.safeParse(unsourced).success, false);
    assert.equal(priceSchema.safeParse({ ...unsourced, source: "assumed" }).success, false, "an assumed price says why");
  });

  it("is the sum of its lines, every line priced, for each documented stack", async () => {
    for (const evaluation of await documented()) {
      const estimate = estimateCost(graphOf(evaluation));
      assert.ok(Math.abs(estimate.totalUsd - sum(estimate)) < 1e-9);
      assert.deepEqual(estimate.unpriced, [], `${evaluation.stack} has a price for every line`);
      assert.equal(estimate.byComponent.reduce((t, c) => t + c.monthlyUsd, 0).toFixed(6), estimate.totalUsd.toFixed(6));
    }
  });

  it(`holds dev below ${DEV_SHARE_OF_PROD_BELOW_PERCENT}% of prod`, async () => {
    const percent = devPercentOfProd(await documented());
    assert.ok(percent !== undefined && percent > 0 && percent < DEV_SHARE_OF_PROD_BELOW_PERCENT, `dev is ${percent}% of prod`);
  });

  it("changes the web tier's lines and nothing else when the web instance type changes", async () => {
    const before = estimateCost(graphOf(await evaluated("prod")));
    const after = estimateCost(graphOf(await evaluatedOver("prod", { "platform:web": { instanceTypes: ["c7g.large"] } })));
    assert.deepEqual(changedComponents(before, after), ["compute-web"]);
    assert.ok(after.lines.some((l) => l.component === "compute-web" && l.item === "on-demand c7g.large instance hours"));
  });

  it("changes the scheduled tiers' lines and nothing else when the availability hours change", async () => {
    const before = estimateCost(graphOf(await evaluated("dev")));
    const hours = { availabilityHours: { timeZone: "Europe/Dublin", start: "0 8 * * MON-FRI", stop: "0 18 * * MON-FRI" } };
    const after = estimateCost(graphOf(await evaluatedOver("dev", { "platform:compute": hours })));
    assert.deepEqual(changedComponents(before, after), ["compute-web", "compute-worker"]);
    const webHours = (e: CostEstimate) => e.lines.find((l) => l.component === "compute-web" && l.item.includes("instance hours"))?.quantity ?? 0;
    assert.ok(Math.abs(webHours(after) - (50 / 168) * 730) < 1e-6, "10 hours on 5 days a week");
  });

  it("prices a hand-made graph: Spot above the on-demand base, availability hours, Multi-AZ, an Aurora cluster", () => {
    const graph: ResourceGraph = {
      stack: "s",
      role: "dev",
      region: "eu-west-1",
      resources: [
        resource(TYPES.launchTemplate, "p-s-compute-web-lt", { instanceType: "t4g.medium" }, "lt-1"),
        resource(TYPES.autoScalingGroup, "p-s-compute-web-asg", {
          name: "p-s-web",
          desiredCapacity: 4,
          mixedInstancesPolicy: {
            instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0 },
            launchTemplate: { launchTemplateSpecification: { launchTemplateId: "lt-1" }, overrides: [{ instanceType: "t4g.medium" }] },
          },
        }),
        resource(TYPES.schedule, "p-s-compute-web-start", { autoscalingGroupName: "p-s-web", recurrence: "0 8 * * MON-FRI", desiredCapacity: 4 }),
        resource(TYPES.schedule, "p-s-compute-web-stop", { autoscalingGroupName: "p-s-web", recurrence: "0 20 * * MON-FRI", desiredCapacity: 0 }),
        resource(TYPES.dbInstance, "p-s-data-db-primary", {
          identifier: "db",
          engine: "postgres",
          instanceClass: "db.t4g.medium",
          multiAz: true,
          allocatedStorage: 100,
          storageType: "gp3",
        }),
        resource(TYPES.dbCluster, "p-s-data-db-cluster", { engine: "aurora-postgresql" }),
        resource(TYPES.dbClusterInstance, "p-s-data-db-instance-1", { engine: "aurora-postgresql", instanceClass: "db.r7g.large" }),
      ],
    };
    const estimate = estimateCost(graph);
    const quantity = (item: string) => estimate.lines.find((l) => l.item.startsWith(item))?.quantity;
    const day = (12 * 5) / 168;
    assert.ok(Math.abs((quantity("on-demand t4g.medium") ?? 0) - 1 * day * 730) < 1e-6);
    assert.ok(Math.abs((quantity("Spot t4g.medium") ?? 0) - 3 * day * 730) < 1e-6);
    const spot = estimate.lines.find((l) => l.item.startsWith("Spot"));
    assert.ok(Math.abs((spot?.unitUsd ?? 0) - PRICES.regions["eu-west-1"]["ec2:t4g.medium"].usd * (1 - DEFAULT_ASSUMPTIONS.spotDiscountPercent / 100)) < 1e-12);
    assert.equal(quantity("Multi-AZ primary and standby db.t4g.medium hours"), 2 * 730);
    assert.equal(quantity("gp3 storage GB x 2"), 200);
    assert.equal(quantity("Aurora storage GB"), DEFAULT_ASSUMPTIONS.auroraStorageGb);
    assert.equal(quantity("cluster instance db.r7g.large hours"), 730);
    assert.deepEqual(estimate.unpriced, []);
    assert.ok(Math.abs(estimate.totalUsd - sum(estimate)) < 1e-9);
  });

  it("spreads a group's capacity over the week by its scheduled actions", () => {
    assert.deepEqual(weeklyCapacity(3, []), [{ capacity: 3, share: 1 }]);
    const week = weeklyCapacity(1, [
      { recurrence: "0 8 * * MON-FRI", desiredCapacity: 2 },
      { recurrence: "0 20 * * MON-FRI", desiredCapacity: 0 },
    ]);
    assert.deepEqual(
      week.map((s) => [s.capacity, Number(s.share.toFixed(6))]),
      [
        [2, Number((60 / 168).toFixed(6))],
        [0, Number((108 / 168).toFixed(6))],
      ],
    );
    assert.throws(() => weeklyCapacity(1, [{ recurrence: "0 8 1 * *", desiredCapacity: 1 }]), /not of the form/);
  });
});
