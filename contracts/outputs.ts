import { z } from "zod";
import { ARCHITECTURES } from "../lib/instance-types";

/**
 * What each role exports, and so what a reader of its stack may rely on. The schemas are
 * the types (a change here breaks the compile of every reader) and check a referenced
 * stack's outputs at run time, so a stale or foreign stack fails with a named output.
 */
export const sharedOutputs = z.object({
  releaseBucketName: z.string().min(1),
  releaseBucketArn: z.string().startsWith("arn:"),
  repositoryUrl: z.string().min(1),
  repositoryArn: z.string().startsWith("arn:"),
  domain: z.string().min(1),
  publicZoneId: z.string().min(1),
  /** Where the domain must be delegated (at its registrar or parent zone) for certificates to validate. */
  publicZoneNameServers: z.array(z.string()).min(1),
  /** An SSM parameter whose value is the AMI every tier boots from; use as `resolve:ssm:<name>`. */
  baseImageParameter: z.string().startsWith("/"),
  orgAlertTopicArn: z.string().startsWith("arn:"),
});
export type SharedOutputs = z.infer<typeof sharedOutputs>;

const queue = z.object({
  url: z.string().startsWith("https://"),
  arn: z.string().startsWith("arn:"),
  deadLetterUrl: z.string().startsWith("https://"),
  deadLetterArn: z.string().startsWith("arn:"),
});
/** The Auto Scaling groups that take releases in place, by name part, in rollout order: web before worker. */
export const RELEASE_GROUP_PARTS = ["web", "web-beta", "worker"] as const;
export type ReleaseGroupPart = (typeof RELEASE_GROUP_PARTS)[number];

/** A group `npm run release` deploys in place: its name, then its canary and batch sizes (platform:<tier>.deploy). */
const releaseGroup = z.object({
  groupName: z.string().min(1),
  canaryInstances: z.number().int().min(1),
  batchPercent: z.number().int().min(1).max(100),
});
export type ReleaseGroupOutput = z.infer<typeof releaseGroup>;

const tierShape = z.object({
  min: z.number().int(),
  desired: z.number().int(),
  max: z.number().int(),
  instanceTypes: z.array(z.string().min(1)).min(1),
});

/** What a mirror (load-test) copies to stand up the same system: the tiers' sizes and types, the data tier's classes and replicas. */
export const environmentShape = z.object({
  architecture: z.enum(ARCHITECTURES),
  web: tierShape,
  worker: tierShape,
  database: z.object({
    instanceClass: z.string().startsWith("db."),
    /** Aurora reader instances the cluster declares, each a failover target in another zone. */
    readers: z.number().int().min(0),
    readerAutoScaling: z.object({ maxReaders: z.number().int().min(1), targetCpuPercent: z.number() }).optional(),
  }),
  cache: z.object({ nodeType: z.string().startsWith("cache."), replicas: z.number().int().min(0) }),
});
export type EnvironmentShape = z.infer<typeof environmentShape>;

