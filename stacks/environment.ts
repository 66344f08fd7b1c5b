import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, NetworkSettings } from "../config/load";
import { sharedOutputs, type EnvironmentOutputs, type Exports, type SharedOutputs } from "../contracts/outputs";
import { readStack, type Outputs } from "../contracts/reference";
import { Compute } from "../tiers/compute/compute";
import { Jobs } from "../tiers/compute/jobs";
import { clusterIdentifiers, clusterLogGroupPrefix } from "../tiers/data/aurora-plan";
import { Data } from "../tiers/data/data";
import { ApplicationLogs } from "../tiers/observability/log-groups";
import { SessionLogs } from "../tiers/observability/session-logs";
import { Network } from "../tiers/network/network";
import { S3EndpointPolicy } from "../tiers/network/s3-endpoint-policy";
import type { Observability } from "../tiers/observability/observability";
import type { SecurityGroupName } from "../tiers/network/security-group-rules-plan";
import { EgressProxy } from "../tiers/proxy/proxy";
import { StackKey } from "../lib/stack-key";
import { proxyEnvironment } from "../lib/proxy-environment";
import type { Edge } from "../tiers/edge/edge";
import { buildEdge, prepareEdge } from "./edge";
import { observeEnvironment } from "./observability";
import { computeData, migrationProfile } from "./application-access";
import { shapeOf } from "./mirror";
import { awsProvider } from "./provider";
import { deferred } from "./deferred";
import { releaseStopAlarmNames } from "../tiers/observability/alarm-catalogue";

/** Zone names from config, or the first available zones of the region (that need no opt-in). */
function availabilityZones(network: NetworkSettings, region: string, provider: aws.Provider): pulumi.Input<string>[] {
  if (network.availabilityZones) return network.availabilityZones;
  const available = aws.getAvailabilityZonesOutput({ state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] }, { provider });
  return Array.from({ length: network.azCount }, (_, i) =>
    available.names.apply((names) => {
      if (names.length < network.azCount) {
        throw new Error(`platform:network.azCount is ${network.azCount} but region ${region} has only ${names.length} available zones (${names.join(", ")})`);
      }
      return names[i];
    }),
  );
}

/** The parts every environment role builds, for the role's program to extend and export. */
export interface Environment {
  config: EnvironmentConfig;
  sessions: SessionLogs;
  provider: aws.Provider;
  shared: Outputs<SharedOutputs>;
  key: StackKey;
  network: Network;
  data: Data;
  proxy: EgressProxy;
  compute: Compute;
  /** Migrations and scheduled jobs run the release's image, so they exist once a release is pinned. */
  jobs?: Jobs;
  logs: ApplicationLogs;
  observability: Observability;
  /** CloudFront and AWS WAF in front of the assets bucket and the ALB, when `platform:edge.enabled`. */
  edge?: Edge;
}

