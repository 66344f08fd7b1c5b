import { strict as assert } from "assert";
import { parseDailyWindow, parseWeeklyWindow, windowsOverlap } from "../../tiers/data/database-plan";
import { QUEUE_NAMES } from "../../tiers/data/queue-plan";
import type { EnvironmentConfig } from "../../config/load";
import type { Evaluation } from "../../offline/evaluate";
import { evaluated, ofType, one } from "../support/harness";
import { D, found, dataOf, clusterOf, writerOf, readersOf, dataSubnetIds, groupId } from "../support/data-resources";

for (const [stack, expected] of [
  ["prod", { readers: 2, scaling: true, storageType: "aurora-iopt1", retention: 14, protect: true, cacheNodes: 3 }],
  ["dev", { readers: 0, scaling: false, storageType: undefined, retention: 1, protect: false, cacheNodes: 1 }],
  ["load-test", { readers: 2, scaling: true, storageType: undefined, retention: 1, protect: false, cacheNodes: 3 }],
] as const) {
  describe(`data tier of ${stack}`, () => {
    let e: Evaluation;
    let keyArn: string;
    before(async () => {
      e = await evaluated(stack);
      keyArn = String(e.outputs.kmsKeyArn);
    });

    it(`runs Aurora PostgreSQL: a writer and ${expected.readers} reader(s), each in another zone than the writer`, () => {
      const cluster = clusterOf(e);
      assert.equal(cluster.inputs.engine, "aurora-postgresql");
      assert.equal(cluster.inputs.engineVersion, dataOf(e).engineVersion);
      assert.equal(cluster.inputs.storageType, expected.storageType);
      assert.equal(ofType(e, "aws:rds/instance:Instance").length, 0, "no RDS instance or read replica");
      const writer = writerOf(e);
      const readers = readersOf(e);
      assert.equal(readers.length, expected.readers);
      const zones = e.outputs.availabilityZones as string[];
      assert.equal(writer.inputs.availabilityZone, zones[0]);
      assert.deepEqual(
        readers.map((r) => r.inputs.availabilityZone),
        zones.slice(1, 1 + expected.readers),
      );
      for (const instance of [writer, ...readers]) {
        assert.equal(instance.inputs.clusterIdentifier, cluster.inputs.clusterIdentifier);
        assert.equal(instance.inputs.engine, "aurora-postgresql");
        assert.equal(instance.inputs.instanceClass, dataOf(e).instanceClass);
        assert.equal(instance.inputs.dbSubnetGroupName, cluster.inputs.dbSubnetGroupName);
        assert.equal(instance.inputs.publiclyAccessible, false);
        assert.equal(instance.inputs.performanceInsightsEnabled, true);
        assert.equal(instance.inputs.performanceInsightsKmsKeyId, keyArn);
        assert.ok(instance.inputs.monitoringInterval > 0 && instance.inputs.monitoringRoleArn);
        assert.ok(String(instance.inputs.identifier).length <= 63 && /^[a-z][a-z0-9-]*[a-z0-9]$/.test(instance.inputs.identifier));
      }
      // The first instance becomes the writer: every reader waits for it, and declared readers fail over first.
      for (const reader of readers) {
        assert.ok(reader.options?.dependencies.includes(writer.name), `${reader.name} does not wait for the writer`);
        assert.equal(reader.inputs.promotionTier, 1);
      }
      assert.equal(writer.inputs.promotionTier, 0);
      assert.equal(ofType(e, D.record).filter((r) => r.name.includes("-db-reader")).length, 0, "no private DNS name over the readers");
    });

    it(expected.scaling ? "scales readers on their CPU through Application Auto Scaling" : "has no reader auto scaling", () => {
      const targets = ofType(e, D.scalingTarget).filter((t) => t.inputs.serviceNamespace === "rds");
      if (!expected.scaling) return assert.equal(targets.length, 0);
      const { readers, readerAutoScaling } = dataOf(e);
      assert.deepEqual(
        targets.map((t) => [t.inputs.scalableDimension, t.inputs.resourceId, t.inputs.minCapacity, t.inputs.maxCapacity]),
        [["rds:cluster:ReadReplicaCount", `cluster:${clusterOf(e).inputs.clusterIdentifier}`, readers, readerAutoScaling?.maxReaders]],
      );
      const policy = ofType(e, D.scalingPolicy).find((p) => p.inputs.serviceNamespace === "rds");
      assert.equal(
        policy?.inputs.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType,
        "RDSReaderAverageCPUUtilization",
      );
      assert.ok(targets[0].options?.dependencies.includes(writerOf(e).name));
    });

    it("encrypts the cluster with the stack key, lets RDS manage the password, and enforces TLS and IAM auth", () => {
      const db = clusterOf(e);
      assert.equal(db.inputs.storageEncrypted, true);
      assert.equal(db.inputs.kmsKeyId, keyArn);
      assert.equal(db.inputs.manageMasterUserPassword, true);
      assert.equal(db.inputs.masterUserSecretKmsKeyId, keyArn);
      assert.equal(db.inputs.masterPassword, undefined);
      assert.equal(db.inputs.iamDatabaseAuthenticationEnabled, true);
      assert.deepEqual(db.inputs.enabledCloudwatchLogsExports, ["postgresql"]);
      const params = one(e, D.dbParams);
      assert.equal(params.inputs.family, `aurora-postgresql${dataOf(e).engineVersion.split(".")[0]}`);
      assert.deepEqual(params.inputs.parameters, [{ name: "rds.force_ssl", value: "1" }]);
      assert.equal(db.inputs.dbClusterParameterGroupName, params.inputs.name);
      assert.ok(db.options?.ignoreChanges?.includes("engineVersion"), "AWS's minor upgrades are not rolled back");
    });

    it("sits in the data subnets behind the database security group", () => {
      const db = clusterOf(e);
      assert.deepEqual(one(e, D.dbSubnets).inputs.subnetIds, dataSubnetIds(e));
      assert.deepEqual(db.inputs.vpcSecurityGroupIds, [groupId(e, "database")]);
      assert.equal(db.inputs.port, 5432);
    });

    it(`keeps ${expected.retention} day(s) of backups in a window apart from maintenance`, () => {
      const db = clusterOf(e);
      assert.equal(db.inputs.backupRetentionPeriod, expected.retention);
      const backup = found(parseDailyWindow(db.inputs.preferredBackupWindow), "valid backup window");
      const maintenance = found(parseWeeklyWindow(db.inputs.preferredMaintenanceWindow), "valid maintenance window");
      assert.equal(windowsOverlap(backup, maintenance), false);
    });

    it(expected.protect ? "has deletion protection and a final snapshot named after the stack" : "skips deletion protection and the final snapshot", () => {
      const db = clusterOf(e);
      assert.equal(db.inputs.deletionProtection, expected.protect);
      assert.equal(db.inputs.skipFinalSnapshot, !expected.protect);
      assert.equal(db.inputs.finalSnapshotIdentifier, expected.protect ? `platform-${stack}-db-final` : undefined);
    });

    it(`runs a cache of ${expected.cacheNodes} node(s), encrypted at rest and in transit, with a generated AUTH token in Secrets Manager`, () => {
      const cache = one(e, D.cache);
      const failover = expected.cacheNodes > 1;
      assert.equal(cache.inputs.numCacheClusters, expected.cacheNodes);
      assert.equal(cache.inputs.automaticFailoverEnabled, failover);
      assert.equal(cache.inputs.multiAzEnabled, failover);
      assert.equal(cache.inputs.atRestEncryptionEnabled, true);
      assert.equal(cache.inputs.kmsKeyId, keyArn);
      assert.equal(cache.inputs.transitEncryptionEnabled, true);
      assert.ok(cache.inputs.snapshotRetentionLimit > 0);
      assert.deepEqual(cache.inputs.securityGroupIds, [groupId(e, "cache")]);
      const token = one(e, D.secretVersion, "-cache-auth-token-value");
      assert.match(token.inputs.secretString, /^[A-Za-z0-9]{16,128}$/);
      assert.equal(cache.inputs.authToken, token.inputs.secretString);
      const secret = one(e, D.secret, "-cache-auth-token");
      assert.equal(secret.inputs.kmsKeyId, keyArn);
      assert.equal(secret.inputs.recoveryWindowInDays, expected.protect ? 30 : 0);
    });

    it(`backs up the database, and only it, daily and weekly into an encrypted vault that ${expected.protect ? "keeps" : "destroy empties"}`, () => {
      const vault = one(e, D.vault);
      assert.equal(vault.inputs.kmsKeyArn, keyArn);
      assert.equal(vault.inputs.forceDestroy, !expected.protect);
      const rules = one(e, D.plan).inputs.rules;
      const { backups } = dataOf(e);
      assert.deepEqual(
        rules.map((r: { ruleName: string; lifecycle: { deleteAfter: number } }) => [r.ruleName, r.lifecycle.deleteAfter]),
        [
          ["daily", backups.dailyRetentionDays],
          ["weekly", backups.weeklyRetentionDays],
        ],
      );
      assert.deepEqual(
        rules.map((r: { schedule: string; startWindow: number; completionWindow: number }) => [r.schedule, r.startWindow, r.completionWindow]),
        [
          ["cron(0 1 * * ? *)", 60, 120],
          ["cron(0 1 ? * SAT *)", 60, 120],
        ],
      );
      const selections = ofType(e, D.selection);
      assert.deepEqual(
        selections.map((s) => [s.inputs.resources, s.inputs.conditions]),
        [[[`arn:aws:rds:eu-west-1:123456789012:cluster:platform-${stack}-db`], undefined]],
      );
    });

    it("declares the log group the cluster exports to, with retention and the stack key, before the cluster", () => {
      const { logRetentionDays } = (e.config as EnvironmentConfig).observability;
      const db = clusterOf(e);
      const group = found(
        ofType(e, D.logGroup).find((g) => g.inputs.name === `/aws/rds/cluster/${db.inputs.clusterIdentifier}/postgresql`),
        "postgresql log group of the cluster",
      );
      assert.equal(group.inputs.retentionInDays, logRetentionDays);
      assert.equal(group.inputs.kmsKeyId, keyArn);
      assert.ok(db.options?.dependencies.includes(group.name), `${db.name} does not wait for ${group.name}`);
      assert.equal(ofType(e, D.logGroup).filter((g) => String(g.inputs.name).startsWith("/aws/rds/instance/")).length, 0);
    });

    it(expected.protect ? "protects the stateful resources, and only them" : "protects nothing", () => {
      assert.ok(
        e.resources.every((r) => r.options),
        "registrations not recorded",
      );
      const stateful = [
        `platform-${stack}-key`,
        ...["web", "worker", "jobs"].map((source) => `platform-${stack}-logs-${source}`),
        // Session Manager's record of who ran what on the instances.
        `platform-${stack}-sessions-logs`,
        clusterOf(e).name,
        `platform-${stack}-data-db-postgresql-logs`,
        one(e, D.cache).name,
        ...ofType(e, D.queue).map((q) => q.name),
        ...ofType(e, D.bucket)
          .filter((b) => b.name.includes("-data-buckets-"))
          .map((b) => b.name),
        one(e, D.vault).name,
        // The edge's us-east-1 request logs of AWS WAF and the key that encrypts them.
        ...[`platform-${stack}-edge-waf-logs`, `platform-${stack}-edge-waf-logs-key`],
      ];
      const protectedNames = e.resources.filter((r) => r.options?.protect).map((r) => r.name);
      assert.deepEqual(protectedNames.sort(), expected.protect ? stateful.sort() : []);
    });

    it("exports the data outputs of the environment contract", () => {
      // The cluster's own endpoints: names its certificate carries, so TLS verifies the host (no private CNAME in front).
      assert.match(String(e.outputs.databaseEndpoint), /^platform-[a-z-]+-db\.cluster-[a-z0-9]+\.eu-west-1\.rds\.amazonaws\.com:5432$/);
      assert.match(String(e.outputs.databaseReaderEndpoint), /^platform-[a-z-]+-db\.cluster-ro-[a-z0-9]+\.eu-west-1\.rds\.amazonaws\.com:5432$/);
      assert.match(String(e.outputs.databaseSecretArn), /^arn:aws:secretsmanager:/);
      assert.match(String(e.outputs.cacheAuthTokenSecretArn), /^arn:aws:secretsmanager:/);
      const queues = e.outputs.queues as Record<string, { url: string; deadLetterArn: string }>;
      assert.deepEqual(Object.keys(queues).sort(), [...QUEUE_NAMES].sort());
      assert.deepEqual(Object.keys(e.outputs.buckets as object).sort(), ["assets", "logs", "results"]);
    });
  });
}
