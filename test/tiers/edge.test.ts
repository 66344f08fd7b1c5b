import { strict as assert } from "assert";
import { CLOUDFRONT_ZONE_ID, MANAGED_CACHE_POLICY, MANAGED_ORIGIN_REQUEST_POLICY, ORIGIN_HEADER_NAME, ORIGIN_IDS } from "../../tiers/edge/edge-plan";
import type { Evaluation } from "../../offline/evaluate";
import { evaluated, evaluatedWith, ofType, one } from "../support/harness";

const E = {
  distribution: "aws:cloudfront/distribution:Distribution",
  originAccess: "aws:cloudfront/originAccessControl:OriginAccessControl",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  certificate: "aws:acm/certificate:Certificate",
  validation: "aws:acm/certificateValidation:CertificateValidation",
  record: "aws:route53/record:Record",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  listener: "aws:lb/listener:Listener",
  listenerRule: "aws:lb/listenerRule:ListenerRule",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  logSource: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
  logDestination: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
  logDelivery: "aws:cloudwatch/logDelivery:LogDelivery",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  responseHeaders: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  wafLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
  key: "aws:kms/key:Key",
  secret: "aws:secretsmanager/secret:Secret",
} as const;

const statementsOf = (e: Evaluation, bucket: string): Record<string, any>[] =>
  JSON.parse(one(e, E.bucketPolicy, `buckets-${bucket}-policy`).inputs.policy).Statement;
const originHeaderValue = (e: Evaluation) => one(e, E.secretVersion, "origin-header").inputs.secretString;