export function buildEnvironment(config: EnvironmentConfig): Environment {
  const prefix = config.namePrefix;
  const provider = awsProvider(config);
  const shared = readStack(config.sharedStack, sharedOutputs);
  const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;

  const key = new StackKey(
    `${prefix}-key`,
    {
      namePrefix: prefix,
      region: config.region,
      accountId,
      // The stack's own groups (`/<prefix>/...`) and its Aurora cluster's exports; its own alarms and budgets.
      uses: {
        logGroupNamePrefixes: [`/${prefix}/`, clusterLogGroupPrefix(clusterIdentifiers(prefix, 0).cluster)],
        alarmNamePrefix: `${prefix}-`,
        budgetNamePrefix: `${prefix}-`,
        encryptsVolumes: true,
      },
      deletionWindowDays: config.protect ? 30 : 7,
      protect: config.protect,
    },
    { provider },
  );
  // Before the tiers, so their agents find the groups with retention and encryption instead of creating bare ones.
  const logs = new ApplicationLogs(
    `${prefix}-logs`,
    { namePrefix: prefix, retentionDays: config.observability.logRetentionDays, kmsKeyArn: key.keyArn, protect: config.protect },
    { provider },
  );
  const sessions = new SessionLogs(
    `${prefix}-sessions`,
    { namePrefix: prefix, retentionDays: config.observability.logRetentionDays, kmsKeyArn: key.keyArn, protect: config.protect },
    { provider },
  );
  const network = new Network(
    `${prefix}-network`,
    {
      namePrefix: prefix,
      region: config.region,
      accountId,
      cidr: config.network.cidr,
      availabilityZones: availabilityZones(config.network, config.region, provider),
      nat: config.network.nat,
      interfaceEndpoints: config.network.interfaceEndpoints,
      ports: config.ports,
      flowLogRetentionDays: config.network.flowLogRetentionDays,
      logsKmsKeyArn: key.keyArn,
      internalDomain: `${config.identity.stack}.${config.identity.project}.internal`,
    },
    { provider },
  );
  const edgePrelude = prepareEdge(config, provider, accountId, key.keyArn);
  const data = new Data(
    `${prefix}-data`,
    {
      namePrefix: prefix,
      region: config.region,
      accountId,
      settings: config.data,
      subnetIds: network.subnetIds.data,
      availabilityZones: network.availabilityZones,
      securityGroupIds: { database: network.securityGroupIds.database, cache: network.securityGroupIds.cache },
      ports: { database: config.ports.database, cache: config.ports.cache },
      kmsKeyArn: key.keyArn,
      protect: config.protect,
      logRetentionDays: config.observability.logRetentionDays,
      bucketGrants: edgePrelude?.bucketGrants,
    },
    { provider },
  );
  new S3EndpointPolicy(
    `${prefix}-s3-endpoint`,
    {
      region: config.region,
      accountId,
      vpcEndpointId: network.s3EndpointId,
      bucketArns: [data.buckets.results.bucketArn, data.buckets.logs.bucketArn, data.buckets.assets.bucketArn, shared.releaseBucketArn],
    },
    { provider },
  );
  const application = computeData(config, accountId, data);
  const proxy = new EgressProxy(
    `${prefix}-proxy`,
    {
      namePrefix: prefix,
      costTags: { ...config.tags },
      region: config.region,
      tier: config.proxy,
      port: config.ports.proxy,
      vpcId: network.vpcId,
      vpcCidr: network.vpcCidr,
      publicSubnetIds: network.subnetIds.public,
      loadBalancerSecurityGroupId: network.securityGroupIds.proxyLoadBalancer,
      instanceSecurityGroupId: network.securityGroupIds.proxy,
      internalZoneId: network.internalZoneId,
      internalZoneName: network.internalZoneName,
      interfaceEndpoints: config.network.interfaceEndpoints,
      baseImageParameter: shared.baseImageParameter,
      kmsKeyArn: key.keyArn,
      sessionLogGroupArn: sessions.logGroupArn,
    },
    { provider },
  );
  // The container tiers' deployments stop on the release stop alarms, which observability declares once compute exists.
  const alarmsDeclared = deferred<pulumi.Resource[]>();
  const containerTiers = [config.web.runtime, config.worker.runtime].includes("containers");
  const compute = new Compute(
    `${prefix}-compute`,
    {
      namePrefix: prefix,
      costTags: { ...config.tags },
      stack: config.identity.stack,
      region: config.region,
      accountId,
      vpcId: network.vpcId,
      publicSubnetIds: network.subnetIds.public,
      appSubnetIds: network.subnetIds.app,
      securityGroupIds: network.securityGroupIds,
      webPort: config.ports.web,
      web: config.web,
      worker: config.worker,
      settings: config.compute,
      release: config.release,
      sessionLogGroupArn: sessions.logGroupArn,
      releaseBucketName: shared.releaseBucketName,
      releaseBucketArn: shared.releaseBucketArn,
      baseImageParameter: shared.baseImageParameter,
      publicZoneId: shared.publicZoneId,
      domain: shared.domain,
      kmsKeyArns: [key.keyArn],
      deletionProtection: config.protect,
      metricNamespace: logs.metricNamespace,
      data: application,
      proxy: { url: proxy.proxyUrl, noProxy: proxy.noProxy },
      originHeader: edgePrelude?.originHeader,
      containers: config.containers,
      repositoryUrl: shared.repositoryUrl,
      repositoryArn: shared.repositoryArn,
      logGroupNames: { web: logs.logGroupNames.web, worker: logs.logGroupNames.worker },
      beta: config.beta,
      deploymentAlarms: containerTiers ? { alarmNames: releaseStopAlarmNames(prefix), declared: alarmsDeclared.promise } : undefined,
    },
    { provider, dependsOn: [logs] },
  );
  const edge = edgePrelude && buildEdge(edgePrelude, { config, provider, shared, data, compute });
  const observability = observeEnvironment({ config, provider, shared, accountId, key, logs, data, proxy, compute });
  alarmsDeclared.resolve([observability.alarms]);
  const egress = proxyEnvironment(proxy.proxyUrl, proxy.noProxy);
  const jobs = config.release
    ? new Jobs(
        `${prefix}-jobs`,
        {
          namePrefix: prefix,
          region: config.region,
          subnetIds: network.subnetIds.app,
          securityGroupId: network.securityGroupIds.worker,
          image: pulumi.interpolate`${shared.repositoryUrl}:${config.release}`,
          ...config.jobs,
          logGroupName: logs.logGroupNames.jobs,
          // The jobs' security group (the worker's) has no direct egress either: the internet only through the proxy.
          application: { environment: { ...application.environment, ...egress }, secrets: application.secrets, databaseUserArns: application.databaseUserArns },
          migration: migrationProfile(config, accountId, data, application, egress),
          kmsKeyArns: [key.keyArn],
          architecture: config.compute.architecture,
          access: application,
          metricNamespace: logs.metricNamespace,
        },
        { provider },
      )
    : undefined;
  return { config, provider, shared, key, network, data, proxy, compute, jobs, logs, sessions, observability, edge };
}

