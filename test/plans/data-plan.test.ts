import { strict as assert } from "assert";
import { resultsLifecycleProblems, resultsLifecycleRules } from "../../tiers/data/bucket-lifecycle-plan";
import { BACKUP_JOB_WINDOW, backupWindowClash, COMPLETION_WINDOW_MINUTES, planBackupRules, START_WINDOW_MINUTES } from "../../tiers/data/backup-plan";
import { cacheParameterFamily, cacheTopology, replicaProblem } from "../../tiers/data/cache-plan";
import {
  clusterIdentifiers,
  clusterLogGroupName,
  clusterParameterGroupFamily,
  databaseUserArn,
  engineVersionProblem,
  identifierProblem,
  instanceClassProblem,
  instanceZones,
  storageType,
} from "../../tiers/data/aurora-plan";
import { APP_USER, bootstrapSql, connectionEnvironment, MIGRATOR_USER } from "../../tiers/data/database-roles-plan";
import {
  isPerformanceInsightsRetention,
  parseDailyWindow,
  parseWeeklyWindow,
  RDS_WINDOW_RULES,
  windowProblems,
  windowsOverlap,
} from "../../tiers/data/database-plan";
import { LOAD_BALANCER_LOG_PREFIX, LOG_DELIVERY_SERVICE, loadBalancerLogDelivery, loadBalancerLogStatement } from "../../lib/elb-log-delivery";
import { planQueues, queuePolicy, redriveAllowPolicy, redrivePolicy } from "../../tiers/data/queue-plan";

