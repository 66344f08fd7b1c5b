import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fitName } from "./compute-plan";

/** TLS 1.3 with TLS 1.2 fallback: the policy AWS recommends for HTTPS listeners (ELB security policies docs). */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
// Load balancer and target group names: at most 32 characters (aws.lb.LoadBalancer, aws.lb.TargetGroup docs).
const ELB_NAME_LIMIT = 32;

export interface LoadBalancerArgs {
  namePrefix: string;
  vpcId: pulumi.Input<string>;
  publicSubnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  /** Public zone the host name and the certificate's validation record go in. */
  zoneId: pulumi.Input<string>;
  hostName: pulumi.Input<string>;
  port: number;
  healthCheckPath: string;
  deregistrationDelaySeconds: number;
  slowStartSeconds: number;
  deletionProtection: boolean;
  /** Bucket that accepts ELB access log delivery; no access logs when undefined. */
  accessLogsBucket?: pulumi.Input<string>;
}

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
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:PublicLoadBalancer", name, {}, opts);
    const parent = { parent: this };

    const certificate = new aws.acm.Certificate(`${name}-certificate`, { domainName: args.hostName, validationMethod: "DNS" }, parent);
    const option = certificate.domainValidationOptions[0];
    const validationRecord = new aws.route53.Record(
      `${name}-certificate-validation`,
      {
        zoneId: args.zoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      },
      parent,
    );
    const validation = new aws.acm.CertificateValidation(
      `${name}-certificate-validated`,
      { certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] },
      parent,
    );

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
        accessLogs: args.accessLogsBucket ? { bucket: args.accessLogsBucket, prefix: "alb", enabled: true } : undefined,
      },
      parent,
    );
    const targetGroup = new aws.lb.TargetGroup(
      `${name}-web`,
      {
        name: fitName(args.namePrefix, "web", ELB_NAME_LIMIT),
        vpcId: args.vpcId,
        port: args.port,
        protocol: "HTTP",
        targetType: "instance",
        deregistrationDelay: args.deregistrationDelaySeconds,
        slowStart: args.slowStartSeconds,
        healthCheck: { path: args.healthCheckPath, protocol: "HTTP", matcher: "200-399", interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 },
      },
      parent,
    );
    new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: TLS_POLICY,
        certificateArn: validation.certificateArn,
        defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      },
      parent,
    );
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
    this.url = pulumi.interpolate`https://${args.hostName}`;
    this.registerOutputs({ dnsName: this.dnsName, targetGroupArn: this.targetGroupArn, url: this.url });
  }
}
