import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketPolicy } from "./bucket-policy";

/** S3-managed keys where a service cannot use KMS (load balancer log delivery), else a customer key. */
export type BucketEncryption = { kind: "kms"; keyArn: pulumi.Input<string> } | { kind: "s3-managed" };

export interface SecureBucketArgs {
  /** Turn on S3 versioning (old versions then expire by the lifecycle rules). */
  versioned: boolean;
  /** Default encryption: SSE-KMS under the given key (with an S3 Bucket Key), or SSE-S3. */
  encryption: BucketEncryption;
  /** The bucket's lifecycle rules, as S3 takes them. */
  lifecycleRules: aws.types.input.s3.BucketLifecycleConfigurationRule[];
  /** Statements beside the TLS-only one, given the bucket's ARN, e.g. for a log delivery service; unset, none. */
  extraStatements?: (bucketArn: string) => pulumi.Input<object[]>;
  /** Let `pulumi destroy` delete a bucket that still holds objects. */
  forceDestroy: boolean;
  /** Keep the bucket itself from `pulumi destroy` (its policy and settings stay free to change). */
  protect: boolean;
}

/** A private bucket: public access blocked, owner-enforced, encrypted, TLS only, with lifecycle rules. */
export class SecureBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  /**
   * The name, resolving only once the bucket policy is in place: for services that check the policy
   * when they are configured (an ALB's access logs fail with Access Denied before it).
   */
  readonly bucketNameWithPolicy: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly bucketRegionalDomainName: pulumi.Output<string>;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:storage:SecureBucket", name, {}, opts);
    const parent = { parent: this };
    const bucket = new aws.s3.Bucket(name, { forceDestroy: args.forceDestroy }, { parent: this, protect: args.protect });
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      parent,
    );
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.id,
        rules: [
          args.encryption.kind === "kms"
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.encryption.keyArn }, bucketKeyEnabled: true }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      parent,
    );
    const versioning = args.versioned
      ? [new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, parent)]
      : [];
    if (args.lifecycleRules.length > 0) {
      new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket: bucket.id, rules: args.lifecycleRules }, { parent: this, dependsOn: versioning });
    }
    const extra = args.extraStatements;
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: bucket.arn.apply((arn) => pulumi.output(extra ? extra(arn) : []).apply((statements) => bucketPolicy(arn, statements as object[]))),
      },
      { parent: this, dependsOn: [publicAccess] },
    );
    this.bucketName = bucket.bucket;
    this.bucketNameWithPolicy = pulumi.all([bucket.bucket, policy.id]).apply(([bucketName]) => bucketName);
    this.bucketArn = bucket.arn;
    this.bucketRegionalDomainName = bucket.bucketRegionalDomainName;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