describe("database plan", () => {
  const classCases: [string, RegExp | undefined][] = [
    ["db.r7g.large", undefined],
    ["db.r8g.2xlarge", undefined],
    ["db.t4g.medium", undefined],
    ["db.t4g.small", /db\.t4g only as medium or large/],
    ["db.m7g.large", /no db\.m7g classes \(Aurora has no db\.m\*\)/],
    ["r7g.large", /expected an RDS instance class/],
  ];
  for (const [instanceClass, problem] of classCases) {
    it(`instance class ${instanceClass} is ${problem ? "refused" : "allowed"} for Aurora PostgreSQL`, () => {
      const found = instanceClassProblem(instanceClass);
      if (problem) assert.match(found ?? "", problem);
      else assert.equal(found, undefined);
    });
  }

  it("takes full Aurora PostgreSQL versions of a supported major, and names the cluster parameter family", () => {
    assert.equal(engineVersionProblem("17.7"), undefined);
    assert.match(engineVersionProblem("17") ?? "", /major\.minor/);
    assert.match(engineVersionProblem("13.9") ?? "", /major Aurora PostgreSQL supports: 16, 17/);
    assert.equal(clusterParameterGroupFamily("17.7"), "aurora-postgresql17");
  });

  it("sets no storage type for Aurora Standard and aurora-iopt1 for I/O-Optimized", () => {
    assert.deepEqual([storageType("standard"), storageType("io-optimized")], [undefined, "aurora-iopt1"]);
  });

  it("puts the writer in the first zone and readers in the next ones, wrapping", () => {
    assert.deepEqual(instanceZones(["a", "b", "c"], 2), { writer: "a", readers: ["b", "c"] });
    assert.deepEqual(instanceZones(["a", "b"], 3), { writer: "a", readers: ["b", "a", "b"] });
  });

  it("names the cluster and its instances within RDS's identifier rules", () => {
    const ids = clusterIdentifiers("platform-load-test", 2);
    assert.deepEqual(ids, {
      cluster: "platform-load-test-db",
      writer: "platform-load-test-db-writer",
      readers: ["platform-load-test-db-reader-1", "platform-load-test-db-reader-2"],
    });
    for (const id of [ids.cluster, ids.writer, ...ids.readers]) assert.equal(identifierProblem(id), undefined);
    assert.match(identifierProblem(`a${"b".repeat(63)}`) ?? "", /64 characters; RDS allows 63/);
    assert.match(identifierProblem("1db") ?? "", /no RDS identifier/);
    assert.match(identifierProblem("db--x") ?? "", /no RDS identifier/);
    assert.equal(clusterLogGroupName("platform-prod-db", "postgresql"), "/aws/rds/cluster/platform-prod-db/postgresql");
  });

  it("scopes rds-db:connect to the cluster's resource id and one user", () => {
    assert.equal(databaseUserArn("aws", "eu-west-1", "123456789012", "cluster-ABC", APP_USER), "arn:aws:rds-db:eu-west-1:123456789012:dbuser:cluster-ABC/app");
  });

  it("creates the migrator and app roles without passwords, IAM-only, app with row access to the migrator's schema only", () => {
    const sql = bootstrapSql();
    for (const user of [MIGRATOR_USER, APP_USER])
      assert.match(sql, new RegExp(`IF NOT EXISTS \\(SELECT FROM pg_roles WHERE rolname = '${user}'\\) THEN CREATE ROLE ${user} LOGIN;`));
    assert.doesNotMatch(sql, /PASSWORD/i);
    assert.match(sql, /GRANT rds_iam TO migrator, app;/);
    assert.match(sql, /REVOKE ALL ON DATABASE platform FROM PUBLIC;/);
    assert.match(sql, /SET ROLE migrator;\nCREATE SCHEMA IF NOT EXISTS app;/);
    assert.match(sql, /ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app;/);
    assert.doesNotMatch(sql, /GRANT (ALL|CREATE)[^;]* TO app/);
  });

  it("tells a tier its hosts, database and user, with IAM tokens over verified TLS", () => {
    assert.deepEqual(connectionEnvironment({ host: "w", readerHost: "r", port: 5432 }, APP_USER), {
      DATABASE_HOST: "w",
      DATABASE_READER_HOST: "r",
      DATABASE_PORT: "5432",
      DATABASE_NAME: "platform",
      DATABASE_USER: "app",
      DATABASE_AUTH: "iam",
      DATABASE_SSLMODE: "verify-full",
    });
  });

  it("parses daily and weekly windows, including ones that pass midnight or the week's end", () => {
    assert.equal(parseDailyWindow("03:00-04:00")?.minutes, 60);
    assert.equal(parseDailyWindow("23:30-00:15")?.minutes, 45);
    assert.equal(parseWeeklyWindow("sat:23:00-sun:01:00")?.minutes, 120);
    for (const bad of ["3:00-04:00", "03:00-03:00", "24:00-01:00", "03:00"]) assert.equal(parseDailyWindow(bad), undefined, bad);
    for (const bad of ["sun:05:00", "Sun:05:00-Sun:06:00", "xyz:05:00-sun:06:00", "sun:05:00-sun:05:00"]) assert.equal(parseWeeklyWindow(bad), undefined, bad);
  });

  const overlapCases: [string, string, boolean][] = [
    ["03:00-04:00", "sun:05:00-sun:06:00", false],
    ["03:00-04:00", "sun:03:30-sun:04:30", true],
    ["03:00-04:00", "mon:04:00-mon:05:00", false],
    ["23:30-00:30", "sat:23:50-sun:00:10", true],
    ["23:30-00:30", "sun:00:00-sun:00:20", true],
    ["01:00-02:00", "sat:23:00-sun:01:30", true],
  ];
  for (const [daily, weekly, overlap] of overlapCases) {
    it(`backup ${daily} and maintenance ${weekly} ${overlap ? "overlap" : "do not overlap"}`, () => {
      const [d, w] = [parseDailyWindow(daily), parseWeeklyWindow(weekly)];
      assert.ok(d && w);
      assert.equal(windowsOverlap(d, w), overlap);
    });
  }

  it("reports short, malformed and overlapping windows by field", () => {
    assert.deepEqual(windowProblems("03:00-04:00", "sun:05:00-sun:06:00", RDS_WINDOW_RULES), { daily: [], weekly: [] });
    assert.match(windowProblems("03:00-03:20", "sun:05:00-sun:06:00", RDS_WINDOW_RULES).daily[0], /at least 30 minutes/);
    assert.match(windowProblems("03:00-04:00", "sunday", RDS_WINDOW_RULES).weekly[0], /ddd:hh24:mi-ddd:hh24:mi/);
    assert.match(windowProblems("03:00-04:00", "tue:03:30-tue:04:30", RDS_WINDOW_RULES).weekly[0], /does not overlap the backup window 03:00-04:00/);
  });

  it("knows the Performance Insights retentions", () => {
    for (const days of [7, 31, 93, 731]) assert.ok(isPerformanceInsightsRetention(days), String(days));
    for (const days of [0, 8, 30, 744]) assert.ok(!isPerformanceInsightsRetention(days), String(days));
  });
});

describe("cache plan", () => {
  it("has failover and Multi-AZ only with replicas", () => {
    assert.deepEqual(cacheTopology(0), { numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false });
    assert.deepEqual(cacheTopology(2), { numCacheClusters: 3, automaticFailoverEnabled: true, multiAzEnabled: true });
  });
  it("names parameter group families and refuses replicas on T1 nodes", () => {
    assert.equal(cacheParameterFamily("valkey", "8.0"), "valkey8");
    assert.equal(cacheParameterFamily("redis", "7.1"), "redis7");
    assert.equal(cacheParameterFamily("redis", "6.2"), "redis6.x");
    assert.match(replicaProblem("cache.t1.micro", 1) ?? "", /cannot have replicas/);
    assert.equal(replicaProblem("cache.t1.micro", 0), undefined);
    assert.equal(replicaProblem("cache.r7g.large", 2), undefined);
  });
});

