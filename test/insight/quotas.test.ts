import { strict as assert } from "assert";
import type { DeclaredResource } from "../../offline/aws-mocks";
import type { Evaluation } from "../../offline/evaluate";
import { graphOf, regionOf, TYPES, type ResourceGraph } from "../../offline/insight/graph";
import { QUOTA_DEFAULTS, quotaNeeds, type QuotaNeed } from "../../offline/insight/quotas";
import { insightReport, strictFailures } from "../../offline/insight/report";
import { ofType } from "../support/harness";
import { documented, evaluatedOver } from "./stacks";

const need = (needs: QuotaNeed[], quota: QuotaNeed["quota"], scope: string, at?: QuotaNeed["at"]) =>
  needs.find((n) => n.quota === quota && n.scope === scope && n.at === at);
/** How many resources of a type the evaluations declare in a region, counted here without the quota code. */
const declared = (evaluations: Evaluation[], type: string, region: string) =>
  evaluations.reduce((count, e) => count + ofType(e, type).filter((r) => regionOf(graphOf(e), r) === region).length, 0);

describe("insight: quotas", () => {
  it("counts what the shipped stacks need in each region, each default with its source", async () => {
    const stacks = await documented();
    const needs = quotaNeeds(stacks.map(graphOf));
    for (const region of ["eu-west-1", "us-east-1"]) {
      assert.equal(need(needs, "vpcs", region)?.need, declared(stacks, TYPES.vpc, region), `VPCs in ${region}`);
      assert.equal(need(needs, "internetGateways", region)?.need, declared(stacks, TYPES.internetGateway, region));
      assert.equal(need(needs, "elasticIps", region)?.need, declared(stacks, TYPES.eip, region) || undefined);
    }
    // One VPC per environment in the stacks' region, and the generators' own in theirs.
    assert.equal(need(needs, "vpcs", "eu-west-1")?.need, 3);
    assert.equal(need(needs, "vpcs", "us-east-1")?.need, 1);
    const nats = needs.filter((n) => n.quota === "natGatewaysPerZone").reduce((total, n) => total + n.need, 0);
    assert.equal(nats, declared(stacks, TYPES.natGateway, "eu-west-1") + declared(stacks, TYPES.natGateway, "us-east-1"));
    const generators = stacks.find((e) => e.stack === "load-test")?.config;
    const fleet = generators && "loadTest" in generators ? generators.loadTest : undefined;
    assert.equal(need(needs, "spotVcpus", "us-east-1", "desired")?.need, (fleet?.count ?? 0) * 2, "the k6 fleet on Spot, 2 vCPUs each (c7g.large first)");
    for (const n of needs)
      assert.ok(n.source === "assumed" ? n.defaultValue === undefined && n.note : n.source.startsWith("https://"), `${n.name} has a source`);
    assert.deepEqual(
      needs.filter((n) => n.exceeded),
      [],
      "the shipped stacks fit AWS's defaults",
    );
  });

  it("fires on a config that needs a sixth Elastic IP in the region", async () => {
    const stacks = await documented();
    const eipsIn = (evaluations: Evaluation[]) => need(quotaNeeds(evaluations.map(graphOf)), "elasticIps", "eu-west-1");
    // dev with a NAT gateway per zone, then as many ephemeral dev environments with a NAT gateway as it takes past the default.
    const account = [...stacks.filter((e) => e.stack !== "dev"), await evaluatedOver("dev", { "platform:network": { nat: "per-az" } })];
    for (let n = 1; (eipsIn(account)?.need ?? 0) <= QUOTA_DEFAULTS.elasticIps.default && n <= 6; n++)
      account.push(await evaluatedOver(`dev-extra${n}`, { "platform:role": "dev", "platform:network": { nat: "single" } }, "dev"));
    const eips = eipsIn(account);
    assert.equal(eips?.need, declared(account, TYPES.eip, "eu-west-1"));
    assert.ok((eips?.need ?? 0) > QUOTA_DEFAULTS.elasticIps.default);
    assert.equal(eips?.exceeded, true);
    const report = insightReport(account[account.length - 1], account, { diagram: false, cost: false, quotas: true });
    assert.ok(strictFailures(report).some((f) => f.startsWith("Elastic IP addresses per Region in eu-west-1")));
  });

  it("holds a hand-made graph at exactly the default, and fires one above it", () => {
    const eip = (n: number): DeclaredResource => ({
      type: TYPES.eip,
      name: `p-s-network-nat-ip-${n}`,
      id: `eipalloc-${n}`,
      inputs: { domain: "vpc" },
      custom: true,
      computed: {},
    });
    const graph = (count: number): ResourceGraph => ({
      stack: "s",
      role: "prod",
      region: "eu-west-1",
      resources: Array.from({ length: count }, (_, n) => eip(n)),
    });
    assert.equal(need(quotaNeeds([graph(5)]), "elasticIps", "eu-west-1")?.exceeded, false);
    assert.equal(need(quotaNeeds([graph(6)]), "elasticIps", "eu-west-1")?.exceeded, true);
  });
});
