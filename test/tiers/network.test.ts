import { strict as assert } from "assert";
import { contains, overlaps, parseCidr } from "../../tiers/network/network-plan";
import type { Evaluation } from "../../offline/evaluate";
import { evaluated, evaluatedWith, ofType, one, T } from "../support/harness";

const REQUIRED_INTERFACE_ENDPOINTS = [
  "ec2",
  "ssm",
  "ssmmessages",
  "ec2messages",
  "logs",
  "monitoring",
  "sqs",
  "sns",
  "secretsmanager",
  "kms",
  "ecr.api",
  "ecr.dkr",
  "sts",
];

function subnetsByTier(e: Evaluation) {
  const subnets = ofType(e, T.subnet);
  return (tier: string) => subnets.filter((s) => s.inputs.tags?.tier === tier);
}

/** Security group ids by tier name, read from the declared groups' Name tags. */
function groupIds(e: Evaluation): Map<string, string> {
  return new Map(ofType(e, T.securityGroup).map((g) => [g.id, String(g.inputs.tags.Name).replace(`${e.config.namePrefix}-`, "")]));
}

for (const [stack, zones, nats] of [
  ["prod", 3, 3],
  ["dev", 2, 0],
  ["load-test", 3, 0],
] as const) {
  describe(`network of ${stack}`, () => {
    let e: Evaluation;
    before(async () => (e = await evaluated(stack)));

    it(`has one public, one app and one data subnet in each of ${zones} zones, inside the VPC and apart`, () => {
      const vpc = one(e, T.vpc, "-network-");
      const byTier = subnetsByTier(e);
      for (const tier of ["public", "app", "data"]) {
        const subnets = byTier(tier);
        assert.equal(subnets.length, zones, tier);
        assert.equal(new Set(subnets.map((s) => s.inputs.availabilityZone)).size, zones, `${tier} subnets share a zone`);
        for (const s of subnets) assert.equal(s.inputs.mapPublicIpOnLaunch, false);
      }
      const cidrs = ofType(e, T.subnet)
        .filter((s) => s.inputs.vpcId === vpc.id)
        .map((s) => parseCidr(s.inputs.cidrBlock));
      for (const c of cidrs) assert.ok(contains(parseCidr(vpc.inputs.cidrBlock), c));
      for (let i = 0; i < cidrs.length; i++) for (let j = i + 1; j < cidrs.length; j++) assert.ok(!overlaps(cidrs[i], cidrs[j]));
    });

    it(`has ${nats} NAT gateway(s) in public subnets, each with its Elastic IP, and every app subnet routes the internet through one if any`, () => {
      const natGateways = ofType(e, T.nat);
      assert.equal(natGateways.length, nats);
      assert.equal(ofType(e, T.eip).length, nats);
      const publicIds = new Set(subnetsByTier(e)("public").map((s) => s.id));
      for (const nat of natGateways) assert.ok(publicIds.has(nat.inputs.subnetId), `${nat.name} is not in a public subnet`);
      const natRoutes = ofType(e, T.route).filter((r) => r.inputs.natGatewayId);
      assert.equal(natRoutes.length, nats === 0 ? 0 : zones);
      assert.equal(ofType(e, T.route).filter((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0" && !r.inputs.gatewayId).length, natRoutes.length);
      assert.equal(new Set(natRoutes.map((r) => r.inputs.natGatewayId)).size, nats);
      for (const route of natRoutes) assert.equal(route.inputs.destinationCidrBlock, "0.0.0.0/0");
    });

    it("keeps the data subnets isolated: their route table has no default route", () => {
      const dataIds = new Set(subnetsByTier(e)("data").map((s) => s.id));
      const tables = new Set(
        ofType(e, T.association)
          .filter((a) => dataIds.has(a.inputs.subnetId))
          .map((a) => a.inputs.routeTableId),
      );
      assert.equal(tables.size, 1);
      assert.equal(ofType(e, T.route).filter((r) => tables.has(r.inputs.routeTableId)).length, 0);
    });

    it("has S3 and DynamoDB gateway endpoints on the private route tables and an interface endpoint per AWS API", () => {
      const endpoints = ofType(e, T.endpoint);
      const region = e.config.region;
      for (const service of ["s3", "dynamodb"]) {
        const gateway = endpoints.find((x) => x.inputs.serviceName === `com.amazonaws.${region}.${service}`);
        assert.equal(gateway?.inputs.vpcEndpointType, "Gateway");
        assert.equal(gateway?.inputs.routeTableIds.length, zones + 1);
      }
      const ids = groupIds(e);
      for (const service of REQUIRED_INTERFACE_ENDPOINTS) {
        const endpoint = endpoints.find((x) => x.inputs.serviceName === `com.amazonaws.${region}.${service}`);
        assert.ok(endpoint, `no ${service} endpoint`);
        assert.equal(endpoint.inputs.vpcEndpointType, "Interface");
        assert.equal(endpoint.inputs.privateDnsEnabled, true);
        assert.equal(endpoint.inputs.subnetIds.length, zones);
        assert.deepEqual(
          endpoint.inputs.securityGroupIds.map((id: string) => ids.get(id)),
          ["endpoints"],
        );
      }
    });

    it("opens nothing to the internet but HTTP and HTTPS on the public load balancer, and no SSH or RDP anywhere", () => {
      const ids = groupIds(e);
      for (const rule of ofType(e, T.ingress)) {
        assert.ok(![22, 3389].includes(rule.inputs.fromPort), `${rule.name} opens ${rule.inputs.fromPort}`);
        if (rule.inputs.cidrIpv4 !== undefined) {
          assert.equal(ids.get(rule.inputs.securityGroupId), "loadBalancer", `${rule.name} admits a CIDR`);
          assert.ok([80, 443].includes(rule.inputs.fromPort));
        } else {
          assert.ok(ids.has(rule.inputs.referencedSecurityGroupId), `${rule.name} references no group of this VPC`);
        }
      }
      assert.deepEqual(one(e, T.defaultSecurityGroup, "-network-").inputs.ingress ?? [], []);
      assert.deepEqual(one(e, T.defaultSecurityGroup, "-network-").inputs.egress ?? [], []);
    });

    it("lets only the web and worker tiers reach the database and the cache, on their ports", () => {
      const ids = groupIds(e);
      for (const [tier, port] of [
        ["database", 5432],
        ["cache", 6379],
      ] as const) {
        const rules = ofType(e, T.ingress).filter((r) => ids.get(r.inputs.securityGroupId) === tier);
        assert.deepEqual(rules.map((r) => ids.get(r.inputs.referencedSecurityGroupId)).sort(), ["web", "worker"]);
        for (const rule of rules) assert.equal(rule.inputs.fromPort, port);
      }
      const proxyIn = ofType(e, T.ingress).filter((r) => ids.get(r.inputs.securityGroupId) === "proxy");
      assert.deepEqual(
        proxyIn.map((r) => ids.get(r.inputs.referencedSecurityGroupId)),
        ["proxyLoadBalancer"],
      );
    });

    it("sends all flow logs to an encrypted log group with the role's retention", () => {
      const flowLog = one(e, T.flowLog);
      assert.equal(flowLog.inputs.trafficType, "ALL");
      assert.equal(flowLog.inputs.logDestinationType, "cloud-watch-logs");
      const group = one(e, T.logGroup, "flow-logs");
      assert.equal(group.inputs.retentionInDays, { prod: 90, dev: 7, "load-test": 3 }[stack]);
      assert.match(group.inputs.kmsKeyId, /^arn:aws:kms:/);
      assert.match(group.inputs.name, new RegExp(`^/platform-${stack}/`));
    });

    it("has a private hosted zone attached to the VPC", () => {
      const zone = one(e, T.zone);
      assert.equal(zone.inputs.name, `${stack}.platform.internal`);
      assert.equal(zone.inputs.vpcs.length, 1);
    });
  });
}

describe("network NAT strategies", () => {
  it("regional: one regional NAT gateway that allocates its own addresses, none declared", async () => {
    const e = await evaluatedWith("prod", { config: { "platform:network": { nat: "regional" } } });
    const nat = one(e, T.nat);
    assert.equal(nat.inputs.availabilityMode, "regional");
    assert.equal(nat.inputs.subnetId, undefined);
    assert.equal(ofType(e, T.eip).length, 0);
    assert.equal(ofType(e, T.route).filter((r) => r.inputs.natGatewayId).length, 3);
  });

  it("none: no NAT gateway, no address, and no route out of the app subnets", async () => {
    const e = await evaluatedWith("prod", { config: { "platform:network": { nat: "none" } } });
    assert.equal(ofType(e, T.nat).length, 0);
    assert.equal(ofType(e, T.eip).length, 0);
    assert.equal(ofType(e, T.route).filter((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0" && !r.inputs.gatewayId).length, 0);
  });

  it("single in a three-zone VPC: every app route table goes through the one NAT", async () => {
    const e = await evaluatedWith("prod", { config: { "platform:network": { nat: "single" } } });
    assert.equal(ofType(e, T.nat).length, 1);
    assert.equal(
      new Set(
        ofType(e, T.route)
          .filter((r) => r.inputs.natGatewayId)
          .map((r) => r.inputs.natGatewayId),
      ).size,
      1,
    );
  });
});
