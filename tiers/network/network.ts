import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NatStrategy } from "./nat-plan";
import { endpointServiceName, partitionOf } from "../../lib/arn";
import { dynamodbEndpointPolicy, interfaceEndpointPolicy } from "./endpoint-policy-plan";
import { planSubnets, type SubnetTier } from "./network-plan";
import { planSecurityRules, SECURITY_GROUP_PURPOSE, SECURITY_GROUPS, type RulePeer, type SecurityGroupName, type TierPorts } from "./security-group-rules-plan";
import { serviceTrustPolicy } from "../../lib/trust-policy";

export interface NetworkArgs {
  /** Prefix of every physical name and Name tag, e.g. platform-prod. */
  namePrefix: string;
  /** The VPC's region, e.g. eu-west-1. */
  region: string;
  /** This account: flow logs trust it, endpoint policies admit only its principals and resources. */
  accountId: pulumi.Input<string>;
  /** The VPC's IPv4 block, a private /16 to /20 (network-plan VPC_PREFIX_RANGE). */
  cidr: string;
  /** One entry per Availability Zone the network spans, in order. */
  availabilityZones: pulumi.Input<string>[];
  /** How app subnets reach the internet: a NAT per zone, one, a regional one, or none (role default in config/defaults.ts). */
  nat: NatStrategy;
  /** AWS APIs reached through interface endpoints (ssm, logs, ec2, ...), one endpoint per service, in every zone. */
  interfaceEndpoints: string[];
  /** TCP ports the security groups open between tiers. */
  ports: TierPorts;
  /** Days the VPC flow log group keeps its events; a value CloudWatch Logs accepts. */
  flowLogRetentionDays: number;
  /** KMS key of the flow log group. */
  logsKmsKeyArn: pulumi.Input<string>;
  /** Name of the private hosted zone, e.g. prod.platform.internal. */
  internalDomain: string;
}

