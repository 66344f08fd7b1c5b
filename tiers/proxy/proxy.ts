import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ProxyTier } from "../../config/load";
import { partitionOf } from "../../lib/arn";
import { noProxyList, renderUserData } from "./squid-config-plan";
import { networkOutTargetBytesPerMinute, proxyLogPolicy } from "./proxy-plan";
import { groupTags, launchedTags } from "../../lib/launched-tags";
import { serviceTrustPolicy } from "../../lib/trust-policy";

export interface EgressProxyArgs {
  /** Cost allocation tags for the instances and volumes the group launches. */
  costTags: Record<string, string>;
  namePrefix: string;
  region: string;
  tier: ProxyTier;
  port: number;
  vpcId: pulumi.Input<string>;
  vpcCidr: string;
  /** One public subnet per zone: the proxies reach the internet through the internet gateway, not a NAT. */
  publicSubnetIds: pulumi.Input<string>[];
  loadBalancerSecurityGroupId: pulumi.Input<string>;
  instanceSecurityGroupId: pulumi.Input<string>;
  internalZoneId: pulumi.Input<string>;
  internalZoneName: string;
  /** Interface endpoint services of the VPC, which clients reach without the proxy. */
  interfaceEndpoints: string[];
  /** SSM parameter naming the base AMI. */
  baseImageParameter: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
}

// NLB target group limits (ELB guide, target group health checks): interval 5-300 s, timeout 2-120 s, thresholds 2-10.
const HEALTH_CHECK = { protocol: "TCP", port: "traffic-port", interval: 10, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 2 };
// Seconds a deregistering proxy keeps its connections (0-3600); Squid's shutdown_lifetime is shorter.
const DEREGISTRATION_DELAY = 30;
// Seconds for dnf to install Squid and the agent before a failing health check may replace an instance.
const BOOT_SECONDS = 180;

/**
 * The elastic HTTP/S egress proxy: Squid on an Auto Scaling group in every zone's public subnet, behind an
 * internal Network Load Balancer, named proxy.<internal zone>. It takes HTTPS to AWS APIs and allowed
 * partners off the NAT gateways, so losing a NAT or a zone no longer cuts the tiers off.
 */
