import { strict as assert } from "assert";
import {
  availabilitySchedule,
  cronProblems,
  fitName,
  instancePolicy,
  instancesDistribution,
  instanceTypeProblems,
  isTimeZone,
  parseInstanceType,
  renderUserData,
} from "../../tiers/compute/compute-plan";
import { fargateSizeProblems, schedulerCronProblems } from "../../tiers/compute/jobs-plan";

describe("compute plan", () => {
  for (const [name, architecture, burstable] of [
    ["m7g.large", "arm64", false],
    ["c7gn.xlarge", "arm64", false],
    ["t4g.medium", "arm64", true],
    ["x2gd.2xlarge", "arm64", false],
    ["im4gn.large", "arm64", false],
    ["a1.large", "arm64", false],
    ["m7i.large", "x86_64", false],
    ["g4dn.xlarge", "x86_64", false],
    ["t3.micro", "x86_64", true],
    ["c5.large", "x86_64", false],
  ] as const) {
    it(`reads ${name} as ${architecture}${burstable ? ", burstable" : ""}`, () => {
      assert.deepEqual([parseInstanceType(name)?.architecture, parseInstanceType(name)?.burstable], [architecture, burstable]);
    });
  }

  it("names each instance type that cannot run the architecture or the role", () => {
    assert.deepEqual(instanceTypeProblems(["m7g.large", "c7g.xlarge"], "arm64", false), []);
    assert.match(instanceTypeProblems(["m7i.large"], "arm64", true)[0], /m7i.large is an x86_64 family \(m7i\) but the base image is arm64/);
    assert.match(instanceTypeProblems(["m7g.large"], "x86_64", true)[0], /m7g.large is an arm64 family/);
    assert.match(instanceTypeProblems(["q9.large"], "arm64", true)[0], /q9.large is no EC2 instance type/);
    assert.match(instanceTypeProblems(["large"], "arm64", true)[0], /is no EC2 instance type/);
    assert.match(instanceTypeProblems(["t4g.small"], "arm64", false)[0], /burstable/);
  });

  for (const good of ["0 8 * * MON-FRI", "30 19 * * 1-5", "*/15 * * * *", "0 0 1,15 JAN-DEC *", "0 6 * * SUN"]) {
    it(`accepts the cron ${good}`, () => assert.deepEqual(cronProblems(good), []));
  }
  for (const [bad, why] of [
    ["0 8 * *", /expected 5 cron fields/],
    ["0 8 * * MON-FRI 2026", /expected 5 cron fields/],
    ["60 8 * * *", /minute "60"/],
    ["0 24 * * *", /hour "24"/],
    ["0 8 * * FUNDAY", /day of week "FUNDAY"/],
    ["0 8 * * FRI-MON", /day of week/],
    ["0 8 ? * MON", /day of month "\?"/],
    ["*/0 * * * *", /minute/],
  ] as const) {
    it(`rejects the cron ${bad}`, () => assert.match(cronProblems(bad).join("; "), why));
  }

  it("accepts IANA time zones only", () => {
    for (const zone of ["Europe/Dublin", "America/New_York", "UTC"]) assert.ok(isTimeZone(zone), zone);
    for (const zone of ["Europe/Springfield", "CEST", "+02:00", ""]) assert.ok(!isTimeZone(zone), zone);
  });

  it("fits load balancer and target group names in 32 characters, distinct per stack", () => {
    const longStack = "platform-abcdefghijklmnopqrst"; // a 20-character stack name
    const name = fitName(longStack, "web", 32);
    assert.ok(name.length <= 32, name);
    assert.match(name, /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/);
    assert.notEqual(name, fitName("platform-abcdefghijklmnopqrsu", "web", 32));
    assert.equal(fitName("platform-prod", "web", 32), "platform-prod-web");
  });

  it("buys on-demand only, or spot above an on-demand base", () => {
    assert.deepEqual(instancesDistribution("on-demand", 3), { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100 });
    assert.deepEqual(instancesDistribution("spot", 1), {
      onDemandBaseCapacity: 1,
      onDemandPercentageAboveBaseCapacity: 0,
      spotAllocationStrategy: "price-capacity-optimized",
    });
  });

  it("schedules a tier back to its sizes in the morning and to zero in the evening", () => {
    const [start, stop] = availabilitySchedule(
      { timeZone: "Europe/Dublin", start: "0 8 * * MON-FRI", stop: "0 20 * * MON-FRI" },
      { min: 1, desired: 2, max: 4 },
    );
    assert.deepEqual(start, { name: "start", recurrence: "0 8 * * MON-FRI", timeZone: "Europe/Dublin", minSize: 1, maxSize: 4, desiredCapacity: 2 });
    assert.deepEqual([stop.minSize, stop.maxSize, stop.desiredCapacity, stop.recurrence], [0, 0, 0, "0 20 * * MON-FRI"]);
  });

  const policyInput = {
    partition: "aws",
    region: "eu-west-1",
    accountId: "123456789012",
    releaseBucketArn: "arn:aws:s3:::platform-shared-releases",
    queueArns: ["arn:aws:sqs:eu-west-1:123456789012:platform-prod-jobs"],
    secretArns: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"],
    bucketArns: ["arn:aws:s3:::platform-prod-uploads"],
    kmsKeyArns: ["arn:aws:kms:eu-west-1:123456789012:key/k"],
    logGroupPrefix: "/platform-prod/",
    metricNamespaces: ["CWAgent", "platform-prod"],
  };
  const WILDCARD_ALLOWED = new Set(["PutMetrics", "DescribeOwnTags"]);

  for (const [what, release, objects] of [
    ["a pinned release", "1.4.2", ["arn:aws:s3:::platform-shared-releases/releases/1.4.2/app.tar.gz"]],
    [
      "the current pointer",
      undefined,
      ["arn:aws:s3:::platform-shared-releases/releases/current", "arn:aws:s3:::platform-shared-releases/releases/*/app.tar.gz"],
    ],
  ] as const) {
    it(`lets instances read only ${what} of the release bucket, and nothing on "*" but conditioned metrics and tags`, () => {
      const { Statement } = instancePolicy({ ...policyInput, release });
      assert.deepEqual(Statement.find((s) => s.Sid === "ReadRelease")?.Resource, objects);
      for (const statement of Statement) {
        assert.ok(!statement.Action.some((a) => a === "*" || a.endsWith(":*")), `${statement.Sid} has a wildcard action`);
        if (statement.Resource === "*") {
          assert.ok(WILDCARD_ALLOWED.has(statement.Sid), `${statement.Sid} on "*"`);
          assert.ok(statement.Condition, `${statement.Sid} on "*" without a condition`);
        } else {
          for (const arn of statement.Resource) assert.ok(arn.startsWith("arn:aws:"), arn);
        }
      }
      assert.deepEqual(Statement.find((s) => s.Sid === "WorkQueues")?.Resource, policyInput.queueArns);
    });
  }

  it("leaves out statements for resources the environment does not have yet", () => {
    const sids = instancePolicy({ ...policyInput, queueArns: [], secretArns: [], bucketArns: [] }).Statement.map((s) => s.Sid);
    assert.deepEqual(sids, ["ReadRelease", "UseKeysThroughServices", "WriteLogs", "PutMetrics", "DescribeOwnTags"]);
  });

  it("renders a boot script that installs the agent, fetches the release and starts the tier", () => {
    const base = { tier: "web", region: "eu-west-1", releaseBucket: "rel", port: 8080, logGroupPrefix: "/p/", environment: { QUEUE_URL: "https://q" } };
    const pinned = renderUserData({ ...base, release: "1.4.2" });
    assert.match(pinned, /^#!\/bin\/bash\nset -euo pipefail/);
    assert.match(pinned, /dnf install -y amazon-cloudwatch-agent/);
    assert.match(pinned, /RELEASE=1\.4\.2/);
    assert.match(pinned, /aws s3 cp "s3:\/\/rel\/releases\/\$RELEASE\/app\.tar\.gz"/);
    assert.match(pinned, /QUEUE_URL=https:\/\/q/);
    assert.match(pinned, /systemctl enable --now platform-web\.service/);
    assert.doesNotMatch(pinned, /PROXY/);
    const following = renderUserData({ ...base, proxyUrl: "http://proxy.internal:3128", noProxy: "169.254.169.254,.internal" });
    assert.match(following, /aws s3 cp s3:\/\/rel\/releases\/current -/);
    assert.match(following, /export HTTP_PROXY=http:\/\/proxy.internal:3128 HTTPS_PROXY=http:\/\/proxy.internal:3128 NO_PROXY=169.254.169.254,.internal/);
  });

  it("knows the Fargate task sizes", () => {
    for (const [cpu, memory] of [
      [256, 512],
      [512, 4096],
      [1024, 8192],
      [4096, 30720],
    ]) {
      assert.deepEqual(fargateSizeProblems(cpu, memory), [], `${cpu}/${memory}`);
    }
    assert.match(fargateSizeProblems(256, 4096)[0], /memory 4096 does not go with cpu 256/);
    assert.match(fargateSizeProblems(1024, 2500)[0], /memory 2500/);
    assert.match(fargateSizeProblems(300, 1024)[0], /cpu 300 is no Fargate task size/);
  });

  it("checks EventBridge Scheduler cron expressions", () => {
    assert.deepEqual(schedulerCronProblems("cron(0 3 * * ? *)"), []);
    assert.deepEqual(schedulerCronProblems("cron(15 10 ? * MON-FRI *)"), []);
    assert.match(schedulerCronProblems("0 3 * * *")[0], /expected cron\(/);
    assert.match(schedulerCronProblems("cron(0 3 * * *)")[0], /expected 6 fields/);
    assert.match(schedulerCronProblems("cron(0 3 * * MON *)")[0], /\? in exactly one/);
    assert.match(schedulerCronProblems("cron(0 3 ? * ? *)")[0], /\? in exactly one/);
    assert.match(schedulerCronProblems("cron(0 3 * * ? $)")[0], /field "\$"/);
  });
});
