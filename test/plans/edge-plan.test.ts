import { strict as assert } from "assert";
import {
  accessLogDeliveryStatement,
  cacheBehaviours,
  MANAGED_CACHE_POLICY,
  MANAGED_ORIGIN_REQUEST_POLICY,
  ORIGIN_IDS,
  originAccessStatement,
  originSecretName,
  securityHeaders,
} from "../../tiers/edge/edge-plan";
import { bodyInspection, wafLogGroupName, wafRedactedFields, webAclRules } from "../../tiers/edge/waf-plan";
import { ConfigError, loadConfig, type EnvironmentConfig } from "../../config/load";

const identity = (stack: string) => ({ project: "platform", stack, organization: "organization" });
const base = { "aws:region": "eu-west-1", "platform:owner": "team", "platform:costCenter": "42" };
const asEngine = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
const edgeOf = (stack: string, edge?: Record<string, unknown>) =>
  (loadConfig(asEngine(edge ? { ...base, "platform:edge": edge } : base), identity(stack)) as EnvironmentConfig).edge;

function problems(edge: Record<string, unknown>): string[] {
  try {
    edgeOf("prod", edge);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail("expected the config to be rejected");
}

describe("edge plan", () => {
  it("serves /static/* and /assets/* from the bucket, cached, and the rest from the ALB, uncached with the viewer's values", () => {
    const { default: fallback, ordered } = cacheBehaviours();
    assert.deepEqual(
      ordered.map((b) => [b.pathPattern, b.targetOriginId, b.cachePolicyId, b.originRequestPolicyId]),
      [
        ["/static/*", ORIGIN_IDS.assets, MANAGED_CACHE_POLICY.cachingOptimized, undefined],
        ["/assets/*", ORIGIN_IDS.assets, MANAGED_CACHE_POLICY.cachingOptimized, undefined],
      ],
    );
    assert.deepEqual(ordered[0].allowedMethods, ["GET", "HEAD"]);
    assert.equal(fallback.targetOriginId, ORIGIN_IDS.web);
    assert.equal(fallback.cachePolicyId, MANAGED_CACHE_POLICY.cachingDisabled);
    assert.equal(fallback.originRequestPolicyId, MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader);
    assert.ok(fallback.allowedMethods.includes("POST"));
    for (const b of [fallback, ...ordered]) assert.equal(b.viewerProtocolPolicy, "redirect-to-https");
  });

  it("compresses only where the cache policy can (CachingOptimized), not on the app's uncached behaviour", () => {
    const { default: fallback, ordered } = cacheBehaviours();
    assert.equal(fallback.compress, false);
    for (const b of ordered) assert.equal(b.compress, true);
  });

  it("adds HSTS, nosniff, no framing and a referrer policy, leaving the app's own CSP in place", () => {
    const headers = securityHeaders();
    assert.deepEqual(headers.strictTransportSecurity, { accessControlMaxAgeSec: 31_536_000, includeSubdomains: true, override: true });
    assert.deepEqual(headers.contentTypeOptions, { override: true });
    assert.deepEqual(headers.frameOptions, { frameOption: "DENY", override: true });
    assert.deepEqual(headers.referrerPolicy, { referrerPolicy: "strict-origin-when-cross-origin", override: true });
    assert.deepEqual(headers.contentSecurityPolicy, { contentSecurityPolicy: "frame-ancestors 'none'", override: false });
  });

  it("names each generation of the origin secret, the first as before rotation", () => {
    assert.equal(originSecretName("platform-prod", 1), "platform-prod/edge/origin-header");
    assert.equal(originSecretName("platform-prod", 2), "platform-prod/edge/origin-header-v2");
  });

  it("lets only the named distribution read the bucket's objects", () => {
    const distribution = "arn:aws:cloudfront::123456789012:distribution/E1";
    assert.deepEqual(originAccessStatement("arn:aws:s3:::assets", distribution), {
      Sid: "CloudFrontOriginAccess",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::assets/*",
      Condition: { StringEquals: { "AWS:SourceArn": distribution } },
    });
  });

  it("lets CloudWatch Logs delivery of this account write CloudFront logs, owned by the bucket owner", () => {
    const statement = accessLogDeliveryStatement("arn:aws:s3:::logs", "123456789012") as Record<string, any>;
    assert.equal(statement.Principal.Service, "delivery.logs.amazonaws.com");
    assert.equal(statement.Action, "s3:PutObject");
    assert.equal(statement.Resource, "arn:aws:s3:::logs/AWSLogs/123456789012/CloudFront/*");
    assert.equal(statement.Condition.StringEquals["aws:SourceAccount"], "123456789012");
    assert.equal(statement.Condition.StringEquals["s3:x-amz-acl"], "bucket-owner-full-control");
    assert.equal(statement.Condition.ArnLike["aws:SourceArn"], "arn:aws:logs:us-east-1:123456789012:*");
  });

  it("blocks bodies over the limit first, then runs the managed groups with their own actions, then the rate limit", () => {
    const rules = webAclRules("platform-prod", { rateLimit: 500, evaluationWindowSec: 60, maxRequestBodyKb: 32 }) as Record<string, any>[];
    assert.deepEqual(
      rules.map((r) => [r.priority, r.name]),
      [
        [0, "RequestBodyTooLarge"],
        [1, "AWSManagedRulesCommonRuleSet"],
        [2, "AWSManagedRulesKnownBadInputsRuleSet"],
        [3, "RateLimitPerIp"],
      ],
    );
    assert.deepEqual(rules[1].overrideAction, { none: {} });
    assert.deepEqual(rules[2].statement.managedRuleGroupStatement, { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" });
    assert.deepEqual(rules[3].action, { block: {} });
    assert.deepEqual(rules[3].statement.rateBasedStatement, { limit: 500, evaluationWindowSec: 60, aggregateKeyType: "IP" });
    assert.equal(new Set(rules.map((r) => r.visibilityConfig.metricName)).size, rules.length);
  });

  it("replaces the Core Rule Set's 8 KB body block with the configured limit, bodies beyond inspection counting as over", () => {
    const rules = webAclRules("platform-prod", { rateLimit: 500, evaluationWindowSec: 60, maxRequestBodyKb: 32 }) as Record<string, any>[];
    assert.deepEqual(rules[0].action, { block: {} });
    assert.deepEqual(rules[0].statement.sizeConstraintStatement, {
      comparisonOperator: "GT",
      size: 32 * 1024,
      fieldToMatch: { body: { oversizeHandling: "MATCH" } },
      textTransformations: [{ priority: 0, type: "NONE" }],
    });
    assert.deepEqual(rules[1].statement.managedRuleGroupStatement, {
      vendorName: "AWS",
      name: "AWSManagedRulesCommonRuleSet",
      ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
    });
    assert.deepEqual(bodyInspection(32), { requestBodies: [{ cloudfront: { defaultSizeInspectionLimit: "KB_32" } }] });
  });

  it("logs to an aws-waf-logs-* group with credentials and cookies redacted", () => {
    assert.equal(wafLogGroupName("platform-prod"), "aws-waf-logs-platform-prod-edge");
    assert.deepEqual(wafRedactedFields(), [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }]);
  });
});

describe("edge config", () => {
  it("puts the edge in front of dev and prod, not load-test", () => {
    assert.deepEqual(
      ["dev", "prod", "load-test"].map((stack) => edgeOf(stack).enabled),
      [true, true, false],
    );
    assert.equal(edgeOf("prod").priceClass, "PriceClass_All");
    assert.equal(edgeOf("prod").maxRequestBodyKb, 16);
    assert.deepEqual(edgeOf("prod").originSecretGenerations, [1]);
    assert.equal(edgeOf("load-test", { enabled: true }).enabled, true);
  });

  const cases: { what: string; edge: Record<string, unknown>; expect: RegExp }[] = [
    {
      what: "an unknown price class",
      edge: { priceClass: "PriceClass_50" },
      expect: /platform:edge\.priceClass.*PriceClass_50.*expected one of PriceClass_100, PriceClass_200, PriceClass_All/,
    },
    { what: "a rate limit under AWS WAF's minimum", edge: { rateLimit: 5 }, expect: /platform:edge\.rateLimit.*5.*from 10 to 2000000000/ },
    { what: "a rate limit over AWS WAF's maximum", edge: { rateLimit: 3_000_000_000 }, expect: /platform:edge\.rateLimit.*3000000000.*from 10 to 2000000000/ },
    { what: "a fractional rate limit", edge: { rateLimit: 100.5 }, expect: /platform:edge\.rateLimit.*whole number/ },
    {
      what: "an evaluation window AWS WAF does not offer",
      edge: { evaluationWindowSec: 30 },
      expect: /platform:edge\.evaluationWindowSec.*30.*60, 120, 300, 600/,
    },
    { what: "a body limit AWS WAF cannot inspect", edge: { maxRequestBodyKb: 20 }, expect: /platform:edge\.maxRequestBodyKb.*20.*16, 32, 48, 64 KB/ },
    { what: "no origin secret generation", edge: { originSecretGenerations: [] }, expect: /platform:edge\.originSecretGenerations.*1 to 2 distinct/ },
    {
      what: "three origin secret generations",
      edge: { originSecretGenerations: [1, 2, 3] },
      expect: /platform:edge\.originSecretGenerations.*1 to 2 distinct/,
    },
    {
      what: "a repeated origin secret generation",
      edge: { originSecretGenerations: [2, 2] },
      expect: /platform:edge\.originSecretGenerations.*1 to 2 distinct/,
    },
    { what: "generation 0", edge: { originSecretGenerations: [0] }, expect: /platform:edge\.originSecretGenerations.*1 to 2 distinct/ },
    { what: "an unknown key", edge: { cache: true }, expect: /cache: unknown key in platform:edge/ },
  ];
  for (const { what, edge, expect } of cases) {
    it(`rejects ${what}, naming key, value and what is allowed`, () => {
      const found = problems(edge);
      assert.ok(
        found.some((p) => expect.test(p)),
        found.join("\n"),
      );
    });
  }
});
