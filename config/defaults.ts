import { INSTANCE_API_ENDPOINTS } from "../tiers/network/interface-endpoints-plan";
import type { Role } from "./roles";

type ConfigDefaults = Record<string, unknown>;

const common: ConfigDefaults = {
  "platform:service": "platform",
};

const environment: ConfigDefaults = {
  ...common,
  "platform:ports": { web: 8080, proxy: 3128, database: 5432, cache: 6379 },
  "platform:jobs": {
    cpu: 512,
    memory: 1024,
    timeZone: "UTC",
    migrationCommand: ["bin/migrate"],
    schedules: [{ name: "nightly-cleanup", cron: "cron(0 3 * * ? *)", command: ["bin/cleanup"] }],
  },
  // Task size and rollout of the tiers whose runtime is containers.
  "platform:containers": { capacity: "fargate", cpu: 1024, memory: 2048, minHealthyPercent: 100, maxPercent: 200 },
};

// A release goes to one instance, then to a quarter of the tier at a time (npm run release): prod's 300 web instances in
// about 290 s (tiers/compute/rollout-plan.ts). The restart and boot times are assumptions for the estimate.
const deploy = { canaryInstances: 1, batchPercent: 25, restartSeconds: 10, bootSeconds: 90 };
// How the web and worker tiers run, beside their sizes; roles override parts of it below.
const web = {
  healthCheckPath: "/healthz",
  healthCheckGraceSeconds: 300,
  targetRequestsPerInstance: 1000,
  targetCpuPercent: 60,
  // Web requests last well under a second (the latency objective is 300 ms): 20 s drains them, and keeps a release short.
  deregistrationDelaySeconds: 20,
  healthCheckIntervalSeconds: 5,
  healthyThreshold: 2,
  slowStartSeconds: 60,
  minHealthyPercentage: 90,
  maxHealthyPercentage: 100,
  runtime: "instances",
  deploy,
};
const worker = { backlogPerInstance: 100, targetCpuPercent: 70, minHealthyPercentage: 90, maxHealthyPercentage: 100, runtime: "instances", deploy };
// Spot above an on-demand base, burstable Graviton types first: the cheap roles.
const cheapTier = { instanceTypes: ["t4g.medium", "t4g.large", "m7g.medium", "m6g.medium"], purchase: "spot", onDemandBase: 1 };
const onDemandTier = { instanceTypes: ["m7g.large"], purchase: "on-demand", onDemandBase: 0 };
// The egress proxy: AWS APIs without a VPC endpoint and the Amazon Linux repositories dnf reads; a stack's
// allowedDomains replaces the list, so it repeats them.
const proxy = { allowedDomains: [".amazonaws.com", ".amazonlinux.com"], targetCpuPercent: 60 };
// The data tier: Aurora PostgreSQL, a cache, queues, buckets and backups; roles set sizes and retention below.
const data = {
  engine: "aurora-postgresql",
  engineVersion: "17.7",
  windows: { backup: "03:00-04:00", maintenance: "sun:05:00-sun:06:00" },
  monitoringIntervalSeconds: 60,
  performanceInsightsRetentionDays: 7,
  queues: {
    maxReceiveCount: 5,
    // Longer than the longest a worker spends on one message of each queue.
    visibilityTimeoutSeconds: { events: 60, tasks: 900, notifications: 120 },
    messageRetentionSeconds: 345600,
    // The maximum, so a failed message outlives its original in the source queue.
    deadLetterRetentionSeconds: 1209600,
    receiveWaitTimeSeconds: 20,
  },
  results: { glacierInstantRetrievalDays: 30, glacierDays: 180, noncurrentVersionDays: 30 },
};
const cacheWindows = { snapshot: "01:00-02:00", maintenance: "sun:06:30-sun:07:30" };
// Alarm thresholds (platform:observability); the data-tier ones follow each role's instance and storage sizes.
const thresholds = {
  http5xxPercent: 1,
  cpuPercent: 80,
  workerBacklogAgeSeconds: 300,
  databaseCpuPercent: 80,
  // Aurora's volume grows by itself; what runs out is each instance's local storage (temporary tables, sorts, logs).
  databaseFreeStorageGiB: 5,
  databaseFreeableMemoryMiB: 1024,
  databaseConnections: 1000,
  databaseLatencyMs: 20,
  replicaLagSeconds: 30,
  cacheCpuPercent: 75,
  cacheMemoryPercent: 80,
  cacheEvictions: 100,
  cacheReplicationLagSeconds: 5,
  queueAgeSeconds: 900,
  proxyCpuPercent: 80,
  applicationErrors: 10,
};
// CloudFront in front of dev and prod; a load test measures the ALB and the tiers, so it goes around the edge.
// 16 KB bodies: AWS WAF inspects that much without extra fees; larger uploads go to S3 (tiers/edge/README.md).
const edge = { priceClass: "PriceClass_100", rateLimit: 2000, evaluationWindowSec: 300, maxRequestBodyKb: 16, originSecretGenerations: [1] };
const observability = { latencyObjectiveMs: 300, escalateToOrgTopic: false, externalHealthCheck: true, thresholds };
const noRecipients = { emails: [], httpsEndpoints: [] };

