import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fitName } from "../../lib/names";
import { cacheBehaviours, EDGE_REGION, ORIGIN_IDS, securityHeaders, type PriceClass } from "./edge-plan";
import { bodyInspection, wafLogGroupName, wafLogKeyPolicy, wafRedactedFields, webAclRules, type WebAclSettings } from "./waf-plan";
import { dnsValidatedCertificate } from "../../lib/dns-certificate";

export interface EdgeSettings extends WebAclSettings {
  /** Which edge locations serve the distribution: PriceClass_100, _200 or _All (CloudFront pricing). */
  priceClass: PriceClass;
  /** Days the WAF request logs are kept in CloudWatch Logs (a value CloudWatch Logs offers). */
  logRetentionDays: number;
}

export interface EdgeArgs {
  /** Prefix of every physical name (the distribution's comment, the web ACL, policies, log names). */
  namePrefix: string;
  /** The account the stack deploys to, named in the WAF log key's policy. */
  accountId: pulumi.Input<string>;
  /** Keep the WAF logs and their key from `pulumi destroy`, the key with KMS's longest deletion wait (30 days, else 7). */
  protect: boolean;
  /** The environment's public host name, served by CloudFront. */
  hostName: pulumi.Input<string>;
  /** Public zone the alias records and the certificate's validation record go in. */
  zoneId: pulumi.Input<string>;
  /** Price class, the web ACL's limits and the WAF log retention (`platform:edge`). */
  settings: EdgeSettings;
  /** Regional domain name of the assets bucket, served at the static paths through origin access control. */
  assetsBucketDomainName: pulumi.Input<string>;
  /** The ALB's own name (its certificate's), CloudFront's origin for everything but static paths. */
  loadBalancerHostName: pulumi.Input<string>;
  /** The header CloudFront adds to every request to the ALB, which forwards only requests that carry it. */
  originHeader: { name: string; value: pulumi.Input<string> };
  /** Bucket that receives the access logs; its policy lets CloudWatch Logs delivery write (see edge-plan). */
  logsBucketArn: pulumi.Input<string>;
}

// Delivery source and destination names: 1-60 characters (CloudWatch Logs PutDeliverySource API reference).
const DELIVERY_NAME_LIMIT = 60;

/**
 * CloudFront in front of the assets bucket (origin access control) and the ALB (HTTPS, secret header),
 * with a us-east-1 certificate, AWS WAF and its request logs, security response headers, access logs
 * (standard logging v2) and alias records. Departures from AWS Foundational Security Best Practices
 * are listed, each with its reason, in `tiers/edge/README.md`.
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
        associationConfig: bodyInspection(args.settings.maxRequestBodyKb),
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: `${args.namePrefix}-edge`, sampledRequestsEnabled: true },
      },
      parent,
    );

    // AWS WAF logs a CLOUDFRONT web ACL only to a destination in us-east-1 named aws-waf-logs-* (AWS WAF
    // Developer Guide, "Logging web ACL traffic"); it adds the log group's resource policy itself.
    const wafLogGroupNameValue = wafLogGroupName(args.namePrefix);
    const wafLogKey = new aws.kms.Key(
      `${name}-waf-logs-key`,
      {
        region,
        description: `Encrypts the AWS WAF request logs of ${args.namePrefix}`,
        enableKeyRotation: true,
        deletionWindowInDays: args.protect ? 30 : 7,
        policy: pulumi.output(args.accountId).apply((accountId) => JSON.stringify(wafLogKeyPolicy(accountId, region, wafLogGroupNameValue))),
      },
      { parent: this, protect: args.protect },
    );
    const wafLogs = new aws.cloudwatch.LogGroup(
      `${name}-waf-logs`,
      { region, name: wafLogGroupNameValue, retentionInDays: args.settings.logRetentionDays, kmsKeyId: wafLogKey.arn },
      { parent: this, protect: args.protect },
    );
    new aws.wafv2.WebAclLoggingConfiguration(
      `${name}-waf-logging`,
      { region, resourceArn: webAcl.arn, logDestinationConfigs: [wafLogs.arn], redactedFields: wafRedactedFields() },
      parent,
    );

    const headers = new aws.cloudfront.ResponseHeadersPolicy(
      `${name}-security-headers`,
      { name: `${args.namePrefix}-security-headers`, comment: `Security headers of ${args.namePrefix}`, securityHeadersConfig: securityHeaders() },
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
    const withHeaders = <T extends object>(behaviour: T) => ({ ...behaviour, responseHeadersPolicyId: headers.id });
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
        defaultCacheBehavior: withHeaders(behaviours.default),
        orderedCacheBehaviors: behaviours.ordered.map(withHeaders),
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