for (const [stack, priceClass] of [
  ["prod", "PriceClass_All"],
  ["dev", "PriceClass_100"],
] as const) {
  describe(`edge of ${stack}`, () => {
    let e: Evaluation;
    let distribution: Record<string, any>;
    before(async () => {
      e = await evaluated(stack);
      distribution = one(e, E.distribution).inputs;
    });

    it("serves the assets bucket through origin access control and the ALB over HTTPS with the origin header", () => {
      const origins = Object.fromEntries(distribution.origins.map((o: Record<string, any>) => [o.originId, o]));
      assert.deepEqual(Object.keys(origins).sort(), [ORIGIN_IDS.assets, ORIGIN_IDS.web]);
      assert.match(origins.assets.domainName, /-data-buckets-assets-.*\.s3\.eu-west-1\.amazonaws\.com$/);
      assert.equal(origins.assets.originAccessControlId, one(e, E.originAccess).id);
      assert.equal(origins.web.domainName, `origin.${stack}.example.com`);
      assert.equal(origins.web.customOriginConfig.originProtocolPolicy, "https-only");
      assert.deepEqual(origins.web.customOriginConfig.originSslProtocols, ["TLSv1.2"]);
      assert.deepEqual(origins.web.customHeaders, [{ name: ORIGIN_HEADER_NAME, value: originHeaderValue(e) }]);
      const access = one(e, E.originAccess).inputs;
      assert.deepEqual([access.originAccessControlOriginType, access.signingBehavior, access.signingProtocol], ["s3", "always", "sigv4"]);
    });

    it("routes static paths to the bucket, cached, and the rest to the ALB; compressed, HTTP/2 and 3, IPv6, modern TLS", () => {
      assert.deepEqual(
        distribution.orderedCacheBehaviors.map((b: Record<string, any>) => [b.pathPattern, b.targetOriginId, b.cachePolicyId]),
        [
          ["/static/*", "assets", MANAGED_CACHE_POLICY.cachingOptimized],
          ["/assets/*", "assets", MANAGED_CACHE_POLICY.cachingOptimized],
        ],
      );
      assert.equal(distribution.defaultCacheBehavior.targetOriginId, "web");
      assert.equal(distribution.defaultCacheBehavior.cachePolicyId, MANAGED_CACHE_POLICY.cachingDisabled);
      assert.equal(distribution.httpVersion, "http2and3");
      assert.equal(distribution.isIpv6Enabled, true);
      assert.equal(distribution.priceClass, priceClass);
      assert.deepEqual(distribution.aliases, [`${stack}.example.com`]);
      assert.equal(distribution.viewerCertificate.minimumProtocolVersion, "TLSv1.2_2021");
      assert.equal(distribution.viewerCertificate.sslSupportMethod, "sni-only");
    });

    it("lets only this distribution read the assets bucket, within the bucket's one policy", () => {
      const arn = one(e, E.distribution).computed.arn;
      const reads = statementsOf(e, "assets").filter((s) => s.Principal?.Service === "cloudfront.amazonaws.com");
      assert.equal(reads.length, 1);
      assert.equal(reads[0].Action, "s3:GetObject");
      assert.deepEqual(reads[0].Condition, { StringEquals: { "AWS:SourceArn": arn } });
      assert.equal(ofType(e, E.bucketPolicy).filter((p) => p.name.includes("buckets-assets")).length, 1);
    });

    it("delivers access logs (standard logging v2) to the logs bucket, which keeps ACLs disabled", () => {
      const source = one(e, E.logSource).inputs;
      assert.equal(source.logType, "ACCESS_LOGS");
      assert.equal(source.resourceArn, one(e, E.distribution).computed.arn);
      assert.equal(
        one(e, E.logDestination).inputs.deliveryDestinationConfiguration.destinationResourceArn,
        one(e, "aws:s3/bucket:Bucket", "buckets-logs").computed.arn,
      );
      assert.equal(one(e, E.logDelivery).inputs.deliverySourceName, source.name);
      for (const r of [one(e, E.logSource), one(e, E.logDestination), one(e, E.logDelivery)]) assert.equal(r.inputs.region, "us-east-1");
      const logs = statementsOf(e, "logs");
      assert.ok(logs.some((s) => s.Principal?.Service === "delivery.logs.amazonaws.com" && s.Resource.endsWith("/AWSLogs/123456789012/CloudFront/*")));
      assert.ok(
        logs.some((s) => s.Sid === "LoadBalancerLogDelivery"),
        "the ALB's log delivery stays",
      );
      assert.equal(one(e, E.ownership, "buckets-logs").inputs.rule.objectOwnership, "BucketOwnerEnforced");
    });

    it("uses a DNS-validated certificate from us-east-1 for the public host name", () => {
      const certificate = one(e, E.certificate, "-edge-");
      assert.equal(certificate.inputs.region, "us-east-1");
      assert.equal(certificate.inputs.domainName, `${stack}.example.com`);
      assert.equal(certificate.inputs.validationMethod, "DNS");
      assert.equal(one(e, E.validation, "-edge-").inputs.region, "us-east-1");
      assert.equal(distribution.viewerCertificate.acmCertificateArn, certificate.computed.arn);
      assert.match(String(certificate.computed.arn), /^arn:aws:acm:us-east-1:/);
    });

    it("points A and AAAA aliases of the public host name at the distribution, and the ALB's record at origin.<host>", () => {
      const host = `${stack}.example.com`;
      const aliases = ofType(e, E.record).filter((r) => r.inputs.name === host);
      assert.deepEqual(aliases.map((r) => r.inputs.type).sort(), ["A", "AAAA"]);
      for (const alias of aliases) {
        assert.deepEqual(alias.inputs.aliases, [{ name: one(e, E.distribution).computed.domainName, zoneId: CLOUDFRONT_ZONE_ID, evaluateTargetHealth: false }]);
        // The shared public zone, where the ALB's record also goes.
        assert.equal(alias.inputs.zoneId, one(e, E.record, "compute-lb-alias").inputs.zoneId);
      }
      assert.equal(one(e, E.record, "compute-lb-alias").inputs.name, `origin.${host}`);
      assert.equal(one(e, E.certificate, "-compute-").inputs.domainName, `origin.${host}`);
    });

    it("protects the distribution with a CLOUDFRONT web ACL in us-east-1: body size, managed groups and the rate limit", () => {
      const acl = one(e, E.webAcl);
      assert.equal(acl.inputs.scope, "CLOUDFRONT");
      assert.equal(acl.inputs.region, "us-east-1");
      assert.deepEqual(acl.inputs.defaultAction, { allow: {} });
      assert.deepEqual(
        acl.inputs.rules.map((r: Record<string, any>) => r.statement.managedRuleGroupStatement?.name ?? Object.keys(r.statement)[0]),
        ["sizeConstraintStatement", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "rateBasedStatement"],
      );
      assert.deepEqual(acl.inputs.rules[3].statement.rateBasedStatement, { limit: 2000, evaluationWindowSec: 300, aggregateKeyType: "IP" });
      assert.equal(distribution.webAclId, acl.computed.arn);
    });

    it("lets bodies of up to 16 KB through, all of them inspected, instead of the Core Rule Set's 8 KB", () => {
      const acl = one(e, E.webAcl).inputs;
      assert.deepEqual(acl.associationConfig, { requestBodies: [{ cloudfront: { defaultSizeInspectionLimit: "KB_16" } }] });
      const [size, common] = acl.rules;
      assert.deepEqual(size.action, { block: {} });
      assert.equal(size.statement.sizeConstraintStatement.size, 16384);
      assert.equal(size.statement.sizeConstraintStatement.fieldToMatch.body.oversizeHandling, "MATCH");
      assert.deepEqual(common.statement.managedRuleGroupStatement.ruleActionOverrides, [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }]);
    });

    it("logs the web ACL's requests to an encrypted aws-waf-logs-* group in us-east-1, credentials redacted", () => {
      const logging = one(e, E.wafLogging).inputs;
      const group = one(e, E.logGroup, "edge-waf-logs");
      const key = one(e, E.key, "edge-waf-logs-key");
      assert.equal(logging.region, "us-east-1");
      assert.equal(logging.resourceArn, one(e, E.webAcl).computed.arn);
      assert.deepEqual(logging.logDestinationConfigs, [group.computed.arn]);
      assert.deepEqual(logging.redactedFields, [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }]);
      assert.equal(group.inputs.name, `aws-waf-logs-platform-${stack}-edge`);
      assert.equal(group.inputs.region, "us-east-1");
      assert.equal(group.inputs.kmsKeyId, key.computed.arn);
      assert.equal(group.inputs.retentionInDays, one(e, E.logGroup, "-logs-web").inputs.retentionInDays);
      assert.equal(key.inputs.region, "us-east-1");
      assert.equal(key.inputs.enableKeyRotation, true);
      const logsGrant = JSON.parse(key.inputs.policy).Statement.find((s: Record<string, any>) => s.Principal.Service === "logs.us-east-1.amazonaws.com");
      assert.deepEqual(logsGrant.Condition, {
        ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-platform-${stack}-edge` },
      });
    });

    it("adds the security response headers to every behaviour", () => {
      const policy = one(e, E.responseHeaders);
      const headers = policy.inputs.securityHeadersConfig;
      assert.equal(headers.strictTransportSecurity.accessControlMaxAgeSec, 31_536_000);
      assert.equal(headers.strictTransportSecurity.override, true);
      assert.deepEqual(headers.contentTypeOptions, { override: true });
      assert.equal(headers.frameOptions.frameOption, "DENY");
      assert.equal(headers.contentSecurityPolicy.contentSecurityPolicy, "frame-ancestors 'none'");
      assert.equal(headers.referrerPolicy.referrerPolicy, "strict-origin-when-cross-origin");
      for (const behaviour of [distribution.defaultCacheBehavior, ...distribution.orderedCacheBehaviors]) {
        assert.equal(behaviour.responseHeadersPolicyId, policy.id);
      }
    });

    it("passes Authorization and every other viewer value to the app uncached, and compresses only what it caches", () => {
      const app = distribution.defaultCacheBehavior;
      assert.equal(app.cachePolicyId, MANAGED_CACHE_POLICY.cachingDisabled);
      assert.equal(app.originRequestPolicyId, MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader);
      assert.equal(app.compress, false);
      for (const b of distribution.orderedCacheBehaviors) assert.equal(b.compress, true);
    });

    it("has the ALB answer 403 unless the request carries the origin header", () => {
      const https = one(e, E.listener, "compute-lb-https").inputs;
      assert.deepEqual(
        https.defaultActions.map((a: Record<string, any>) => [a.type, a.fixedResponse?.statusCode]),
        [["fixed-response", "403"]],
      );
      const rule = one(e, E.listenerRule, "compute-lb-from-edge").inputs;
      assert.deepEqual(rule.conditions, [{ httpHeader: { httpHeaderName: ORIGIN_HEADER_NAME, values: [originHeaderValue(e)] } }]);
      assert.deepEqual(
        ofType(e, E.secret)
          .map((s) => s.inputs.name)
          .filter((n: string) => n.includes("/edge/")),
        [`platform-${stack}/edge/origin-header`],
      );
      assert.equal(rule.actions[0].type, "forward");
      assert.match(originHeaderValue(e), /^[A-Za-z0-9]{64}$/);
    });

    it("exports the public URL, distribution id and domain", () => {
      const outputs = e.outputs as Record<string, unknown>;
      assert.equal(outputs.url, `https://${stack}.example.com`);
      assert.equal(outputs.distributionId, one(e, E.distribution).id);
      assert.match(String(outputs.distributionDomainName), /\.cloudfront\.net$/);
    });
  });
}