describe("queue plan", () => {
  const settings = {
    maxReceiveCount: 4,
    visibilityTimeoutSeconds: { events: 30, tasks: 900, notifications: 60 },
    messageRetentionSeconds: 345600,
    deadLetterRetentionSeconds: 1209600,
    receiveWaitTimeSeconds: 20,
  };
  it("plans events, tasks and notifications with their own visibility timeouts", () => {
    const queues = planQueues(settings);
    assert.deepEqual(
      queues.map((q) => [q.name, q.visibilityTimeoutSeconds, q.maxReceiveCount]),
      [
        ["events", 30, 4],
        ["tasks", 900, 4],
        ["notifications", 60, 4],
      ],
    );
  });
  it("renders redrive, redrive-allow and TLS-only policies", () => {
    assert.deepEqual(JSON.parse(redrivePolicy("arn:dlq", 4)), { deadLetterTargetArn: "arn:dlq", maxReceiveCount: 4 });
    assert.deepEqual(JSON.parse(redriveAllowPolicy("arn:src")), { redrivePermission: "byQueue", sourceQueueArns: ["arn:src"] });
    const statement = JSON.parse(queuePolicy("arn:q")).Statement[0];
    assert.deepEqual([statement.Effect, statement.Resource, statement.Condition], ["Deny", "arn:q", { Bool: { "aws:SecureTransport": "false" } }]);
  });
});

describe("load balancer log delivery", () => {
  const cases: [string, "elb-account" | "service"][] = [
    ["eu-west-1", "elb-account"],
    ["us-east-1", "elb-account"],
    ["ap-southeast-3", "elb-account"],
    ["cn-north-1", "elb-account"],
    ["eu-central-2", "service"],
    ["eu-south-2", "service"],
    ["ap-south-2", "service"],
    ["il-central-1", "service"],
    ["me-central-1", "service"],
    ["ca-west-1", "service"],
  ];
  for (const [region, kind] of cases) {
    it(`${region} delivers from the ${kind === "service" ? "service principal" : "regional ELB account"}`, () => {
      assert.equal(loadBalancerLogDelivery(region).kind, kind);
    });
  }
  it("grants PutObject under this account's log prefix to the right principal", () => {
    const service = loadBalancerLogStatement("arn:aws:s3:::logs", "123456789012", "eu-central-2") as Record<string, unknown>;
    assert.deepEqual(service.Principal, { Service: LOG_DELIVERY_SERVICE });
    assert.equal(service.Resource, `arn:aws:s3:::logs/${LOAD_BALANCER_LOG_PREFIX}/AWSLogs/123456789012/*`);
    const account = loadBalancerLogStatement("arn:aws:s3:::logs", "123456789012", "eu-west-1", "arn:aws:iam::156460612806:root") as Record<string, unknown>;
    assert.deepEqual(account.Principal, { AWS: "arn:aws:iam::156460612806:root" });
    assert.throws(() => loadBalancerLogStatement("arn:aws:s3:::logs", "123456789012", "eu-west-1"), /ELB account/);
  });
});

describe("bucket lifecycle and backup plans", () => {
  it("tiers results to Glacier Instant Retrieval, then Glacier, in increasing days", () => {
    const [tiering, versions] = resultsLifecycleRules({ glacierInstantRetrievalDays: 30, glacierDays: 180, noncurrentVersionDays: 30 });
    assert.deepEqual(tiering.transitions, [
      { days: 30, storageClass: "GLACIER_IR" },
      { days: 180, storageClass: "GLACIER" },
    ]);
    assert.deepEqual(versions.noncurrentVersionExpiration, { noncurrentDays: 30 });
    assert.deepEqual(resultsLifecycleProblems({ glacierInstantRetrievalDays: 30, glacierDays: 180, noncurrentVersionDays: 1 }), {});
    assert.match(resultsLifecycleProblems({ glacierInstantRetrievalDays: 90, glacierDays: 90, noncurrentVersionDays: 1 }).glacierDays ?? "", /more days than/);
  });
  it("has a daily and a weekly backup rule with their retention", () => {
    assert.deepEqual(
      planBackupRules({ dailyRetentionDays: 35, weeklyRetentionDays: 90 }).map((r) => [r.ruleName, r.deleteAfterDays]),
      [
        ["daily", 35],
        ["weekly", 90],
      ],
    );
  });
  it("starts AWS Backup at 01:00 UTC, daily and on Saturdays, done by 03:00 within AWS's windows", () => {
    assert.deepEqual(
      planBackupRules({ dailyRetentionDays: 1, weeklyRetentionDays: 1 }).map((r) => r.schedule),
      ["cron(0 1 * * ? *)", "cron(0 1 ? * SAT *)"],
    );
    assert.equal(BACKUP_JOB_WINDOW, "01:00-03:00");
    assert.ok(START_WINDOW_MINUTES >= 60 && COMPLETION_WINDOW_MINUTES > START_WINDOW_MINUTES);
  });
  for (const [rdsWindow, clashes] of [
    ["03:00-04:00", false],
    ["00:00-01:00", false],
    ["23:30-00:30", false],
    ["02:30-03:30", true],
    ["00:30-01:30", true],
    ["23:00-02:00", true],
    ["not a window", false],
  ] as const) {
    it(`${clashes ? "finds" : "finds no"} clash between RDS backup window ${rdsWindow} and AWS Backup's jobs`, () => {
      const clash = backupWindowClash(rdsWindow);
      assert.equal(clash !== undefined, clashes);
      if (clash) assert.match(clash, /clear of AWS Backup's jobs \(01:00-03:00 UTC\)/);
    });
  }
});