/** The environment contract, as every environment role exports it. */
export function environmentExports({
  config,
  shared,
  network,
  key,
  data,
  proxy,
  compute,
  jobs,
  sessions,
  observability,
  edge,
}: Environment): Exports<EnvironmentOutputs> {
  return {
    role: config.role,
    region: config.region,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    availabilityZones: network.availabilityZones,
    publicSubnetIds: pulumi.all(network.subnetIds.public),
    appSubnetIds: pulumi.all(network.subnetIds.app),
    dataSubnetIds: pulumi.all(network.subnetIds.data),
    securityGroupIds: pulumi.all(network.securityGroupIds).apply((ids) => ids as Record<SecurityGroupName, string>),
    internalZoneId: network.internalZoneId,
    internalZoneName: network.internalZoneName,
    kmsKeyArn: key.keyArn,
    shape: shapeOf(config),
    url: compute.url,
    distributionId: edge?.distributionId,
    distributionDomainName: edge?.domainName,
    loadBalancerDnsName: compute.loadBalancerDnsName,
    loadBalancerZoneId: compute.loadBalancerZoneId,
    targetGroupArn: compute.targetGroupArn,
    webGroupName: compute.webGroupName,
    workerGroupName: compute.workerGroupName,
    release: config.release,
    releaseBucketName: shared.releaseBucketName,
    releaseGroups: pulumi.output(compute.releaseGroups),
    deployDocumentName: compute.deployDocumentName,
    logsDocumentName: compute.logsDocumentName,
    releaseStopAlarmNames: observability.releaseStopAlarmNames,
    jobsClusterArn: jobs?.clusterArn,
    migrationTaskDefinitionArn: jobs?.migrationTaskDefinitionArn,
    proxyUrl: proxy.proxyUrl,
    sessionDocumentName: sessions.documentName,
    databaseEndpoint: data.database.endpoint,
    databaseReaderEndpoint: data.database.readerEndpoint,
    databaseSecretArn: data.database.masterUserSecretArn,
    databaseClusterId: data.database.clusterIdentifier,
    cacheReplicationGroupId: data.cache.replicationGroupId,
    cacheEndpoint: data.cache.primaryEndpoint,
    cacheAuthTokenSecretArn: data.cache.authTokenSecretArn,
    queues: pulumi.output(data.queues.queues),
    buckets: pulumi.output({ results: data.buckets.results.bucketName, logs: data.buckets.logs.bucketName, assets: data.buckets.assets.bucketName }),
    alertTopicArn: observability.alertTopicArn,
    alarmNames: observability.alarmNames,
    dashboardName: observability.dashboardName,
  };
}
