import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fitName } from "../../lib/names";
import { betaSplit } from "./container-plan";
import { LOAD_BALANCER_LOG_PREFIX } from "../../lib/elb-log-delivery";
import { dnsValidatedCertificate } from "../../lib/dns-certificate";

/** TLS 1.3 with TLS 1.2 fallback: the policy AWS recommends for HTTPS listeners (ELB security policies docs). */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
// Load balancer and target group names: at most 32 characters (aws.lb.LoadBalancer, aws.lb.TargetGroup docs).
const ELB_NAME_LIMIT = 32;

export interface LoadBalancerArgs {
  /** Prefix of the load balancer's and target groups' names, fitted in 32 characters. */
  namePrefix: string;
  /** The VPC of the target groups. */
  vpcId: pulumi.Input<string>;
  /** One public subnet per zone. */
  publicSubnetIds: pulumi.Input<string>[];
  /** The load balancer's security group. */
  securityGroupId: pulumi.Input<string>;
  /** Public zone the host name and the certificate's validation record go in. */
  zoneId: pulumi.Input<string>;
  /** The name the certificate and the alias record carry, e.g. prod.example.com. */
  hostName: pulumi.Input<string>;
  /** Port the targets listen on. */
  port: number;
  /** Path of the target groups' HTTP health check, e.g. /healthz. */
  healthCheckPath: string;
  /** Seconds a deregistering target keeps its connections (0-3600). */
  deregistrationDelaySeconds: number;
  /** Seconds between health checks (5-300), and passed checks in a row that make a target healthy (2-10). */
  healthCheckIntervalSeconds: number;
  healthyThreshold: number;
  /** Seconds a new target's share of requests ramps up (0 for off, or 30-900). */
  slowStartSeconds: number;
  /** Deletion protection on the load balancer. */
  deletionProtection: boolean;
  /** Bucket that accepts ELB access log delivery; no access logs when undefined. */
  accessLogsBucket?: pulumi.Input<string>;
  /** Behind CloudFront: forward only requests carrying this header, answer 403 to the rest. Default: none, forward all. */
  originHeader?: OriginHeaderCondition;
  /** `instance` for Auto Scaling groups, `ip` for ECS services in awsvpc mode. */
  targetType: TargetType;
  /** A second web target group taking `weight`% of the traffic, and every request with `<header>: 1`. Default: none. */
  beta?: { weight: number; header: string };
}

export type TargetType = "instance" | "ip";

/**
 * The health check's timeout: HTTP's default of 6 s, or less to stay under the interval, as ELB requires
 * (CreateTargetGroup: timeout 2-120 s, default 6 s for HTTP; the interval must be longer, aws/aws-cdk#22200).
 */
export function healthCheckTimeoutSeconds(intervalSeconds: number): number {
  return Math.max(2, Math.min(6, intervalSeconds - 1));
}

// Forward stickiness keeps a client on one side of the weighted split: 1-604800 s (aws.lb.Listener docs).
const BETA_STICKINESS_SECONDS = 3600;
// Listener rules run lowest priority first: testers reach beta before the edge rule forwards the rest.
const BETA_TESTERS_PRIORITY = 1;
const EDGE_PRIORITY = 10;

export interface OriginHeaderCondition {
  /** Name of the header CloudFront adds to every origin request. */
  name: string;
  /** Values the ALB accepts (any one of them): two while the secret rotates, else one. */
  acceptedValues: pulumi.Input<string>[];
}

// A listener rule takes at most 5 condition values in all (ELB quotas, "Condition values per rule"):
// the beta testers' rule uses one for its header and up to two for the origin header's generations.
const originCondition = (header: OriginHeaderCondition) => ({ httpHeader: { httpHeaderName: header.name, values: header.acceptedValues } });

/**
 * The environment's only public entry: an ALB in the public subnets with a DNS-validated
 * certificate, HTTPS forwarding to the web target group, and HTTP redirecting to HTTPS.
 */
export class PublicLoadBalancer extends pulumi.ComponentResource {
  readonly arnSuffix: pulumi.Output<string>;
  readonly dnsName: pulumi.Output<string>;
  readonly zoneId: pulumi.Output<string>;
  readonly targetGroupArn: pulumi.Output<string>;
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  readonly betaTargetGroupArn?: pulumi.Output<string>;
  readonly betaTargetGroupArnSuffix?: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:PublicLoadBalancer", name, {}, opts);
    const parent = { parent: this };

