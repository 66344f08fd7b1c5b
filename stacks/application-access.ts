import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig } from "../config/load";
import type { ComputeData } from "../tiers/compute/compute";
import type { JobProfile } from "../tiers/compute/jobs";
import { databaseUserArn } from "../tiers/data/aurora-plan";
import type { Data } from "../tiers/data/data";
import { APP_USER, bootstrapSql, connectionEnvironment, MIGRATOR_USER } from "../tiers/data/database-roles-plan";
import { partitionOf } from "../lib/arn";

/** The database as one of its users sees it: the connection variables and the rds-db:connect resource of that user. */
function databaseLogin(config: EnvironmentConfig, accountId: pulumi.Output<string>, data: Data, user: string) {
  const connection = { host: data.database.host, readerHost: data.database.readerHost, port: config.ports.database };
  const userArn = pulumi
    .all([accountId, data.database.clusterResourceId])
    .apply(([account, resourceId]) => databaseUserArn(partitionOf(config.region), config.region, account, resourceId, user));
  return { environment: connectionEnvironment(connection, user), userArns: [userArn] };
}

/**
 * What the web and worker tiers (and the scheduled jobs) use of the data tier: queues, the cache's secret, buckets,
 * and the database as the `app` user through IAM authentication; never the master secret.
 */
export function computeData(config: EnvironmentConfig, accountId: pulumi.Output<string>, data: Data): ComputeData {
  const { queues } = data.queues;
  const database = databaseLogin(config, accountId, data, APP_USER);
  return {
    queueArns: Object.values(queues).map((q) => q.arn),
    secretArns: [data.cache.authTokenSecretArn],
    bucketArns: [data.buckets.results.bucketArn, data.buckets.assets.bucketArn],
    databaseUserArns: database.userArns,
    environment: {
      ...Object.fromEntries(Object.entries(queues).map(([name, q]) => [`${name.toUpperCase()}_QUEUE_URL`, q.url])),
      ...database.environment,
      CACHE_ENDPOINT: data.cache.primaryEndpoint,
      CACHE_SECRET_ARN: data.cache.authTokenSecretArn,
      RESULTS_BUCKET: data.buckets.results.bucketName,
      ASSETS_BUCKET: data.buckets.assets.bucketName,
    },
    // The queue URL ends with the queue name, which is the metric dimension SQS publishes by.
    workQueueName: queues.tasks.url.apply((url) => url.slice(url.lastIndexOf("/") + 1)),
    logsBucketName: data.buckets.logs.bucketNameWithPolicy,
    secrets: { CACHE_AUTH_TOKEN: data.cache.authTokenSecretArn },
  };
}

/**
 * The migration task alone gets the master secret (injected at its start, JSON with username and password): it runs
 * DATABASE_BOOTSTRAP_SQL as the master user to create the `migrator` and `app` roles, then migrates as `migrator`
 * through IAM authentication. Each run is a new task, so it never holds a password older than RDS's rotation.
 */
export function migrationProfile(
  config: EnvironmentConfig,
  accountId: pulumi.Output<string>,
  data: Data,
  app: ComputeData,
  egress: Record<string, pulumi.Input<string>>,
): JobProfile {
  const migrator = databaseLogin(config, accountId, data, MIGRATOR_USER);
  return {
    environment: { ...app.environment, ...egress, ...migrator.environment, DATABASE_BOOTSTRAP_SQL: bootstrapSql() },
    secrets: { DATABASE_MASTER_SECRET: data.database.masterUserSecretArn },
    databaseUserArns: migrator.userArns,
  };
}
