/* eslint-disable @typescript-eslint/no-explicit-any -- resource properties are untyped engine data */
import { Index, label, list, parsed, type PolicyTarget, type Rule } from "../graph";

// CloudFront is a global service run from us-east-1: it takes ACM certificates and CLOUDFRONT-scope
// web ACLs only from there.
const CLOUDFRONT_REGION = "us-east-1";

const T = {
  distribution: ["aws:cloudfront/distribution:Distribution"],
  certificate: ["aws:acm/certificate:Certificate"],
  certificateValidation: ["aws:acm/certificateValidation:CertificateValidation"],
  webAcl: ["aws:wafv2/webAcl:WebAcl"],
  wafLogging: ["aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"],
  cachePolicy: ["aws:cloudfront/cachePolicy:CachePolicy"],
  originRequestPolicy: ["aws:cloudfront/originRequestPolicy:OriginRequestPolicy"],
} as const;

/** Where AWS creates a resource: its own `region` argument (aws 7), else its provider's. */
const regionOf = (r: PolicyTarget): unknown => r.props.region ?? r.provider?.props.region;
/** The region field of an ARN (`arn:aws:<service>:<region>:...`), or undefined for anything else. */
const arnRegion = (value: unknown): string | undefined => (typeof value === "string" && value.startsWith("arn:") ? value.split(":")[3] : undefined);

const distributionCertificateRegion: Rule = {
  kind: "stack",
  name: "cloudfront-certificate-in-us-east-1",
  description: "A distribution's ACM certificate must be requested in us-east-1.",
  enforcementLevel: "mandatory",
  source: "CloudFront Developer Guide, 'Requirements for using SSL/TLS certificates with CloudFront' (certificates from ACM must be in US East (N. Virginia))",
  validate(resources, report) {
    const index = new Index(resources);
    // A validation resource answers with its certificate's ARN: look the certificate up by that too.
    const byArn = new Map<string, PolicyTarget>();
    for (const c of index.ofType(T.certificate)) if (typeof c.props.arn === "string") byArn.set(c.props.arn, c);
    for (const v of index.ofType(T.certificateValidation)) {
      const certificate = byArn.get(v.props.certificateArn);
      if (certificate) byArn.set(v.props.certificateArn, certificate);
    }
    for (const distribution of index.ofType(T.distribution)) {
      const arn = parsed(distribution.props.viewerCertificate)?.acmCertificateArn;
      if (typeof arn !== "string") continue;
      const certificate = byArn.get(arn);
      const region = certificate ? regionOf(certificate) : arnRegion(arn);
      if (region !== undefined && region !== CLOUDFRONT_REGION) {
        report(
          `${label(distribution)} uses ACM certificate ${certificate ? label(certificate) : arn} from ${String(region)}; CloudFront takes only us-east-1 certificates`,
        );
      }
    }
  },
};

const webAclRegion: Rule = {
  kind: "resource",
  name: "cloudfront-web-acl-in-us-east-1",
  description: "A web ACL of CLOUDFRONT scope must be created in us-east-1.",
  enforcementLevel: "mandatory",
  source: "AWS WAF API reference, CreateWebACL, Scope (CLOUDFRONT: the Region must be US East (N. Virginia))",
  validate(resource, report) {
    if (!T.webAcl.includes(resource.type as never) || resource.props.scope !== "CLOUDFRONT") return;
    const region = regionOf(resource);
    if (region !== undefined && region !== CLOUDFRONT_REGION)
      report(`${label(resource)} has scope CLOUDFRONT but is created in ${String(region)}; it must be us-east-1`);
  },
};

const wafLogDestination: Rule = {
  kind: "stack",
  name: "waf-log-destination",
  description: "AWS WAF logs only to destinations named aws-waf-logs-*, and a CLOUDFRONT web ACL only to ones in us-east-1.",
  enforcementLevel: "mandatory",
  source: "AWS WAF API reference, LoggingConfiguration and PutLoggingConfiguration (name prefix aws-waf-logs-; CloudFront logs in us-east-1)",
  validate(resources, report) {
    const index = new Index(resources);
    for (const logging of index.ofType(T.wafLogging)) {
      const acl = index.find(T.webAcl, logging.props.resourceArn);
      for (const destination of list<string>(logging.props.logDestinationConfigs)) {
        if (typeof destination !== "string") continue;
        // log-group:<name>, bucket name after ":::", or deliverystream/<name>
        const name = destination.split(/log-group:|:::|deliverystream\//)[1]?.split(":")[0];
        if (name !== undefined && !name.startsWith("aws-waf-logs-"))
          report(`${label(logging)} logs to ${destination}, whose name does not start with aws-waf-logs-`);
        const region = arnRegion(destination);
        if (acl?.props.scope === "CLOUDFRONT" && region && region !== CLOUDFRONT_REGION) {
          report(`${label(logging)} logs the CLOUDFRONT web ACL ${label(acl)} to ${destination} in ${region}; it must be us-east-1`);
        }
      }
    }
  },
};

// Judged only when all three are given as 0: what caching disabled means (CloudFront, "Understand cache policies").
const cachingDisabled = (p: Record<string, any>) => [p.minTtl, p.defaultTtl, p.maxTtl].every((ttl) => ttl === 0 || ttl === "0");

const cachingDisabledPolicyKeys: Rule = {
  kind: "resource",
  name: "cache-policy-caching-disabled",
  description: "A cache policy with all TTLs 0 can put nothing in the cache key and cannot enable compression.",
  enforcementLevel: "mandatory",
  source:
    "CloudFront answers 'The parameter EnableAcceptEncodingGzip is invalid for policy with caching disabled' (pulumi/docs#18475); awsdocs/amazon-cloudfront-developer-guide#51",
  validate(resource, report) {
    if (!T.cachePolicy.includes(resource.type as never) || !cachingDisabled(resource.props)) return;
    const keys = parsed(resource.props.parametersInCacheKeyAndForwardedToOrigin) ?? {};
    const set = [
      keys.enableAcceptEncodingGzip === true && "enableAcceptEncodingGzip",
      keys.enableAcceptEncodingBrotli === true && "enableAcceptEncodingBrotli",
      (keys.headersConfig?.headerBehavior ?? "none") !== "none" && "headers",
      (keys.cookiesConfig?.cookieBehavior ?? "none") !== "none" && "cookies",
      (keys.queryStringsConfig?.queryStringBehavior ?? "none") !== "none" && "query strings",
    ].filter(Boolean);
    if (set.length > 0)
      report(`${label(resource)} disables caching (all TTLs 0) but sets ${set.join(", ")}; use a managed origin request policy to forward values`);
  },
};

const originRequestAuthorization: Rule = {
  kind: "resource",
  name: "origin-request-policy-authorization",
  description: "An origin request policy cannot name the Authorization header.",
  enforcementLevel: "mandatory",
  source: "AWS Knowledge Center, 'How do I configure CloudFront to forward the Authorization header to the origin?' (HTTP 400)",
  validate(resource, report) {
    if (!T.originRequestPolicy.includes(resource.type as never)) return;
    const headers = list<string>(parsed(resource.props.headersConfig)?.headers?.items);
    if (headers.some((h) => String(h).toLowerCase() === "authorization")) {
      report(`${label(resource)} forwards Authorization; put it in the cache policy's key, or use caching disabled with a managed AllViewer policy`);
    }
  },
};

export const edgeDeployabilityRules: Rule[] = [
  distributionCertificateRegion,
  webAclRegion,
  wafLogDestination,
  cachingDisabledPolicyKeys,
  originRequestAuthorization,
];