/**
 * What each role gets when its stack file says nothing: the single place where
 * environments differ by default. A stack file overrides any part of it.
 *
 * NAT per role, held against a new account's default quotas of 5 Elastic IPs and 5 VPCs per region
 * (Amazon VPC quotas; the default VPC is one of the five). The app security groups allow no direct
 * internet egress (HTTPS goes through the proxy, whose instances have auto-assigned public addresses,
 * which are no Elastic IPs; AWS APIs through endpoints), so a NAT carries nothing today. The documented
 * set in one region (shared, dev, prod, load-test and one `npm run env -- create`): Elastic IPs 3
 * (prod's NAT per zone; shared has no VPC), VPCs 4 + the default VPC = 5; the load generators' VPC is
 * in their own region. A second ephemeral dev stack needs the default VPC deleted or a VPC quota increase.
 */
export const ROLE_DEFAULTS: Record<Role, ConfigDefaults> = {
  shared: {
    ...common,
    "platform:protect": true,
    "platform:releases": { noncurrentVersionDays: 180 },
    "platform:registry": { untaggedImageDays: 7, keepImages: 200 },
    "platform:baseImage": { architecture: "arm64" },
    "platform:publicZone": "create",
    "platform:alerts": { emails: [], httpsEndpoints: [] },
  },
  dev: {
    ...environment,
    "platform:protect": false,
    "platform:network": {
      cidr: "10.10.0.0/16",
      azCount: 2,
      // Every ephemeral dev-<name> copies this: with a NAT each would take one of the region's 5 Elastic IPs.
      nat: "none",
      flowLogRetentionDays: 7,
      interfaceEndpoints: [...INSTANCE_API_ENDPOINTS],
    },
    // Launch before terminate: a release never leaves dev's single instance replaced by nothing (and alarming).
    "platform:web": { min: 1, desired: 1, max: 4, ...web, ...cheapTier, minHealthyPercentage: 100, maxHealthyPercentage: 200 },
    "platform:worker": { min: 1, desired: 1, max: 4, ...worker, ...cheapTier, minHealthyPercentage: 100, maxHealthyPercentage: 200 },
    "platform:containers": { capacity: "fargate-spot", cpu: 512, memory: 1024, minHealthyPercent: 0, maxPercent: 200 },
    "platform:data": {
      ...data,
      // One burstable writer, no reader: no failover target (Aurora recreates a lost writer in place), the cheapest cluster.
      instanceClass: "db.t4g.medium",
      storage: "standard",
      readers: 0,
      backupRetentionDays: 1,
      cache: { engine: "valkey", engineVersion: "8.0", nodeType: "cache.t4g.micro", replicas: 0, snapshotRetentionDays: 1, windows: cacheWindows },
      results: { ...data.results, noncurrentVersionDays: 7 },
      logs: { expirationDays: 14 },
      assets: { noncurrentVersionDays: 7 },
      backups: { dailyRetentionDays: 7, weeklyRetentionDays: 14 },
    },
    "platform:proxy": { ...proxy, instanceType: "t4g.small", min: 2, desired: 2, max: 4, targetNetworkOutMbps: 50, logRetentionDays: 7 },
    "platform:observability": {
      ...observability,
      // Dev sleeps outside availability hours: an outside check would report it down every night.
      externalHealthCheck: false,
      logRetentionDays: 7,
      monthlyBudgetUsd: 500,
      // db.t4g.medium with 20 GB: smaller absolute limits; errors are expected while developing.
      thresholds: { ...thresholds, http5xxPercent: 5, databaseFreeStorageGiB: 2, databaseFreeableMemoryMiB: 256, databaseConnections: 300 },
    },
    "platform:alerts": noRecipients,
    "platform:edge": { ...edge, enabled: true },
    "platform:compute": {
      architecture: "arm64",
      // Nobody works at night or at weekends: everything is at zero from Friday evening to Monday morning.
      availabilityHours: { timeZone: "Europe/Dublin", start: "0 8 * * MON-FRI", stop: "0 20 * * MON-FRI" },
    },
  },
  prod: {
    ...environment,
    "platform:protect": true,
    "platform:network": {
      cidr: "10.0.0.0/16",
      azCount: 3,
      nat: "per-az",
      flowLogRetentionDays: 90,
      interfaceEndpoints: [...INSTANCE_API_ENDPOINTS],
    },
    "platform:web": { min: 3, desired: 6, max: 300, ...web, ...onDemandTier },
    "platform:worker": { min: 2, desired: 3, max: 100, ...worker, ...onDemandTier, instanceTypes: ["c7g.large"] },
    "platform:data": {
      ...data,
      // A writer and two readers, one per zone, each a failover target; auto scaling adds readers for a peak.
      instanceClass: "db.r7g.large",
      storage: "io-optimized",
      readers: 2,
      readerAutoScaling: { maxReaders: 6, targetCpuPercent: 60 },
      backupRetentionDays: 14,
      performanceInsightsRetentionDays: 31,
      cache: { engine: "valkey", engineVersion: "8.0", nodeType: "cache.r7g.large", replicas: 2, snapshotRetentionDays: 7, windows: cacheWindows },
      logs: { expirationDays: 365 },
      assets: { noncurrentVersionDays: 90 },
      backups: { dailyRetentionDays: 35, weeklyRetentionDays: 90 },
    },
    "platform:proxy": { ...proxy, instanceType: "c7g.large", min: 3, desired: 3, max: 12, targetNetworkOutMbps: 300, logRetentionDays: 90 },
    "platform:observability": { ...observability, escalateToOrgTopic: true, logRetentionDays: 90, monthlyBudgetUsd: 10000 },
    "platform:alerts": noRecipients,
    "platform:edge": { ...edge, enabled: true, priceClass: "PriceClass_All" },
    "platform:compute": { architecture: "arm64" },
  },
  "load-test": {
    ...environment,
    "platform:protect": false,
    "platform:network": {
      cidr: "10.30.0.0/16",
      azCount: 3,
      // The system under test copies prod's tier shape, not its NAT: nothing in the app subnets can use one.
      nat: "none",
      flowLogRetentionDays: 3,
      interfaceEndpoints: [...INSTANCE_API_ENDPOINTS],
    },
    "platform:web": { min: 3, desired: 6, max: 300, ...web, ...cheapTier, instanceTypes: ["m7g.large", "m6g.large", "c7g.xlarge"], onDemandBase: 2 },
    "platform:worker": { min: 2, desired: 3, max: 100, ...worker, ...cheapTier, instanceTypes: ["c7g.large", "c6g.large", "m7g.large"] },
    "platform:data": {
      ...data,
      // Overridden by the mirrored stack's shape (class, readers, reader scaling).
      instanceClass: "db.r7g.large",
      storage: "standard",
      readers: 2,
      readerAutoScaling: { maxReaders: 6, targetCpuPercent: 60 },
      backupRetentionDays: 1,
      cache: { engine: "valkey", engineVersion: "8.0", nodeType: "cache.r7g.large", replicas: 2, snapshotRetentionDays: 1, windows: cacheWindows },
      results: { ...data.results, noncurrentVersionDays: 1 },
      logs: { expirationDays: 7 },
      assets: { noncurrentVersionDays: 1 },
      backups: { dailyRetentionDays: 3, weeklyRetentionDays: 7 },
    },
    "platform:proxy": { ...proxy, instanceType: "c7g.large", min: 3, desired: 3, max: 12, targetNetworkOutMbps: 300, logRetentionDays: 3 },
    "platform:observability": { ...observability, logRetentionDays: 3, monthlyBudgetUsd: 2000, thresholds: { ...thresholds, http5xxPercent: 2 } },
    "platform:alerts": noRecipients,
    "platform:edge": { ...edge, enabled: false },
    // The generator fleet: k6 on spot in another region (default: see defaultGeneratorRegion).
    "platform:loadTest": {
      cidr: "10.31.0.0/20",
      count: 20,
      instanceTypes: ["c7g.large", "c6g.large", "c7g.xlarge", "m7g.large"],
      k6Version: "1.4.2",
      run: "default",
      scenario: { arrivalRate: 2000, rampUp: "10m", duration: "30m", paths: ["/"], maxVirtualUsers: 500 },
    },
    "platform:compute": { architecture: "arm64" },
  },
};
