import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { edgeDeployabilityRules } from "../../policy/deployability/edge";
import { violations, type Violation } from "../../policy/rules";
import { declaredUnderMocks } from "../support/policy-view";

/** A distribution with its certificate, and a CLOUDFRONT web ACL that logs to CloudWatch Logs, as the edge builds them. */
interface EdgeParts {
  certificateRegion?: string;
  webAclRegion?: string;
  logGroup?: { name: string; region?: string };
}

function edge({ certificateRegion = "us-east-1", webAclRegion = "us-east-1", logGroup = { name: "aws-waf-logs-edge", region: "us-east-1" } }: EdgeParts) {
  return (provider: aws.Provider) => {
    const opts = { provider };
    const certificate = new aws.acm.Certificate(
      "edge-certificate",
      { region: certificateRegion, domainName: "prod.example.com", validationMethod: "DNS" },
      opts,
    );
    const validated = new aws.acm.CertificateValidation("edge-certificate-validated", { region: certificateRegion, certificateArn: certificate.arn }, opts);
    const acl = new aws.wafv2.WebAcl(
      "edge-waf",
      {
        region: webAclRegion,
        scope: "CLOUDFRONT",
        defaultAction: { allow: {} },
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "edge", sampledRequestsEnabled: true },
      },
      opts,
    );
    const group = new aws.cloudwatch.LogGroup("edge-waf-logs", { region: logGroup.region, name: logGroup.name, retentionInDays: 30 }, opts);
    new aws.wafv2.WebAclLoggingConfiguration("edge-waf-logging", { region: webAclRegion, resourceArn: acl.arn, logDestinationConfigs: [group.arn] }, opts);
    new aws.cloudfront.Distribution(
      "edge-distribution",
      {
        enabled: true,
        webAclId: acl.arn,
        origins: [{ originId: "web", domainName: "origin.prod.example.com" }],
        defaultCacheBehavior: {
          targetOriginId: "web",
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD"],
          cachedMethods: ["GET", "HEAD"],
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { acmCertificateArn: validated.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
      },
      opts,
    );
  };
}

const cachePolicy = (ttl: number, keys: Record<string, unknown>) => (provider: aws.Provider) => {
  new aws.cloudfront.CachePolicy(
    "app-cache",
    {
      minTtl: ttl,
      defaultTtl: ttl,
      maxTtl: ttl,
      parametersInCacheKeyAndForwardedToOrigin: {
        cookiesConfig: { cookieBehavior: "none" },
        headersConfig: { headerBehavior: "none" },
        queryStringsConfig: { queryStringBehavior: "none" },
        ...keys,
      },
    },
    { provider },
  );
};

const originRequestPolicy = (headers: string[]) => (provider: aws.Provider) => {
  new aws.cloudfront.OriginRequestPolicy(
    "app-origin-request",
    {
      cookiesConfig: { cookieBehavior: "all" },
      headersConfig: { headerBehavior: "whitelist", headers: { items: headers } },
      queryStringsConfig: { queryStringBehavior: "all" },
    },
    { provider },
  );
};

async function found(program: (provider: aws.Provider) => void): Promise<Violation[]> {
  return violations(await declaredUnderMocks("prod", program), edgeDeployabilityRules);
}

describe("deployability rules of the edge", () => {
  it("every rule names its source", () => {
    for (const rule of edgeDeployabilityRules) assert.ok(rule.source, rule.name);
  });

  it("pass the edge as it is built: certificate, web ACL and its logs in us-east-1", async () => {
    assert.deepEqual(await found(edge({})), []);
  });

  const broken: { what: string; program: (provider: aws.Provider) => void; rule: string; message: RegExp }[] = [
    {
      what: "a distribution whose certificate is in the stack's region",
      program: edge({ certificateRegion: "eu-west-1" }),
      rule: "cloudfront-certificate-in-us-east-1",
      message: /"edge-distribution" uses ACM certificate .*"edge-certificate" from eu-west-1; CloudFront takes only us-east-1/,
    },
    {
      what: "a CLOUDFRONT web ACL in the stack's region",
      program: edge({ webAclRegion: "eu-west-1", logGroup: { name: "aws-waf-logs-edge", region: "eu-west-1" } }),
      rule: "cloudfront-web-acl-in-us-east-1",
      message: /"edge-waf" has scope CLOUDFRONT but is created in eu-west-1/,
    },
    {
      what: "WAF logs to a log group without the aws-waf-logs- prefix",
      program: edge({ logGroup: { name: "edge-waf", region: "us-east-1" } }),
      rule: "waf-log-destination",
      message: /"edge-waf-logging" logs to .*log-group:edge-waf, whose name does not start with aws-waf-logs-/,
    },
    {
      what: "a CLOUDFRONT web ACL logging to the stack's region",
      program: edge({ logGroup: { name: "aws-waf-logs-edge" } }),
      rule: "waf-log-destination",
      message: /"edge-waf-logging" logs the CLOUDFRONT web ACL .*"edge-waf" to arn:aws:logs:eu-west-1:.* in eu-west-1; it must be us-east-1/,
    },
    {
      what: "a caching-disabled cache policy that enables compression",
      program: cachePolicy(0, { enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true }),
      rule: "cache-policy-caching-disabled",
      message: /"app-cache" disables caching \(all TTLs 0\) but sets enableAcceptEncodingGzip, enableAcceptEncodingBrotli/,
    },
    {
      what: "a caching-disabled cache policy with Authorization in its key",
      program: cachePolicy(0, { headersConfig: { headerBehavior: "whitelist", headers: { items: ["Authorization"] } } }),
      rule: "cache-policy-caching-disabled",
      message: /"app-cache" disables caching .* but sets headers/,
    },
    {
      what: "an origin request policy that forwards Authorization",
      program: originRequestPolicy(["Accept-Language", "authorization"]),
      rule: "origin-request-policy-authorization",
      message: /"app-origin-request" forwards Authorization/,
    },
  ];
  it("every rule has a broken case", () => {
    for (const rule of edgeDeployabilityRules)
      assert.ok(
        broken.some((b) => b.rule === rule.name),
        `no broken case for ${rule.name}`,
      );
  });

  for (const { what, program, rule, message } of broken) {
    it(`catch ${what}`, async () => {
      const violated = await found(program);
      assert.ok(
        violated.some((v) => v.rule === rule && message.test(v.message)),
        JSON.stringify(violated),
      );
    });
  }

  it("let a cache policy that caches carry Authorization and compression, and one that does not cache carry nothing", async () => {
    assert.deepEqual(
      await found(cachePolicy(1, { enableAcceptEncodingGzip: true, headersConfig: { headerBehavior: "whitelist", headers: { items: ["Authorization"] } } })),
      [],
    );
    assert.deepEqual(await found(cachePolicy(0, {})), []);
    assert.deepEqual(await found(originRequestPolicy(["Accept-Language"])), []);
  });
});
