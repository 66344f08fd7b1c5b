import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { sessionManagerPolicy } from "../../lib/session-manager-policy";
import { noProxyList, renderUserData } from "./squid-config-plan";
import { networkOutTargetBytesPerMinute, proxyLogPolicy, type ProxySettings } from "./proxy-plan";
import { autoScalingGroup } from "../../lib/auto-scaling-group";
import { serviceTrustPolicy } from "../../lib/trust-policy";

export interface EgressProxyArgs {
  /** Cost allocation tags for the instances and volumes the group launches. */
  costTags: Record<string, string>;
  /** Prefix of every physical name, e.g. platform-prod. */
  namePrefix: string;
  /** Region of the environment, for the NO_PROXY endpoint names. */
  region: string;
  /** Sizes, instance type, allowlist, scaling targets and log retention. */
  tier: ProxySettings;
  /** Port Squid listens on and the load balancer forwards, e.g. 3128. */
  port: number;
  /** The VPC of the target group. */
  vpcId: pulumi.Input<string>;
  /** The VPC's CIDR: the only clients Squid serves, and a NO_PROXY entry. */
  vpcCidr: string;
  /** One public subnet per zone: the proxies reach the internet through the internet gateway, not a NAT. */
  publicSubnetIds: pulumi.Input<string>[];
  /** Security group of the internal Network Load Balancer. */
  loadBalancerSecurityGroupId: pulumi.Input<string>;
  /** Security group of the proxy instances, which admits the load balancer's group only. */
  instanceSecurityGroupId: pulumi.Input<string>;
  /** Private hosted zone the proxy.<zone> record goes in. */
  internalZoneId: pulumi.Input<string>;
  /** Its name, e.g. prod.platform.internal. */
  internalZoneName: string;
  /** Interface endpoint services of the VPC, which clients reach without the proxy. */
  interfaceEndpoints: string[];
  /** SSM parameter naming the base AMI, read at deploy time. */
  baseImageParameter: pulumi.Input<string>;
  /** The stack key: the log group and the root volumes are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** The environment's Session Manager log group (SessionLogs), which sessions on the proxies stream to. */
  sessionLogGroupArn: pulumi.Input<string>;
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
    new aws.iam.RolePolicy(
      `${name}-session-manager`,
      { role: role.id, policy: pulumi.output(args.sessionLogGroupArn).apply((arn) => sessionManagerPolicy(args.region, arn)) },
      parent,
    );
    new aws.iam.RolePolicy(`${name}-logs-write`, { role: role.id, policy: logGroup.arn.apply((arn) => JSON.stringify(proxyLogPolicy(arn))) }, parent);
    const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name }, parent);

    const userData = logGroup.name.apply((logGroupName) =>
      Buffer.from(renderUserData({ port: args.port, vpcCidr: args.vpcCidr, allowedDomains: tier.allowedDomains }, logGroupName)).toString("base64"),
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
        // Off: with it on and cross-zone load balancing, one instance's connections through two load balancer nodes may
        // reach one proxy from the same source socket and fail (ELB guide, "Client IP preservation": socket reuse), and
        // an app tier opens many short connections. Squid then sees the load balancer's private addresses, still inside
        // its VPC-only rule; the client's address is in the VPC flow logs.
        preserveClientIp: "false",
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

    const { group } = autoScalingGroup(
      name,
      {
        description: `Squid egress proxy of ${args.namePrefix}`,
        launchedName: `${args.namePrefix}-proxy`,
        costTags: args.costTags,
        // Read at deploy time like web and worker's, so that a new base image is a template change the refresh rolls out.
        imageParameter: args.baseImageParameter,
        instanceType: tier.instanceType,
        instanceProfileArn: profile.arn,
        userData,
        securityGroupId: args.instanceSecurityGroupId,
        // The public subnets do not map public addresses on launch, so the proxies ask for one here.
        publicIp: true,
        // 16 GiB leaves room for Squid's logs between rotations.
        rootVolumeGiB: 16,
        rootVolumeKmsKeyArn: args.kmsKeyArn,
        // One-minute metrics: the network target tracking policy reads NetworkOut per minute.
        detailedMonitoring: true,
        subnetIds: args.publicSubnetIds,
        min: tier.min,
        desired: tier.desired,
        max: tier.max,
        targetGroupArns: [targetGroup.arn],
        // The load balancer's TCP check decides: a proxy that stops listening is replaced, not just taken out.
        healthCheckType: "ELB",
        healthCheckGraceSeconds: BOOT_SECONDS,
        // Launch before terminate: a release never takes a proxy away before its replacement serves.
        refreshPreferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200 },
        enabledMetrics: ["GroupInServiceInstances", "GroupDesiredCapacity", "GroupPendingInstances", "GroupTerminatingInstances"],
        metricsGranularity: "1Minute",
        // The other tiers boot through the proxies: wait for them, past a failed launch that Auto Scaling retries.
        capacityWaitMinutes: 15,
        // Target tracking owns the running size; a deploy only sets the bounds.
        scalingOwnsDesiredCapacity: true,
        scaling: {
          cpu: { predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" }, targetValue: tier.targetCpuPercent },
          network: {
            predefinedMetricSpecification: { predefinedMetricType: "ASGAverageNetworkOut" },
            targetValue: networkOutTargetBytesPerMinute(tier.targetNetworkOutMbps),
          },
        },
      },
      this,
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
