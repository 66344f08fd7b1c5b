/** Pure rules of the edge: cache behaviours, managed policy choice, security headers and bucket policy statements. */

// Managed policy IDs from the CloudFront Developer Guide ("Use managed cache policies",
// "Use managed origin request policies"); they are the same in every account.
export const MANAGED_CACHE_POLICY = {
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
} as const;
export const MANAGED_ORIGIN_REQUEST_POLICY = {
  // Every viewer header, cookie and query string but Host, so the ALB sees its own name and matches its certificate.
  // With caching disabled this forwards Authorization too (Knowledge Center, "forward the Authorization header").
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

/** CloudFront can only use ACM certificates from us-east-1, and a CLOUDFRONT-scope web ACL lives there too. */
export const EDGE_REGION = "us-east-1";
/** The hosted zone id of every CloudFront distribution's alias target (Route 53 AliasTarget docs). */
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

/** Header CloudFront adds to every request to the ALB; the ALB forwards only requests that carry it. */
export const ORIGIN_HEADER_NAME = "X-Origin-Verify";
/** While rotating, the ALB accepts two generations of the header's value (see `tiers/edge/README.md`). */
export const ORIGIN_SECRET_GENERATIONS_MAX = 2;

/** Secrets Manager name of one generation of the origin header's value; the first keeps its original name. */
export function originSecretName(namePrefix: string, generation: number): string {
  return `${namePrefix}/edge/origin-header${generation === 1 ? "" : `-v${generation}`}`;
}

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
  /** CloudFront compresses only where the cache policy enables Gzip and Brotli, which a caching-disabled one cannot. */
  compress: boolean;
}

const READ = ["GET", "HEAD"];
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];

/**
 * Static paths cached and compressed from the bucket (no origin request policy: S3 needs no viewer values);
 * the rest passed to the app uncached. CachingDisabled cannot enable compression (CloudFront refuses
 * EnableAcceptEncodingGzip on a policy with all TTLs 0; "Serve compressed files"), so the app compresses its
 * own responses: the origin request policy forwards the viewer's Accept-Encoding.
 */
export function cacheBehaviours(): { default: CacheBehaviour; ordered: (CacheBehaviour & { pathPattern: string })[] } {
  const common = { viewerProtocolPolicy: "redirect-to-https" } as const;
  return {
    default: {
      ...common,
      compress: false,
      targetOriginId: ORIGIN_IDS.web,
      cachePolicyId: MANAGED_CACHE_POLICY.cachingDisabled,
      originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader,
      allowedMethods: ALL_METHODS,
      cachedMethods: READ,
    },
    ordered: STATIC_PATHS.map((pathPattern) => ({
      ...common,
      compress: true,
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

// One year: the least HSTS preload lists accept (hstspreload.org).
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * Security headers on every response (CloudFront response headers policies): HSTS, nosniff, no framing
 * (X-Frame-Options and CSP frame-ancestors) and a referrer policy. CloudFront overrides what the origin
 * sends but the CSP, which the app may set whole; its own one then decides about framing.
 */
export function securityHeaders() {
  return {
    strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, override: true },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: "DENY", override: true },
    referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
    contentSecurityPolicy: { contentSecurityPolicy: "frame-ancestors 'none'", override: false },
  };
}