describe("origin header rotation", () => {
  const generations = async (list: number[]) => {
    const e = await evaluatedWith("prod", { config: { "platform:edge": { originSecretGenerations: list } } });
    const valueOf = (generation: number) =>
      one(e, E.secretVersion, generation === 1 ? "origin-header-value" : `origin-header-v${generation}-value`).inputs.secretString;
    const origins = one(e, E.distribution).inputs.origins as Record<string, any>[];
    return {
      e,
      valueOf,
      sent: origins.find((o) => o.originId === ORIGIN_IDS.web)?.customHeaders[0].value,
      accepted: one(e, E.listenerRule, "compute-lb-from-edge").inputs.conditions[0].httpHeader.values,
      secrets: ofType(e, E.secret)
        .map((s) => s.inputs.name)
        .filter((n: string) => n.includes("/edge/")),
    };
  };

  it("accepts a second generation at the ALB while CloudFront still sends the first", async () => {
    const { valueOf, sent, accepted, secrets } = await generations([1, 2]);
    assert.deepEqual(secrets, ["platform-prod/edge/origin-header", "platform-prod/edge/origin-header-v2"]);
    assert.equal(sent, valueOf(1));
    assert.deepEqual(accepted, [valueOf(1), valueOf(2)]);
  });

  it("switches CloudFront to the second generation while the ALB still accepts both", async () => {
    const { valueOf, sent, accepted } = await generations([2, 1]);
    assert.equal(sent, valueOf(2));
    assert.deepEqual(accepted, [valueOf(2), valueOf(1)]);
  });

  it("retires the first generation: one secret, one accepted value, the one CloudFront sends", async () => {
    const { valueOf, sent, accepted, secrets } = await generations([2]);
    assert.deepEqual(secrets, ["platform-prod/edge/origin-header-v2"]);
    assert.equal(sent, valueOf(2));
    assert.deepEqual(accepted, [sent]);
  });
});

describe("edge of load-test", () => {
  it("is off by default: the ALB keeps the public name and forwards every request", async () => {
    const e = await evaluated("load-test");
    assert.equal(ofType(e, E.distribution).length, 0);
    assert.equal(ofType(e, E.listenerRule).filter((r) => r.name.includes("from-edge")).length, 0);
    assert.equal(one(e, E.listener, "compute-lb-https").inputs.defaultActions[0].type, "forward");
    assert.equal(one(e, E.record, "compute-lb-alias").inputs.name, "load-test.example.com");
    assert.equal((e.outputs as Record<string, unknown>).distributionId, undefined);
  });

  it("builds the edge when config turns it on", async () => {
    const e = await evaluatedWith("load-test", { config: { "platform:edge": { enabled: true, priceClass: "PriceClass_200" } } });
    assert.equal(one(e, E.distribution).inputs.priceClass, "PriceClass_200");
  });
});
