import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assetsLifecycleRules, logsLifecycleRules, resultsLifecycleRules, type ResultsLifecycle } from "./bucket-lifecycle-plan";
import { loadBalancerLogDelivery, loadBalancerLogStatement } from "../../lib/elb-log-delivery";
import { SecureBucket } from "../../lib/secure-bucket";

export interface BucketSettings {
  /** Lifecycle of the results bucket: days to Glacier Instant Retrieval, to Glacier, and of old versions (`platform:data.results`). */
  results: ResultsLifecycle;
  /** Days after which log objects expire (`platform:data.logs`). */
  logs: { expirationDays: number };
  /** Days an overwritten or deleted asset version is kept (`platform:data.assets`). */
  assets: { noncurrentVersionDays: number };
}

export interface BucketsArgs {
  /** The stack's region: picks how load balancer log delivery is granted (ELB account or service principal). */
  region: string;
  /** The stack's account, the only source the log delivery statement accepts. */
  accountId: pulumi.Input<string>;
  /** Lifecycle of the three buckets. */
  settings: BucketSettings;
  /** The stack key, which encrypts the results bucket; logs and assets use SSE-S3 (log delivery and CloudFront need it). */
  kmsKeyArn: pulumi.Input<string>;
  /** Keep the buckets from `pulumi destroy`; otherwise let it empty them. */
  protect: boolean;
  /** Grants of other tiers (e.g. CloudFront reading assets, writing access logs), each bucket keeping one policy; unset, none. */
  extraStatements?: BucketGrants;
}

/** Statements to add to a bucket's policy, given the bucket's ARN. */
export type BucketGrants = Partial<Record<"logs" | "assets", (bucketArn: string) => pulumi.Input<object[]>>>;

/** The environment's buckets: processed results, logs (with load balancer log delivery) and static assets. */
export class Buckets extends pulumi.ComponentResource {
  readonly results: SecureBucket;
  readonly logs: SecureBucket;
  readonly assets: SecureBucket;

  constructor(name: string, args: BucketsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Buckets", name, {}, opts);
    const parent = { parent: this };
    const s = args.settings;
    const lifetime = { forceDestroy: !args.protect, protect: args.protect };
    this.results = new SecureBucket(
      `${name}-results`,
      {
        versioned: true,
        encryption: { kind: "kms", keyArn: args.kmsKeyArn },
        lifecycleRules: resultsLifecycleRules(s.results),
        ...lifetime,
      },
      parent,
    );

    const elbAccountArn =
      loadBalancerLogDelivery(args.region).kind === "elb-account"
        ? aws.elb.getServiceAccountOutput({ region: args.region }, parent).arn
        : pulumi.output(undefined);
    this.logs = new SecureBucket(
      `${name}-logs`,
      {
        versioned: false,
        // Load balancer access logs can only be written with S3-managed keys (ALB access log docs).
        encryption: { kind: "s3-managed" },
        lifecycleRules: logsLifecycleRules(s.logs.expirationDays),
        extraStatements: (bucketArn) =>
          pulumi
            .all([args.accountId, elbAccountArn, args.extraStatements?.logs?.(bucketArn) ?? []])
            .apply(([accountId, elbArn, extra]) => [loadBalancerLogStatement(bucketArn, accountId, args.region, elbArn), ...extra]),
        ...lifetime,
      },
      parent,
    );
    // Served through CloudFront later; SSE-S3 lets an origin access control read it without a key grant.
    this.assets = new SecureBucket(
      `${name}-assets`,
      {
        versioned: true,
        encryption: { kind: "s3-managed" },
        lifecycleRules: assetsLifecycleRules(s.assets.noncurrentVersionDays),
        extraStatements: args.extraStatements?.assets,
        ...lifetime,
      },
      parent,
    );
    this.registerOutputs({ results: this.results.bucketName, logs: this.logs.bucketName, assets: this.assets.bucketName });
  }
}
