import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fitName } from "../../lib/names";
import { cacheBehaviours, EDGE_REGION, ORIGIN_IDS, webAclRules, type EdgeRateLimit, type PriceClass } from "./edge-plan";
import type { OriginHeaderCondition } from "../compute/load-balancer";
import { dnsValidatedCertificate } from "../../lib/dns-certificate";

export interface EdgeSettings extends EdgeRateLimit {
  priceClass: PriceClass;
}

export interface EdgeArgs {
  namePrefix: string;
  /** The environment's public host name, served by CloudFront. */
  hostName: pulumi.Input<string>;
  /** Public zone the alias records and the certificate's validation record go in. */
  zoneId: pulumi.Input<string>;
  settings: EdgeSettings;
  assetsBucketDomainName: pulumi.Input<string>;
  /** The ALB's own name (its certificate's), CloudFront's origin for everything but static paths. */
  loadBalancerHostName: pulumi.Input<string>;
  /** The header the ALB requires, so it cannot be reached around CloudFront. */
  originHeader: OriginHeaderCondition;
  /** Bucket that receives the access logs; its policy lets CloudWatch Logs delivery write (see edge-plan). */
  logsBucketArn: pulumi.Input<string>;
}

// Delivery source and destination names: 1-60 characters (CloudWatch Logs PutDeliverySource API reference).
const DELIVERY_NAME_LIMIT = 60;

/**
 * CloudFront in front of the assets bucket (origin access control) and the ALB (HTTPS, secret header),
 * with a us-east-1 certificate, AWS WAF, access logs (standard logging v2) and alias records.
 */
export class Edge extends pulumi.ComponentResource {
  readonly distributionId: pulumi.Output<string>;
  readonly distributionArn: pulumi.Output<string>;
  readonly domainName: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:Edge", name, {}, opts);
    const parent = { parent: this };
    const region = EDGE_REGION;

    const certificateArn = dnsValidatedCertificate(name, { domainName: args.hostName, zoneId: args.zoneId, region }, this);

    const webAcl = new aws.wafv2.WebAcl(
      `${name}-waf`,
      {
        region,
        name: `${args.namePrefix}-edge`,
        scope: "CLOUDFRONT",
        defaultAction: { allow: {} },
        rules: webAclRules(args.namePrefix, args.settings),
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: `${args.namePrefix}-edge`, sampledRequestsEnabled: true },
      },
      parent,
    );

    const originAccess = new aws.cloudfront.OriginAccessControl(
      `${name}-assets-access`,
      {
        name: `${args.namePrefix}-assets`,
        description: `CloudFront reads the ${args.namePrefix} assets bucket`,
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      },
      parent,
    );

    const behaviours = cacheBehaviours();
    const distribution = new aws.cloudfront.Distribution(
      `${name}-distribution`,
      {
        enabled: true,
        comment: `${args.namePrefix} static assets and application`,
        aliases: [args.hostName],
        httpVersion: "http2and3",
        isIpv6Enabled: true,
        priceClass: args.settings.priceClass,
        webAclId: webAcl.arn,
        origins: [
          { originId: ORIGIN_IDS.assets, domainName: args.assetsBucketDomainName, originAccessControlId: originAccess.id },
          {
            originId: ORIGIN_IDS.web,
            domainName: args.loadBalancerHostName,
            customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
            customHeaders: [{ name: args.originHeader.name, value: args.originHeader.value }],
          },
        ],
        defaultCacheBehavior: behaviours.default,
        orderedCacheBehaviors: behaviours.ordered,
        restrictions: { geoRestriction: { restrictionType: "none" } },
        // TLSv1.2_2021 is the policy CloudFront recommends for SNI certificates (supported protocols and ciphers docs).
        viewerCertificate: { acmCertificateArn: certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
      },
      parent,
    );

    for (const type of ["A", "AAAA"]) {
      new aws.route53.Record(
        `${name}-alias-${type.toLowerCase()}`,
        {
          zoneId: args.zoneId,
          name: args.hostName,
          type,
          aliases: [{ name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false }],
          // Turning the edge on in a running stack takes the host name over from the ALB's record.
          allowOverwrite: true,
        },
        parent,
      );
    }

    // Standard logging (v2) runs through CloudWatch Logs delivery in us-east-1 and needs no bucket ACLs.
    const source = new aws.cloudwatch.LogDeliverySource(
      `${name}-access-log-source`,
      { region, name: fitName(args.namePrefix, "edge-access", DELIVERY_NAME_LIMIT), logType: "ACCESS_LOGS", resourceArn: distribution.arn },
      parent,
    );
    const destination = new aws.cloudwatch.LogDeliveryDestination(
      `${name}-access-log-destination`,
      {
        region,
        name: fitName(args.namePrefix, "edge-access-s3", DELIVERY_NAME_LIMIT),
        outputFormat: "parquet",
        deliveryDestinationConfiguration: { destinationResourceArn: args.logsBucketArn },
      },
      parent,
    );
    new aws.cloudwatch.LogDelivery(`${name}-access-logs`, { region, deliverySourceName: source.name, deliveryDestinationArn: destination.arn }, parent);

    this.distributionId = distribution.id;
    this.distributionArn = distribution.arn;
    this.domainName = distribution.domainName;
    this.url = pulumi.interpolate`https://${args.hostName}`;
    this.registerOutputs({ distributionId: this.distributionId, domainName: this.domainName, url: this.url });
  }
}