export class EgressProxy extends pulumi.ComponentResource {
  /** http://proxy.<internal zone>:<port>, for HTTPS_PROXY and HTTP_PROXY. */
  readonly proxyUrl: pulumi.Output<string>;
  /** What clients reach directly, for NO_PROXY. */
  readonly noProxy: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly autoScalingGroupName: pulumi.Output<string>;
  readonly loadBalancerArnSuffix: pulumi.Output<string>;
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: EgressProxyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:proxy:EgressProxy", name, {}, opts);
    const parent = { parent: this };
    const partition = partitionOf(args.region);
    const { tier } = args;

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/${args.namePrefix}/proxy`, retentionInDays: tier.logRetentionDays, kmsKeyId: args.kmsKeyArn },
      parent,
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `Egress proxy instances of ${args.namePrefix}`,
        assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
      },
      parent,
    );
    new aws.iam.RolePolicyAttachment(`${name}-ssm`, { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore` }, parent);
    new aws.iam.RolePolicy(`${name}-logs-write`, { role: role.id, policy: logGroup.arn.apply((arn) => JSON.stringify(proxyLogPolicy(arn))) }, parent);
    const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name }, parent);

    const userData = logGroup.name.apply((logGroupName) =>
      Buffer.from(renderUserData({ port: args.port, vpcCidr: args.vpcCidr, allowedDomains: tier.allowedDomains }, logGroupName)).toString("base64"),
    );
    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-lt`,
      {
        description: `Squid egress proxy of ${args.namePrefix}`,
        imageId: pulumi.interpolate`resolve:ssm:${args.baseImageParameter}`,
        instanceType: tier.instanceType,
        iamInstanceProfile: { arn: profile.arn },
        userData,
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        // One-minute metrics: the network target tracking policy reads NetworkOut per minute.
        monitoring: { enabled: true },
        networkInterfaces: [
          // The public subnets do not map public addresses on launch, so the proxies ask for one here.
          { deviceIndex: 0, associatePublicIpAddress: "true", deleteOnTermination: "true", securityGroups: [args.instanceSecurityGroupId] },
        ],
        blockDeviceMappings: [
          // Amazon Linux 2023's root device; 16 GiB leaves room for Squid's logs between rotations.
          { deviceName: "/dev/xvda", ebs: { volumeSize: 16, volumeType: "gp3", encrypted: "true", kmsKeyId: args.kmsKeyArn, deleteOnTermination: "true" } },
        ],
        tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags: launchedTags(args.costTags, `${args.namePrefix}-proxy`) })),
        updateDefaultVersion: true,
      },
      parent,
    );

    const targetGroup = new aws.lb.TargetGroup(
      `${name}-tg`,
      {
        // Load balancer and target group names are at most 32 characters; a prefix of at most 6 leaves AWS room for a unique suffix.
        namePrefix: "proxy-",
        vpcId: args.vpcId,
        port: args.port,
        protocol: "TCP",
        targetType: "instance",
        // Squid sees the client's own address, so its VPC-only rule and its log are about the client. The proxy group
        // admits only the load balancer's group, which still admits this traffic: a target rule referencing the NLB's
        // security group accepts it even with client IP preservation on (ELB guide, "Update the security groups for
        // your Network Load Balancer").
        preserveClientIp: "true",
        deregistrationDelay: DEREGISTRATION_DELAY,
        connectionTermination: true,
        healthCheck: { enabled: true, ...HEALTH_CHECK },
      },
      parent,
    );
    const loadBalancer = new aws.lb.LoadBalancer(
      `${name}-nlb`,
      {
        namePrefix: "proxy-",
        loadBalancerType: "network",
        internal: true,
        subnets: args.publicSubnetIds,
        securityGroups: [args.loadBalancerSecurityGroupId],
        enableCrossZoneLoadBalancing: true,
        ipAddressType: "ipv4",
      },
      parent,
    );
    new aws.lb.Listener(
      `${name}-listener`,
      { loadBalancerArn: loadBalancer.arn, port: args.port, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }] },
      parent,
    );

    const group = new aws.autoscaling.Group(
      `${name}-asg`,
      {
        vpcZoneIdentifiers: args.publicSubnetIds,
        minSize: tier.min,
        maxSize: tier.max,
        desiredCapacity: tier.desired,
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
        targetGroupArns: [targetGroup.arn],
        // The load balancer's TCP check decides: a proxy that stops listening is replaced, not just taken out.
        healthCheckType: "ELB",
        healthCheckGracePeriod: BOOT_SECONDS,
        defaultInstanceWarmup: BOOT_SECONDS,
        // Launch before terminate: a release never takes a proxy away before its replacement serves.
        instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200 } },
        enabledMetrics: ["GroupInServiceInstances", "GroupDesiredCapacity", "GroupPendingInstances", "GroupTerminatingInstances"],
        metricsGranularity: "1Minute",
        tags: groupTags(args.costTags, `${args.namePrefix}-proxy`),
      },
      // Target tracking owns the running size; a deploy only sets the bounds.
      { parent: this, ignoreChanges: ["desiredCapacity"] },
    );
    new aws.autoscaling.Policy(
      `${name}-cpu`,
      {
        autoscalingGroupName: group.name,
        policyType: "TargetTrackingScaling",
        targetTrackingConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
          targetValue: tier.targetCpuPercent,
        },
      },
      parent,
    );
    new aws.autoscaling.Policy(
      `${name}-network`,
      {
        autoscalingGroupName: group.name,
        policyType: "TargetTrackingScaling",
        targetTrackingConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ASGAverageNetworkOut" },
          targetValue: networkOutTargetBytesPerMinute(tier.targetNetworkOutMbps),
        },
      },
      parent,
    );

    const record = new aws.route53.Record(
      `${name}-dns`,
      {
        zoneId: args.internalZoneId,
        name: `proxy.${args.internalZoneName}`,
        type: "A",
        aliases: [{ name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true }],
      },
      parent,
    );

    this.proxyUrl = record.name.apply((host) => `http://${host}:${args.port}`);
    this.noProxy = pulumi.output(
      noProxyList({ region: args.region, vpcCidr: args.vpcCidr, internalZoneName: args.internalZoneName, interfaceEndpoints: args.interfaceEndpoints }),
    );
    this.securityGroupId = pulumi.output(args.instanceSecurityGroupId);
    this.autoScalingGroupName = group.name;
    this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.logGroupName = logGroup.name;
    this.registerOutputs({ proxyUrl: this.proxyUrl, noProxy: this.noProxy, securityGroupId: this.securityGroupId });
  }
}
