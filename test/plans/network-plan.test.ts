import { strict as assert } from "assert";
import { AZ_SLOTS, contains, overlaps, parseCidr, planSubnets, SUBNET_TIERS, vpcCidrProblems } from "../../tiers/network/network-plan";
import { awsOwnedBucketObjects, interfaceEndpointPolicy, s3EndpointPolicy } from "../../tiers/network/endpoint-policy-plan";

describe("subnet plan", () => {
  const vpcs = ["10.0.0.0/16", "172.16.0.0/17", "192.168.0.0/20"];
  for (const vpc of vpcs) {
    for (let azCount = 1; azCount <= AZ_SLOTS; azCount++) {
      it(`${vpc} over ${azCount} zones: one subnet per tier and zone, inside the VPC, none overlapping`, () => {
        const plan = planSubnets(vpc, azCount);
        assert.equal(plan.length, SUBNET_TIERS.length * azCount);
        for (const tier of SUBNET_TIERS) {
          assert.deepEqual(
            plan.filter((s) => s.tier === tier).map((s) => s.azIndex),
            [...Array(azCount).keys()],
          );
        }
        const cidrs = plan.map((s) => parseCidr(s.cidr));
        for (const cidr of cidrs) assert.ok(contains(parseCidr(vpc), cidr), `${JSON.stringify(cidr)} outside ${vpc}`);
        for (let i = 0; i < cidrs.length; i++)
          for (let j = i + 1; j < cidrs.length; j++) assert.ok(!overlaps(cidrs[i], cidrs[j]), `${plan[i].cidr} overlaps ${plan[j].cidr}`);
      });
    }
  }

  it("gives a /16 app subnets of /19 and public and data subnets of /21", () => {
    const plan = planSubnets("10.0.0.0/16", 3);
    const prefixes = (tier: string) => plan.filter((s) => s.tier === tier).map((s) => s.cidr.split("/")[1]);
    assert.deepEqual(prefixes("app"), ["19", "19", "19"]);
    assert.deepEqual(prefixes("public"), ["21", "21", "21"]);
    assert.deepEqual(prefixes("data"), ["21", "21", "21"]);
  });

  it("keeps every existing subnet when a zone is added (room to grow)", () => {
    const three = planSubnets("10.0.0.0/16", 3);
    const four = planSubnets("10.0.0.0/16", 4);
    for (const subnet of three) assert.ok(four.some((s) => s.tier === subnet.tier && s.azIndex === subnet.azIndex && s.cidr === subnet.cidr));
  });

  it("is the same plan for the same inputs", () => {
    assert.deepEqual(planSubnets("10.20.0.0/16", 3), planSubnets("10.20.0.0/16", 3));
  });

  it("leaves the last quarter of the VPC free", () => {
    const lastQuarter = parseCidr("10.0.192.0/18");
    for (const subnet of planSubnets("10.0.0.0/16", AZ_SLOTS)) assert.ok(!overlaps(parseCidr(subnet.cidr), lastQuarter));
  });

  const bad: [string, RegExp][] = [
    ["10.0.0.0", /not an IPv4 CIDR/],
    ["10.0.300.0/16", /octet above 255/],
    ["10.0.1.0/16", /host bits set.*10\.0\.0\.0\/16/],
    ["10.0.0.0/8", /prefix from \/16 to \/20/],
    ["10.0.0.0/24", /prefix from \/16 to \/20/],
    ["8.8.0.0/16", /private \(RFC 1918\)/],
  ];
  for (const [cidr, message] of bad) {
    it(`rejects ${cidr} as a VPC block`, () => assert.match(vpcCidrProblems(cidr).join("; "), message));
  }
  it("accepts a private /16", () => assert.deepEqual(vpcCidrProblems("10.0.0.0/16"), []));
});

describe("endpoint policy plan", () => {
  const scope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };

  it("leaves the services without endpoint policy support on AWS's default", () => {
    for (const service of ["ssmmessages", "ec2messages", "ecs", "ecs-agent", "ecs-telemetry"]) assert.equal(interfaceEndpointPolicy(service, scope), undefined);
  });

  it("lets this account's principals read SSM's AWS-owned documents and public parameters, and nothing more of them", () => {
    const [, awsOwned] = interfaceEndpointPolicy("ssm", scope)?.Statement ?? [];
    assert.deepEqual(awsOwned.Action, ["ssm:Describe*", "ssm:List*", "ssm:Get*"]);
    assert.deepEqual(awsOwned.Resource, ["arn:aws:ssm:eu-west-1::document/*", "arn:aws:ssm:eu-west-1::parameter/aws/*"]);
    assert.deepEqual(awsOwned.Condition, { StringEquals: { "aws:PrincipalAccount": "123456789012" } });
  });

  it("names the AWS-owned buckets in the endpoint's partition and region", () => {
    const china = awsOwnedBucketObjects({ partition: "aws-cn", region: "cn-north-1", accountId: "123456789012" });
    assert.ok(china.includes("arn:aws-cn:s3:::prod-cn-north-1-starport-layer-bucket/*"));
    assert.ok(china.every((arn) => arn.startsWith("arn:aws-cn:s3:::") && !arn.includes("eu-west-1")));
  });

  it("refuses an S3 endpoint policy that names none of the platform's buckets", () => {
    assert.throws(() => s3EndpointPolicy(scope, []), /at least one of the platform's buckets/);
  });
});
