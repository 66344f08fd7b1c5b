import { strict as assert } from "assert";
import { ConfigError, loadConfig } from "../../config/load";
import type { DeclaredResource } from "../../offline/aws-mocks";
import type { Evaluation } from "../../offline/evaluate";
import { evaluated, ofType, one, T } from "../support/harness";

const P = {
  group: "aws:autoscaling/group:Group",
  policy: "aws:autoscaling/policy:Policy",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  listener: "aws:lb/listener:Listener",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  record: "aws:route53/record:Record",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
} as const;

/** The proxy's own resources: children of the `<prefix>-proxy` component. */
function proxyOf(e: Evaluation, type: string): DeclaredResource {
  return one(e, type, `${e.config.namePrefix}-proxy-`);
}

/** Security group ids by tier name, read from the declared groups' Name tags. */
function groupIds(e: Evaluation): Map<string, string> {
  return new Map(ofType(e, T.securityGroup).map((g) => [g.id, String(g.inputs.tags.Name).replace(`${e.config.namePrefix}-`, "")]));
}

function userData(e: Evaluation): string {
  return Buffer.from(proxyOf(e, P.launchTemplate).inputs.userData, "base64").toString("utf8");
}

for (const [stack, zones] of [
  ["prod", 3],
  ["dev", 2],
  ["load-test", 3],
] as const) {
  describe(`proxy of ${stack}`, () => {
    let e: Evaluation;
    let publicSubnets: string[];
    before(async () => {
      e = await evaluated(stack);
      publicSubnets = ofType(e, T.subnet)
        .filter((s) => s.inputs.tags?.tier === "public")
        .map((s) => s.id);
    });

    it(`runs at least two proxies in an Auto Scaling group over all ${zones} public subnets, replaced on the load balancer's health check`, () => {
      const group = proxyOf(e, P.group);
      assert.equal(publicSubnets.length, zones);
      assert.deepEqual([...group.inputs.vpcZoneIdentifiers].sort(), [...publicSubnets].sort());
      assert.ok(group.inputs.minSize >= 2, `min ${group.inputs.minSize}`);
      assert.ok(group.inputs.maxSize >= group.inputs.minSize);
      assert.equal(group.inputs.healthCheckType, "ELB");
      assert.equal(group.inputs.targetGroupArns.length, 1);
      assert.match(group.inputs.targetGroupArns[0], new RegExp(`:targetgroup/${proxyOf(e, P.targetGroup).name}-`));
      assert.equal(group.inputs.instanceRefresh.strategy, "Rolling");
      assert.equal(group.inputs.instanceRefresh.preferences.minHealthyPercentage, 100);
    });

    it("tracks CPU and network throughput", () => {
      const group = proxyOf(e, P.group);
      const policies = ofType(e, P.policy).filter((p) => p.name.startsWith(`${e.config.namePrefix}-proxy-`));
      assert.deepEqual(policies.map((p) => p.inputs.targetTrackingConfiguration.predefinedMetricSpecification.predefinedMetricType).sort(), [
        "ASGAverageCPUUtilization",
        "ASGAverageNetworkOut",
      ]);
      for (const policy of policies) {
        assert.equal(policy.inputs.policyType, "TargetTrackingScaling");
        assert.ok(policy.inputs.targetTrackingConfiguration.targetValue > 0);
        assert.ok(String(policy.inputs.autoscalingGroupName).startsWith(group.name), policy.inputs.autoscalingGroupName);
      }
      assert.equal(proxyOf(e, P.launchTemplate).inputs.monitoring.enabled, true, "NetworkOut per minute needs detailed monitoring");
    });

    it("fronts them with an internal, cross-zone Network Load Balancer in the proxy load balancer group, with a TCP health check", () => {
      const ids = groupIds(e);
      const nlb = proxyOf(e, P.loadBalancer);
      assert.equal(nlb.inputs.loadBalancerType, "network");
      assert.equal(nlb.inputs.internal, true);
      assert.equal(nlb.inputs.enableCrossZoneLoadBalancing, true);
      assert.deepEqual([...nlb.inputs.subnets].sort(), [...publicSubnets].sort());
      assert.deepEqual(
        nlb.inputs.securityGroups.map((id: string) => ids.get(id)),
        ["proxyLoadBalancer"],
      );
      assert.ok(nlb.inputs.namePrefix.length <= 6);

      const tg = proxyOf(e, P.targetGroup);
      assert.equal(tg.inputs.protocol, "TCP");
      assert.equal(tg.inputs.port, 3128);
      assert.equal(tg.inputs.targetType, "instance");
      assert.equal(tg.inputs.healthCheck.protocol, "TCP");
      assert.equal(tg.inputs.healthCheck.port, "traffic-port");
      assert.ok(tg.inputs.deregistrationDelay <= 60, `deregistration delay ${tg.inputs.deregistrationDelay}`);
      assert.equal(tg.inputs.preserveClientIp, "false", "no socket reuse across load balancer nodes");

      const listener = proxyOf(e, P.listener);
      assert.match(listener.inputs.loadBalancerArn, new RegExp(`:loadbalancer/net/${nlb.name}-`));
      assert.equal(listener.inputs.port, 3128);
      assert.equal(listener.inputs.protocol, "TCP");
      assert.equal(listener.inputs.defaultActions.length, 1);
      assert.equal(listener.inputs.defaultActions[0].type, "forward");
      assert.match(listener.inputs.defaultActions[0].targetGroupArn, new RegExp(`:targetgroup/${tg.name}-`));
    });

    it("launches with IMDSv2 only, an encrypted root volume under the stack key, a public address and the proxy group", () => {
      const ids = groupIds(e);
      const lt = proxyOf(e, P.launchTemplate);
      assert.equal(lt.inputs.metadataOptions.httpTokens, "required");
      assert.equal(lt.inputs.metadataOptions.httpPutResponseHopLimit, 1);
      const [root] = lt.inputs.blockDeviceMappings;
      assert.equal(root.ebs.encrypted, "true");
      assert.equal(root.ebs.volumeType, "gp3");
      assert.match(root.ebs.kmsKeyId, new RegExp(`^arn:aws:kms:${e.config.region}:`));
      assert.equal(root.ebs.kmsKeyId, one(e, T.logGroup, "flow-logs").inputs.kmsKeyId, "the stack key");
      const [nic] = lt.inputs.networkInterfaces;
      assert.equal(nic.associatePublicIpAddress, "true");
      assert.deepEqual(
        nic.securityGroups.map((id: string) => ids.get(id)),
        ["proxy"],
      );
      assert.equal(lt.inputs.vpcSecurityGroupIds, undefined);
      assert.match(lt.inputs.instanceType, /^[a-z]+\d+[a-z]*g[a-z]*\./, "a Graviton type for the arm64 base image");
      assert.equal(lt.inputs.keyName, undefined, "no SSH key");
    });

    it("takes the base image as web and worker do: an AMI id read at deploy time, so a new image is a template change the refresh rolls out", () => {
      const image = proxyOf(e, P.launchTemplate).inputs.imageId;
      assert.doesNotMatch(image, /resolve:ssm/);
      assert.match(image, /^ami-[0-9a-f]{17}$/);
      for (const tier of ["web", "worker"]) assert.equal(one(e, P.launchTemplate, `-compute-${tier}-lt`).inputs.imageId, image, tier);
    });

    it("boots a script that installs Squid with the allowlist and ships its logs", () => {
      const script = userData(e);
      assert.match(script, /^#!\/bin\/bash\n/);
      assert.match(script, /dnf install -y squid amazon-cloudwatch-agent/);
      assert.match(script, /acl allowed_domains dstdomain -n \.amazonaws\.com \.amazonlinux\.com\n/);
      assert.match(
        script,
        new RegExp(`acl vpc_clients src ${e.config.role === "prod" ? "10\\.0" : e.config.role === "dev" ? "10\\.10" : "10\\.30"}\\.0\\.0/16\\n`),
      );
      assert.match(script, /http_port 3128\n/);
      assert.ok(script.includes(`"log_group_name": "/${e.config.namePrefix}/proxy"`));
    });

    it("logs to an encrypted log group with the role's retention, and may write only there besides Session Manager", () => {
      const group = proxyOf(e, T.logGroup);
      assert.equal(group.inputs.name, `/${e.config.namePrefix}/proxy`);
      assert.equal(group.inputs.retentionInDays, { prod: 90, dev: 7, "load-test": 3 }[stack]);
      assert.match(group.inputs.kmsKeyId, /^arn:aws:kms:/);
      assert.deepEqual(
        ofType(e, P.attachment).filter((a) => a.name.startsWith(`${e.config.namePrefix}-proxy-`)),
        [],
        "no managed policy",
      );
      const policy = JSON.parse(one(e, P.rolePolicy, `${e.config.namePrefix}-proxy-logs-write`).inputs.policy);
      for (const statement of policy.Statement) {
        for (const resource of statement.Resource) assert.ok(resource.includes(`log-group:/${e.config.namePrefix}/proxy`), resource);
      }
    });

    it("is proxy.<internal zone>, and exports its URL", () => {
      const zone = `${stack}.platform.internal`;
      const record = proxyOf(e, P.record);
      assert.equal(record.inputs.name, `proxy.${zone}`);
      assert.equal(record.inputs.type, "A");
      assert.equal(record.inputs.aliases.length, 1);
      assert.match(record.inputs.aliases[0].name, /\.elb\./);
      assert.equal(e.outputs.proxyUrl, `http://proxy.${zone}:3128`);
    });

    it("is written into the environment of every other tier's instances: HTTPS_PROXY, HTTP_PROXY and NO_PROXY", () => {
      // A load-test's generators run in a VPC of their own, in another region, without the proxy.
      const others = ofType(e, P.launchTemplate).filter((lt) => !lt.name.startsWith(`${e.config.namePrefix}-proxy-`) && !lt.name.includes("-generators-"));
      assert.ok(others.length >= 2, "the web and worker launch templates");
      for (const lt of others) {
        const script = Buffer.from(lt.inputs.userData, "base64").toString("utf8");
        for (const variable of ["HTTPS_PROXY", "HTTP_PROXY"]) assert.ok(script.includes(`${variable}=${e.outputs.proxyUrl}`), `${lt.name} lacks ${variable}`);
        const noProxy = /NO_PROXY=([^\s']+)/.exec(script)?.[1].split(",") ?? [];
        for (const entry of [
          "169.254.169.254",
          one(e, T.vpc, "-network-").inputs.cidrBlock,
          `${stack}.platform.internal`,
          `sts.${e.config.region}.amazonaws.com`,
        ]) {
          assert.ok(noProxy.includes(entry), `${lt.name}: NO_PROXY lacks ${entry}`);
        }
      }
    });

    it("lets only web and worker reach the proxy load balancer, only it reach the proxies, and the proxies only 80/443 outwards", () => {
      const ids = groupIds(e);
      const ingressTo = (group: string) => ofType(e, T.ingress).filter((r) => ids.get(r.inputs.securityGroupId) === group);
      const egressFrom = (group: string) => ofType(e, T.egress).filter((r) => ids.get(r.inputs.securityGroupId) === group);
      const peers = (rules: DeclaredResource[]) =>
        rules.map((r) => `${r.inputs.cidrIpv4 ?? ids.get(r.inputs.referencedSecurityGroupId)}:${r.inputs.fromPort}`).sort();
      assert.deepEqual(peers(ingressTo("proxyLoadBalancer")), ["web:3128", "worker:3128"]);
      assert.deepEqual(peers(ingressTo("proxy")), ["proxyLoadBalancer:3128"]);
      assert.deepEqual(peers(egressFrom("proxyLoadBalancer")), ["proxy:3128"]);
      assert.deepEqual(peers(egressFrom("proxy")), ["0.0.0.0/0:443", "0.0.0.0/0:80"]);
      for (const rule of [...ingressTo("proxy"), ...egressFrom("proxy")]) assert.equal(rule.inputs.fromPort, rule.inputs.toPort);
    });

    it("lets EC2 Auto Scaling use the stack key for the proxies' encrypted volumes", () => {
      const policy = JSON.parse(one(e, T.kmsKey, `${e.config.namePrefix}-key`).inputs.policy);
      const role = "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
      const forAutoScaling = policy.Statement.filter(
        (s: { Condition?: { ArnEquals?: Record<string, string> } }) => s.Condition?.ArnEquals?.["aws:PrincipalArn"] === role,
      );
      assert.deepEqual(
        forAutoScaling
          .map((s: { Action: string | string[] }) => s.Action)
          .flat()
          .sort(),
        ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
      );
      const grant = forAutoScaling.find((s: { Action: string }) => s.Action === "kms:CreateGrant");
      assert.equal(grant.Condition.Bool["kms:GrantIsForAWSResource"], "true");
    });
  });
}

describe("proxy config", () => {
  const identity = (stack: string) => ({ project: "platform", stack, organization: "organization" });
  const base = { "aws:region": "eu-west-1", "platform:owner": "team", "platform:costCenter": "42" };
  function problems(stack: string, proxy: Record<string, unknown>): string[] {
    try {
      loadConfig(
        Object.fromEntries(Object.entries({ ...base, "platform:proxy": proxy }).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
        identity(stack),
      );
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.problems;
    }
    assert.fail("expected the config to be rejected");
  }

  for (const { what, stack, proxy, expect } of [
    {
      what: "an empty allowlist",
      stack: "dev",
      proxy: { allowedDomains: [] },
      expect: /^platform:proxy\.allowedDomains: found \[\]; expected at least one domain/,
    },
    {
      what: "a malformed domain",
      stack: "dev",
      proxy: { allowedDomains: [".amazonaws.com", "https://api.example.com"] },
      expect: /^platform:proxy\.allowedDomains: found .*; "https:\/\/api\.example\.com" is no domain \(expected lower-case names/,
    },
    {
      what: "a domain inside another",
      stack: "dev",
      proxy: { allowedDomains: [".example.com", "api.example.com"] },
      expect: /"api\.example\.com" is already covered by "\.example\.com"/,
    },
    {
      what: "min below 2",
      stack: "dev",
      proxy: { min: 1, desired: 1 },
      expect: /^platform:proxy\.min: found 1; expected at least 2, so that the proxy survives the loss of an instance or a zone/,
    },
    {
      what: "desired outside min and max",
      stack: "prod",
      proxy: { desired: 20 },
      expect: /^platform:proxy\.desired: found 20; expected desired between min \(3\) and max \(12\)/,
    },
    {
      what: "an x86 type for the arm64 base image",
      stack: "prod",
      proxy: { instanceType: "c7i.large" },
      expect: /^platform:proxy\.instanceType: found "c7i\.large"; c7i\.large is an x86_64 family .* but the base image is arm64/,
    },
    {
      what: "a burstable type in prod",
      stack: "prod",
      proxy: { instanceType: "t4g.small" },
      expect: /^platform:proxy\.instanceType: found "t4g\.small"; .*burstable/,
    },
    { what: "a misspelt key", stack: "dev", proxy: { allowlist: [] }, expect: /allowlist: unknown key in platform:proxy/ },
  ]) {
    it(`rejects ${what} with a message naming key, value and what is allowed`, () => {
      const found = problems(stack, proxy);
      assert.equal(found.length, 1, found.join("\n"));
      assert.match(found[0], expect);
    });
  }
});
