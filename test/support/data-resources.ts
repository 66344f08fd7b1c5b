import { strict as assert } from "assert";
import type { EnvironmentConfig } from "../../config/load";
import type { Evaluation } from "../../offline/evaluate";
import { ofType, one } from "./harness";

export const D = {
  cluster: "aws:rds/cluster:Cluster",
  instance: "aws:rds/clusterInstance:ClusterInstance",
  dbParams: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  scalingTarget: "aws:appautoscaling/target:Target",
  scalingPolicy: "aws:appautoscaling/policy:Policy",
  dbSubnets: "aws:rds/subnetGroup:SubnetGroup",
  cache: "aws:elasticache/replicationGroup:ReplicationGroup",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  redriveAllow: "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy",
  bucket: "aws:s3/bucket:Bucket",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  vault: "aws:backup/vault:Vault",
  plan: "aws:backup/plan:Plan",
  selection: "aws:backup/selection:Selection",
  record: "aws:route53/record:Record",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
} as const;

export function found<V>(value: V | undefined, what: string): V {
  assert.ok(value !== undefined, `no ${what}`);
  return value;
}

export const dataOf = (e: Evaluation) => (e.config as EnvironmentConfig).data;
export const clusterOf = (e: Evaluation) => one(e, D.cluster);
export const writerOf = (e: Evaluation) => one(e, D.instance, "-db-writer");
export const readersOf = (e: Evaluation) => ofType(e, D.instance).filter((r) => r.name.includes("-db-reader-"));
export const dataSubnetIds = (e: Evaluation) =>
  ofType(e, "aws:ec2/subnet:Subnet")
    .filter((s) => s.inputs.tags?.tier === "data")
    .map((s) => s.id);
export const groupId = (e: Evaluation, tier: string) =>
  ofType(e, "aws:ec2/securityGroup:SecurityGroup").find((g) => g.inputs.tags?.Name === `${e.config.namePrefix}-${tier}`)?.id;