export const environmentOutputs = z.object({
  role: z.enum(["dev", "prod", "load-test"]),
  region: z.string().min(1),
  vpcId: z.string().min(1),
  vpcCidr: z.string().min(1),
  availabilityZones: z.array(z.string()).min(2),
  publicSubnetIds: z.array(z.string()).min(2),
  appSubnetIds: z.array(z.string()).min(2),
  dataSubnetIds: z.array(z.string()).min(2),
  securityGroupIds: z.object({
    loadBalancer: z.string(),
    web: z.string(),
    worker: z.string(),
    proxyLoadBalancer: z.string(),
    proxy: z.string(),
    database: z.string(),
    cache: z.string(),
    endpoints: z.string(),
  }),
  internalZoneId: z.string().min(1),
  internalZoneName: z.string().min(1),
  kmsKeyArn: z.string().startsWith("arn:"),
  /** The shape a mirror (load-test) copies. */
  shape: environmentShape,
  /** The public entry: https://<stack>.<domain>, an alias of CloudFront when the edge is on, else of the load balancer. */
  url: z.string().startsWith("https://"),
  /** The CloudFront distribution in front of the environment; absent when `platform:edge.enabled` is false. */
  distributionId: z.string().min(1).optional(),
  distributionDomainName: z.string().endsWith(".cloudfront.net").optional(),
  loadBalancerDnsName: z.string().min(1),
  loadBalancerZoneId: z.string().min(1),
  targetGroupArn: z.string().startsWith("arn:"),
  /** Auto Scaling groups of the tiers that run on instances (absent for a tier on Fargate). */
  webGroupName: z.string().min(1).optional(),
  workerGroupName: z.string().min(1).optional(),
  /** The Session Manager document whose sessions are logged: `aws ssm start-session --document-name <it>`. */
  sessionDocumentName: z.string().min(1),
  /** The release version the tiers run; absent while none is pinned (and the instance tiers are empty). */
  release: z.string().min(1).optional(),
  /** The shared stack's release bucket, where `npm run release` checks that a version exists. */
  releaseBucketName: z.string().min(1),
  /** The Auto Scaling groups that take a release in place (the deploy document), by group part, with their batches; container tiers are absent. */
  releaseGroups: z.object({ web: releaseGroup.optional(), "web-beta": releaseGroup.optional(), worker: releaseGroup.optional() }),
  /** The SSM Command document of the deploy routine; absent when no tier runs on instances. */
  deployDocumentName: z.string().min(1).optional(),
  /** The SSM Command document that prints a named log's last lines on an instance; absent as the deploy document is. */
  logsDocumentName: z.string().min(1).optional(),
  /** The alarms a release stops on: Run Command's alarm and the script's watch. */
  releaseStopAlarmNames: z.array(z.string().min(1)),
  /** Where `npm run release -- <version> --migrate` runs the migration; absent until a release is pinned. */
  jobsClusterArn: z.string().startsWith("arn:").optional(),
  migrationTaskDefinitionArn: z.string().startsWith("arn:").optional(),
  /** The egress proxy, http://proxy.<internal zone>:<port>, for HTTPS_PROXY and HTTP_PROXY. */
  proxyUrl: z.string().startsWith("http://"),
  /** The Aurora cluster's writer endpoint, host:port; TLS only, IAM database authentication as the app or migrator user. */
  databaseEndpoint: z.string().min(1),
  /** The Aurora cluster's reader endpoint, host:port: balanced over the available readers, the writer while there are none. */
  databaseReaderEndpoint: z.string().min(1),
  /** The RDS-managed secret of the master user (not the value): for the migration task and break-glass access only. */
  databaseSecretArn: z.string().startsWith("arn:"),
  /** The Aurora cluster's identifier and the cache's replication group id, which the formation describes. */
  databaseClusterId: z.string().min(1),
  cacheReplicationGroupId: z.string().min(1),
  cacheEndpoint: z.string().min(1),
  cacheAuthTokenSecretArn: z.string().startsWith("arn:"),
  queues: z.record(z.enum(["events", "tasks", "notifications"]), queue),
  buckets: z.object({ results: z.string().min(1), logs: z.string().min(1), assets: z.string().min(1) }),
  /** The environment's alert topic: publish here to reach whoever watches this environment. */
  alertTopicArn: z.string().startsWith("arn:"),
  /** Every alarm of the environment by name (metric and composite), for the formation's open alarms. */
  alarmNames: z.array(z.string().min(1)),
  /** The CloudWatch dashboard of the environment, latency chart first. */
  dashboardName: z.string().min(1),
});
export type EnvironmentOutputs = z.infer<typeof environmentOutputs>;

/** A load-test stack: an environment (the system under test) and the generator fleet that loads it. */
export const loadTestOutputs = environmentOutputs.extend({
  /** The system under test's public entry, which the generators load. */
  targetUrl: z.string().startsWith("https://"),
  /** Full name of the stack whose shape and release the system under test copies. */
  mirroredStack: z.string().min(1),
  generatorRegion: z.string().min(1),
  generatorGroupName: z.string().min(1),
  /** s3://<results bucket>/load-tests/<run>/: one folder per generator and start time below it. */
  resultsLocation: z.string().startsWith("s3://"),
});
export type LoadTestOutputs = z.infer<typeof loadTestOutputs>;

/** What a stack program returns: every contract field, each possibly still an Output. */
export type Exports<T> = { [K in keyof T]: import("@pulumi/pulumi").Input<T[K]> };
