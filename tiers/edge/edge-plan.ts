/** Pure rules of the edge: cache behaviours, managed policy choice, WAF rules and bucket policy statements. */

// Managed policy IDs from the CloudFront Developer Guide ("Use managed cache policies",
// "Use managed origin request policies"); they are the same in every account.
export const MANAGED_CACHE_POLICY = {
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
} as const;
export const MANAGED_ORIGIN_REQUEST_POLICY = {
  // Every viewer header, cookie and query string but Host, so the ALB sees its own name and matches its certificate.
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

// Rate-based rule limits (AWS WAF API reference, RateBasedStatement): limit 10 to 2,000,000,000 requests
// per evaluation window; windows of 60, 120, 300 or 600 seconds.
export const RATE_LIMIT_MIN = 10;
export const RATE_LIMIT_MAX = 2_000_000_000;
export const EVALUATION_WINDOWS = [60, 120, 300, 600] as const;

/** CloudFront can only use ACM certificates from us-east-1, and a CLOUDFRONT-scope web ACL lives there too. */
export const EDGE_REGION = "us-east-1";
/** The hosted zone id of every CloudFront distribution's alias target (Route 53 AliasTarget docs). */
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

/** Header CloudFront adds to every request to the ALB; the ALB forwards only requests that carry it. */
export const ORIGIN_HEADER_NAME = "X-Origin-Verify";

export const ORIGIN_IDS = { assets: "assets", web: "web" } as const;
export type OriginId = (typeof ORIGIN_IDS)[keyof typeof ORIGIN_IDS];

/** Paths served from the assets bucket; everything else goes to the ALB. */
export const STATIC_PATHS = ["/static/*", "/assets/*"] as const;

export interface CacheBehaviour {
  targetOriginId: OriginId;
  cachePolicyId: string;
  originRequestPolicyId?: string;
  allowedMethods: string[];
  cachedMethods: string[];
  viewerProtocolPolicy: "redirect-to-https";
  compress: true;
}

const READ = ["GET", "HEAD"];
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];

/** Static paths cached from the bucket (no origin request policy: S3 needs no viewer values); the rest passed to the app uncached. */
export function cacheBehaviours(): { default: CacheBehaviour; ordered: (CacheBehaviour & { pathPattern: string })[] } {
  const common = { viewerProtocolPolicy: "redirect-to-https", compress: true } as const;
  return {
    default: {
      ...common,
      targetOriginId: ORIGIN_IDS.web,
      cachePolicyId: MANAGED_CACHE_POLICY.cachingDisabled,
      originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader,
      allowedMethods: ALL_METHODS,
      cachedMethods: READ,
    },
    ordered: STATIC_PATHS.map((pathPattern) => ({
      ...common,
      pathPattern,
      targetOriginId: ORIGIN_IDS.assets,
      cachePolicyId: MANAGED_CACHE_POLICY.cachingOptimized,
      allowedMethods: READ,
      cachedMethods: READ,
    })),
  };
}

/** Origin access control: only this distribution may read the bucket's objects (CloudFront OAC docs). */
export function originAccessStatement(bucketArn: string, distributionArn: string): object {
  return {
    Sid: "CloudFrontOriginAccess",
    Effect: "Allow",
    Principal: { Service: "cloudfront.amazonaws.com" },
    Action: "s3:GetObject",
    Resource: `${bucketArn}/*`,
    Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
  };
}

/**
 * CloudFront standard logging (v2) to S3 goes through CloudWatch Logs delivery, which writes under
 * AWSLogs/<account>/CloudFront/ with the bucket owner owning the objects, so the bucket keeps ACLs disabled
 * (CloudWatch Logs "Logs sent to Amazon S3" [V2 permissions]).
 */
export function accessLogDeliveryStatement(bucketArn: string, accountId: string): object {
  return {
    Sid: "CloudFrontAccessLogDelivery",
    Effect: "Allow",
    Principal: { Service: "delivery.logs.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${bucketArn}/AWSLogs/${accountId}/CloudFront/*`,
    Condition: {
      StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": accountId },
      // Delivery sources of this account in the region CloudFront's logging runs in.
      ArnLike: { "aws:SourceArn": `arn:aws:logs:${EDGE_REGION}:${accountId}:*` },
    },
  };
}

export interface EdgeRateLimit {
  rateLimit: number;
  evaluationWindowSec: number;
}

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

/** AWS managed groups for common exploits and known bad inputs, then a per-IP rate limit. */
export function webAclRules(namePrefix: string, { rateLimit, evaluationWindowSec }: EdgeRateLimit) {
  const managed = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"].map((group, i) => ({
    name: group,
    priority: i,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
    visibilityConfig: visibility(`${namePrefix}-${group}`),
  }));
  const rate = {
    name: "RateLimitPerIp",
    priority: managed.length,
    action: { block: {} },
    statement: { rateBasedStatement: { limit: rateLimit, evaluationWindowSec, aggregateKeyType: "IP" } },
    visibilityConfig: visibility(`${namePrefix}-rate-limit`),
  };
  return [...managed, rate];
}
