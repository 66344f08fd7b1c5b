import * as pulumi from "@pulumi/pulumi";
import { Backups } from "./backups";
import type { BackupSettings } from "./backup-plan";
import { Buckets, type BucketGrants, type BucketSettings } from "./buckets";
import { Cache, type CacheSettings } from "./cache";
import { Database, type DatabaseSettings } from "./database";
import type { QueueSettings } from "./queue-plan";
import { Queues } from "./queues";

export interface DataSettings extends DatabaseSettings, BucketSettings {
  /** The ElastiCache replication group (`platform:data.cache`). */
  cache: CacheSettings;
  /** Receive count, timeouts and retention of the queues (`platform:data.queues`). */
  queues: QueueSettings;
  /** AWS Backup retention in days and the optional copy region (`platform:data.backups`). */
  backups: BackupSettings & { copyRegion?: string };
}

export interface DataArgs {
  /** Prefix of every physical name: `<project>-<stack>`. */
  namePrefix: string;
  /** The stack's region. */
  region: string;
  /** The stack's account. */
  accountId: pulumi.Input<string>;
  /** The validated `platform:data` config. */
  settings: DataSettings;
  /** The data subnets (no route to the internet), one per zone. */
  subnetIds: pulumi.Input<string>[];
  /** Zones of those subnets, in the same order; the replicas are spread over them. */
  availabilityZones: pulumi.Input<string[]>;
  /** The database and cache security groups. */
  securityGroupIds: { database: pulumi.Input<string>; cache: pulumi.Input<string> };
  /** TCP ports of the database and the cache (`platform:ports`, defaults 5432 and 6379). */
  ports: { database: number; cache: number };
  /** The stack key, which encrypts every store of the tier. */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Deletion protection, final snapshots, buckets that `pulumi destroy` will not empty, and `protect` on the stateful
   * resources only (database cluster, cache, queues, buckets, vaults), never inherited by the rest.
   */
  protect: boolean;
  /** Days the database's exported log groups keep records; passed in, as the data tier does not read observability config. */
  logRetentionDays: number;
  /** Grants other tiers need in the logs and assets bucket policies. */
  bucketGrants?: BucketGrants;
}

/** Every stateful part of an environment: database, cache, queues, buckets and their backups. */
export class Data extends pulumi.ComponentResource {
  readonly database: Database;
  readonly cache: Cache;
  readonly queues: Queues;
  readonly buckets: Buckets;
  readonly backups: Backups;

  constructor(name: string, args: DataArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Data", name, {}, opts);
    const parent = { parent: this };
    const s = args.settings;
    const common = { namePrefix: args.namePrefix, kmsKeyArn: args.kmsKeyArn };
    this.database = new Database(
      `${name}-db`,
      {
        ...common,
        region: args.region,
        settings: s,
        subnetIds: args.subnetIds,
        availabilityZones: args.availabilityZones,
        securityGroupId: args.securityGroupIds.database,
        port: args.ports.database,
        protect: args.protect,
        logRetentionDays: args.logRetentionDays,
      },
      parent,
    );
    this.cache = new Cache(
      `${name}-cache`,
      { ...common, settings: s.cache, subnetIds: args.subnetIds, securityGroupId: args.securityGroupIds.cache, port: args.ports.cache, protect: args.protect },
      parent,
    );
    this.queues = new Queues(`${name}-queues`, { ...common, settings: s.queues, protect: args.protect }, parent);
    this.buckets = new Buckets(
      `${name}-buckets`,
      {
        region: args.region,
        accountId: args.accountId,
        settings: s,
        kmsKeyArn: args.kmsKeyArn,
        protect: args.protect,
        extraStatements: args.bucketGrants,
      },
      parent,
    );
    this.backups = new Backups(
      `${name}-backups`,
      { ...common, region: args.region, settings: s.backups, databaseClusterArn: this.database.arn, copyRegion: s.backups.copyRegion, protect: args.protect },
      parent,
    );
    this.registerOutputs({ databaseEndpoint: this.database.endpoint, cacheEndpoint: this.cache.primaryEndpoint });
  }
}