/**
 * The VPC of an environment: public, app and data subnets in every zone, NAT by strategy,
 * gateway and interface endpoints, security groups per tier, flow logs and a private zone.
 * Built from plain aws resources so that tests, the plan and the policy pack see every part.
 */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  readonly availabilityZones: pulumi.Output<string[]>;
  readonly subnetIds: Record<SubnetTier, pulumi.Output<string>[]>;
  readonly securityGroupIds: Record<SecurityGroupName, pulumi.Output<string>>;
  readonly natGatewayIds: pulumi.Output<string>[];
  /** The S3 gateway endpoint, whose policy names the platform's buckets once they exist (S3EndpointPolicy). */
  readonly s3EndpointId: pulumi.Output<string>;
  readonly internalZoneId: pulumi.Output<string>;
  readonly internalZoneName: string;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:network:Network", name, {}, opts);
    const parent = { parent: this };
    const label = (suffix: string) => ({ Name: `${args.namePrefix}-${suffix}` });
    const policyScope = pulumi.output(args.accountId).apply((accountId) => ({ partition: partitionOf(args.region), region: args.region, accountId }));

    const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: label("vpc") }, parent);
    // Adopting the default group with no rules leaves it allowing nothing.
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, tags: label("default-deny-all") }, parent);
    const internetGateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: label("igw") }, parent);

    const subnets: Record<SubnetTier, aws.ec2.Subnet[]> = { public: [], app: [], data: [] };
    for (const planned of planSubnets(args.cidr, args.availabilityZones.length)) {
      const suffix = `${planned.tier}-${planned.azIndex + 1}`;
      subnets[planned.tier].push(
        new aws.ec2.Subnet(
          `${name}-${suffix}`,
          {
            vpcId: vpc.id,
            cidrBlock: planned.cidr,
            availabilityZone: args.availabilityZones[planned.azIndex],
            mapPublicIpOnLaunch: false,
            tags: { ...label(suffix), tier: planned.tier },
          },
          parent,
        ),
      );
    }

    const publicRoutes = new aws.ec2.RouteTable(`${name}-public-rt`, { vpcId: vpc.id, tags: label("public") }, parent);
    new aws.ec2.Route(`${name}-public-default`, { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }, parent);
    subnets.public.forEach(
      (subnet, i) => new aws.ec2.RouteTableAssociation(`${name}-public-${i + 1}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, parent),
    );

    const natGateways = this.createNatGateways(name, args, vpc, subnets.public, internetGateway);
    const appRoutes = subnets.app.map((subnet, i) => {
      const table = new aws.ec2.RouteTable(`${name}-app-rt-${i + 1}`, { vpcId: vpc.id, tags: label(`app-${i + 1}`) }, parent);
      const nat = natGateways.length === 1 ? natGateways[0] : natGateways[i];
      if (nat) {
        new aws.ec2.Route(`${name}-app-default-${i + 1}`, { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id }, parent);
      }
      new aws.ec2.RouteTableAssociation(`${name}-app-${i + 1}`, { subnetId: subnet.id, routeTableId: table.id }, parent);
      return table;
    });
    // Data subnets are isolated: no route leaves the VPC except through gateway endpoints.
    const dataRoutes = new aws.ec2.RouteTable(`${name}-data-rt`, { vpcId: vpc.id, tags: label("data") }, parent);
    subnets.data.forEach(
      (subnet, i) => new aws.ec2.RouteTableAssociation(`${name}-data-${i + 1}`, { subnetId: subnet.id, routeTableId: dataRoutes.id }, parent),
    );

    const privateRouteTableIds = [...appRoutes, dataRoutes].map((t) => t.id);
    const gatewayEndpoints = {
      s3: new aws.ec2.VpcEndpoint(
        `${name}-s3`,
        {
          vpcId: vpc.id,
          serviceName: endpointServiceName(args.region, "s3"),
          vpcEndpointType: "Gateway",
          routeTableIds: privateRouteTableIds,
          tags: label("s3"),
        },
        parent,
      ),
      dynamodb: new aws.ec2.VpcEndpoint(
        `${name}-dynamodb`,
        {
          vpcId: vpc.id,
          serviceName: endpointServiceName(args.region, "dynamodb"),
          vpcEndpointType: "Gateway",
          routeTableIds: privateRouteTableIds,
          policy: policyScope.apply((scope) => JSON.stringify(dynamodbEndpointPolicy(scope))),
          tags: label("dynamodb"),
        },
        parent,
      ),
    };

    const groups = {} as Record<SecurityGroupName, aws.ec2.SecurityGroup>;
    for (const group of SECURITY_GROUPS) {
      groups[group] = new aws.ec2.SecurityGroup(`${name}-${group}`, { vpcId: vpc.id, description: SECURITY_GROUP_PURPOSE[group], tags: label(group) }, parent);
    }
    const peerOf = (peer: RulePeer) => {
      if ("group" in peer) return { referencedSecurityGroupId: groups[peer.group].id };
      if ("cidr" in peer) return { cidrIpv4: peer.cidr };
      return { prefixListId: gatewayEndpoints[peer.prefixList].prefixListId };
    };
    for (const rule of planSecurityRules(args.ports)) {
      const target = "group" in rule.peer ? rule.peer.group : "cidr" in rule.peer ? "anywhere" : rule.peer.prefixList;
      const ruleName = `${name}-${rule.group}-${rule.direction === "ingress" ? "in" : "out"}-${target}-${rule.port}`;
      const ruleArgs = {
        securityGroupId: groups[rule.group].id,
        ipProtocol: "tcp",
        fromPort: rule.port,
        toPort: rule.port,
        description: rule.description,
        ...peerOf(rule.peer),
      };
      if (rule.direction === "ingress") new aws.vpc.SecurityGroupIngressRule(ruleName, ruleArgs, parent);
      else new aws.vpc.SecurityGroupEgressRule(ruleName, ruleArgs, parent);
    }

    for (const service of args.interfaceEndpoints) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service.replace(/\./g, "-")}`,
        {
          vpcId: vpc.id,
          serviceName: endpointServiceName(args.region, service),
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: subnets.app.map((s) => s.id),
          securityGroupIds: [groups.endpoints.id],
          policy: policyScope.apply((scope) => {
            const policy = interfaceEndpointPolicy(service, scope);
            return policy && JSON.stringify(policy);
          }),
          tags: label(service),
        },
        parent,
      );
    }

    this.createFlowLogs(name, args, vpc);

    const internalZone = new aws.route53.Zone(
      `${name}-internal-zone`,
      { name: args.internalDomain, comment: `Internal names of ${args.namePrefix}`, vpcs: [{ vpcId: vpc.id, vpcRegion: args.region }], forceDestroy: false },
      parent,
    );

    this.vpcId = vpc.id;
    this.vpcCidr = args.cidr;
    this.availabilityZones = pulumi.all(subnets.public.map((s) => s.availabilityZone));
    // A public subnet is usable once the internet gateway is attached: an internet-facing load balancer
    // created before that fails with InvalidSubnet, so its ids resolve only after the gateway.
    const publicSubnetIds = subnets.public.map((s) => pulumi.all([s.id, internetGateway.id]).apply(([id]) => id));
    this.subnetIds = { public: publicSubnetIds, app: subnets.app.map((s) => s.id), data: subnets.data.map((s) => s.id) };
    this.securityGroupIds = Object.fromEntries(SECURITY_GROUPS.map((g) => [g, groups[g].id])) as Record<SecurityGroupName, pulumi.Output<string>>;
    this.natGatewayIds = natGateways.map((n) => n.id);
    this.s3EndpointId = gatewayEndpoints.s3.id;
    this.internalZoneId = internalZone.zoneId;
    this.internalZoneName = args.internalDomain;
    this.registerOutputs({ vpcId: this.vpcId, subnetIds: this.subnetIds, securityGroupIds: this.securityGroupIds });
  }

  private createNatGateways(
    name: string,
    args: NetworkArgs,
    vpc: aws.ec2.Vpc,
    publicSubnets: aws.ec2.Subnet[],
    internetGateway: aws.ec2.InternetGateway,
  ): aws.ec2.NatGateway[] {
    const opts = { parent: this, dependsOn: [internetGateway] };
    if (args.nat === "none") return [];
    if (args.nat === "regional") {
      // A regional NAT gateway spans the zones by itself and allocates its own addresses.
      return [
        new aws.ec2.NatGateway(
          `${name}-nat`,
          { vpcId: vpc.id, availabilityMode: "regional", connectivityType: "public", tags: { Name: `${args.namePrefix}-nat` } },
          opts,
        ),
      ];
    }
    const zones = args.nat === "per-az" ? publicSubnets : publicSubnets.slice(0, 1);
    return zones.map((subnet, i) => {
      const address = new aws.ec2.Eip(`${name}-nat-ip-${i + 1}`, { domain: "vpc", tags: { Name: `${args.namePrefix}-nat-${i + 1}` } }, opts);
      return new aws.ec2.NatGateway(
        `${name}-nat-${i + 1}`,
        { subnetId: subnet.id, allocationId: address.id, connectivityType: "public", tags: { Name: `${args.namePrefix}-nat-${i + 1}` } },
        opts,
      );
    });
  }

  private createFlowLogs(name: string, args: NetworkArgs, vpc: aws.ec2.Vpc): void {
    const parent = { parent: this };
    const partition = partitionOf(args.region);
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      { name: `/${args.namePrefix}/vpc-flow-logs`, retentionInDays: args.flowLogRetentionDays, kmsKeyId: args.logsKmsKeyArn },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-flow-logs-role`,
      {
        description: `Lets VPC Flow Logs write ${args.namePrefix}'s flow log group`,
        assumeRolePolicy: pulumi.output(args.accountId).apply((accountId) =>
          serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": `arn:${partition}:ec2:${args.region}:${accountId}:vpc-flow-log/*` },
          }),
        ),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs-write`,
      {
        role: role.id,
        policy: logGroup.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [arn, `${arn}:*`] },
              { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: arn.replace(/:log-group:.*$/, ":log-group:*") },
            ],
          }),
        ),
      },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: { Name: `${args.namePrefix}-flow-log` },
      },
      parent,
    );
  }
}
