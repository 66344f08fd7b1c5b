/** Pure rules of the edge's AWS WAF web ACL: its rules, body inspection size and logging. */

// Rate-based rule limits (AWS WAF API reference, RateBasedStatement): limit 10 to 2,000,000,000 requests
// per evaluation window; windows of 60, 120, 300 or 600 seconds.
export const RATE_LIMIT_MIN = 10;
export const RATE_LIMIT_MAX = 2_000_000_000;
export const EVALUATION_WINDOWS = [60, 120, 300, 600] as const;

// CloudFront forwards the first 16 KB of a body to AWS WAF by default; 32, 48 or 64 KB cost extra
// (AWS WAF Developer Guide, "Managing body inspection size limits"; API RequestBodyAssociatedResourceTypeConfig).
export const BODY_LIMITS_KB = [16, 32, 48, 64] as const;
export type BodyLimitKb = (typeof BODY_LIMITS_KB)[number];

/** CloudWatch Logs destinations of AWS WAF must be named so (AWS WAF API reference, LoggingConfiguration). */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";
/** Viewer headers kept out of the WAF logs: credentials and session cookies. */
export const WAF_REDACTED_HEADERS = ["authorization", "cookie"] as const;

// The Core Rule Set's rule that blocks every body over 8 KB (AWS Managed Rules, baseline rule groups, CRS).
const CRS_BODY_SIZE_RULE = "SizeRestrictions_BODY";

export interface WebAclSettings {
  /** Requests one client IP may make per evaluation window before it is blocked; 10 to 2,000,000,000. */
  rateLimit: number;
  /** Evaluation window of the rate limit, in seconds: 60, 120, 300 or 600. */
  evaluationWindowSec: number;
  /**
   * Largest request body the edge lets through, in KB: 16 (AWS WAF's default inspection size, no extra
   * fee), 32, 48 or 64. It is also the body size CloudFront forwards to AWS WAF, so every body that
   * reaches the app was inspected whole. Larger payloads go to S3 by presigned upload (see `tiers/edge/README.md`).
   */
  maxRequestBodyKb: BodyLimitKb;
}

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

/**
 * Blocks bodies over the configured size (larger than AWS WAF inspects count as over: oversize MATCH),
 * then AWS managed groups for common exploits and known bad inputs, then a per-IP rate limit. The Core
 * Rule Set's own 8 KB body rule only counts: the size rule before it takes its place at the configured size.
 */
export function webAclRules(namePrefix: string, { rateLimit, evaluationWindowSec, maxRequestBodyKb }: WebAclSettings) {
  const bodySize = {
    name: "RequestBodyTooLarge",
    action: { block: {} },
    statement: {
      sizeConstraintStatement: {
        comparisonOperator: "GT",
        size: maxRequestBodyKb * 1024,
        fieldToMatch: { body: { oversizeHandling: "MATCH" } },
        textTransformations: [{ priority: 0, type: "NONE" }],
      },
    },
    visibilityConfig: visibility(`${namePrefix}-body-size`),
  };
  const managed = [
    { group: "AWSManagedRulesCommonRuleSet", ruleActionOverrides: [{ name: CRS_BODY_SIZE_RULE, actionToUse: { count: {} } }] },
    { group: "AWSManagedRulesKnownBadInputsRuleSet" },
  ].map(({ group, ruleActionOverrides }) => ({
    name: group,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group, ...(ruleActionOverrides ? { ruleActionOverrides } : {}) } },
    visibilityConfig: visibility(`${namePrefix}-${group}`),
  }));
  const rate = {
    name: "RateLimitPerIp",
    action: { block: {} },
    statement: { rateBasedStatement: { limit: rateLimit, evaluationWindowSec, aggregateKeyType: "IP" } },
    visibilityConfig: visibility(`${namePrefix}-rate-limit`),
  };
  return [bodySize, ...managed, rate].map((rule, priority) => ({ ...rule, priority }));
}

/** How much of a body CloudFront forwards to AWS WAF: the configured body limit. */
export function bodyInspection(maxRequestBodyKb: BodyLimitKb) {
  return { requestBodies: [{ cloudfront: { defaultSizeInspectionLimit: `KB_${maxRequestBodyKb}` } }] };
}

/** The log group AWS WAF writes the web ACL's requests to. */
export function wafLogGroupName(namePrefix: string): string {
  return `${WAF_LOG_GROUP_PREFIX}${namePrefix}-edge`;
}

export const wafRedactedFields = () => WAF_REDACTED_HEADERS.map((name) => ({ singleHeader: { name } }));

/**
 * Policy of the us-east-1 key that encrypts the WAF log group (a log group takes only a key of its own
 * region): the account administers it through IAM; CloudWatch Logs may use it for that one log group
 * (CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS").
 */
export function wafLogKeyPolicy(accountId: string, region: string, logGroupName: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministersKeyThroughIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },
      {
        Sid: "CloudWatchLogsEncryptsTheWafLogGroup",
        Effect: "Allow",
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}` } },
      },
    ],
  };
}