    const certificateArn = dnsValidatedCertificate(name, { domainName: args.hostName, zoneId: args.zoneId }, this);

    const loadBalancer = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        name: fitName(args.namePrefix, "web", ELB_NAME_LIMIT),
        loadBalancerType: "application",
        internal: false,
        subnets: args.publicSubnetIds,
        securityGroups: [args.securityGroupId],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: args.deletionProtection,
        accessLogs: args.accessLogsBucket ? { bucket: args.accessLogsBucket, prefix: LOAD_BALANCER_LOG_PREFIX, enabled: true } : undefined,
      },
      parent,
    );
    // Target type cannot change in place: containers get a target group of their own name.
    const targetGroupOf = (part: string) => {
      const named = args.targetType === "ip" ? `${part}-ip` : part;
      return new aws.lb.TargetGroup(
        `${name}-${named}`,
        {
          name: fitName(args.namePrefix, named, ELB_NAME_LIMIT),
          vpcId: args.vpcId,
          port: args.port,
          protocol: "HTTP",
          targetType: args.targetType,
          deregistrationDelay: args.deregistrationDelaySeconds,
          slowStart: args.slowStartSeconds,
          healthCheck: {
            path: args.healthCheckPath,
            protocol: "HTTP",
            matcher: "200-399",
            interval: args.healthCheckIntervalSeconds,
            healthyThreshold: args.healthyThreshold,
            unhealthyThreshold: 3,
            timeout: healthCheckTimeoutSeconds(args.healthCheckIntervalSeconds),
          },
        },
        parent,
      );
    };
    const targetGroup = targetGroupOf("web");
    const betaTargetGroup = args.beta ? targetGroupOf("web-beta") : undefined;
    const split = args.beta ? betaSplit(args.beta.weight) : undefined;
    const forward =
      betaTargetGroup && split
        ? {
            type: "forward",
            forward: {
              targetGroups: [
                { arn: targetGroup.arn, weight: split.main },
                { arn: betaTargetGroup.arn, weight: split.beta },
              ],
              stickiness: { enabled: true, duration: BETA_STICKINESS_SECONDS },
            },
          }
        : { type: "forward", targetGroupArn: targetGroup.arn };
    const https = new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: TLS_POLICY,
        certificateArn,
        defaultActions: [
          args.originHeader ? { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: "Forbidden" } } : forward,
        ],
      },
      parent,
    );
    if (args.originHeader) {
      new aws.lb.ListenerRule(
        `${name}-from-edge`,
        {
          listenerArn: https.arn,
          priority: EDGE_PRIORITY,
          conditions: [originCondition(args.originHeader)],
          actions: [forward],
        },
        parent,
      );
    }
    if (args.beta && betaTargetGroup) {
      new aws.lb.ListenerRule(
        `${name}-beta-testers`,
        {
          listenerArn: https.arn,
          priority: BETA_TESTERS_PRIORITY,
          conditions: [{ httpHeader: { httpHeaderName: args.beta.header, values: ["1"] } }, ...(args.originHeader ? [originCondition(args.originHeader)] : [])],
          actions: [{ type: "forward", targetGroupArn: betaTargetGroup.arn }],
        },
        parent,
      );
    }
    new aws.lb.Listener(
      `${name}-http-redirect`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      },
      parent,
    );
    new aws.route53.Record(
      `${name}-alias`,
      {
        zoneId: args.zoneId,
        name: args.hostName,
        type: "A",
        aliases: [{ name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true }],
      },
      parent,
    );

    this.arnSuffix = loadBalancer.arnSuffix;
    this.dnsName = loadBalancer.dnsName;
    this.zoneId = loadBalancer.zoneId;
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.betaTargetGroupArn = betaTargetGroup?.arn;
    this.betaTargetGroupArnSuffix = betaTargetGroup?.arnSuffix;
    this.url = pulumi.interpolate`https://${args.hostName}`;
    this.registerOutputs({ dnsName: this.dnsName, targetGroupArn: this.targetGroupArn, url: this.url });
  }
}
