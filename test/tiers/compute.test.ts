import { strict as assert } from "assert";
import { cronProblems, isTimeZone } from "../../tiers/compute/compute-plan";
import { TLS_POLICY } from "../../tiers/compute/load-balancer";
import { ConfigError, loadConfig, type EnvironmentConfig } from "../../config/load";
import type { Evaluation } from "../../offline/evaluate";
import { evaluated, evaluatedWith, ofType, one, T } from "../support/harness";

const C = {
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  certificate: "aws:acm/certificate:Certificate",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  group: "aws:autoscaling/group:Group",
  policy: "aws:autoscaling/policy:Policy",
  schedule: "aws:autoscaling/schedule:Schedule",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  taskDefinition: "awsx:ecs:FargateTaskDefinition",
  cluster: "aws:ecs/cluster:Cluster",
  jobSchedule: "aws:scheduler/schedule:Schedule",
} as const;

/** Resources of the compute component only (the proxy tier has groups and load balancers of its own). */
const ofCompute = (e: Evaluation, type: string) => ofType(e, type).filter((r) => r.name.includes("-compute-"));
const appSubnetIds = (e: Evaluation) =>
  ofType(e, T.subnet)
    .filter((s) => s.inputs.tags?.tier === "app")
    .map((s) => s.id)
    .sort();
const userData = (e: Evaluation, tier: string) => Buffer.from(one(e, C.launchTemplate, `compute-${tier}-lt`).inputs.userData, "base64").toString();

for (const [stack, zones, spot] of [
  ["prod", 3, false],
  ["dev", 2, true],
  ["load-test", 3, true],
] as const) {
  describe(`compute of ${stack}`, () => {
    let e: Evaluation;
    before(async () => (e = await evaluated(stack)));

    it("has one public load balancer, in the public subnets, dropping invalid headers; the only internet-facing entry", () => {
      const lb = one(e, C.loadBalancer, "-compute-");
      assert.equal(lb.inputs.internal, false);
      assert.equal(lb.inputs.loadBalancerType, "application");
      assert.equal(lb.inputs.dropInvalidHeaderFields, true);
      assert.equal(lb.inputs.enableDeletionProtection, stack === "prod");
      const publicIds = ofType(e, T.subnet)
        .filter((s) => s.inputs.tags?.tier === "public")
        .map((s) => s.id);
      assert.deepEqual([...lb.inputs.subnets].sort(), publicIds.sort());
      assert.ok(lb.inputs.name.length <= 32);
      for (const other of ofType(e, C.loadBalancer).filter((l) => l !== lb)) assert.equal(other.inputs.internal, true, `${other.name} faces the internet`);
      for (const template of ofCompute(e, C.launchTemplate)) {
        assert.deepEqual(
          template.inputs.networkInterfaces.map((n: Record<string, unknown>) => n.associatePublicIpAddress),
          ["false"],
        );
      }
    });

    it(`serves HTTPS with ${TLS_POLICY} and a DNS-validated certificate, and redirects HTTP`, () => {
      assert.equal(ofCompute(e, C.listener).length, 2);
      const https = one(e, C.listener, "compute-lb-https");
      assert.equal(https.inputs.port, 443);
      assert.equal(https.inputs.protocol, "HTTPS");
      assert.equal(https.inputs.sslPolicy, TLS_POLICY);
      assert.match(https.inputs.certificateArn, /^arn:aws:acm:/);
      // Behind the edge (dev, prod) the ALB is origin.<host> and forwards only CloudFront's requests (test/edge.test.ts).
      const behindEdge = (e.config as EnvironmentConfig).edge.enabled;
      assert.equal(https.inputs.defaultActions[0].type, behindEdge ? "fixed-response" : "forward");
      const http = one(e, C.listener, "compute-lb-http-redirect");
      assert.equal(http.inputs.port, 80);
      assert.deepEqual(http.inputs.defaultActions[0].redirect, { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" });
      const certificate = one(e, C.certificate, "-compute-");
      assert.equal(certificate.inputs.validationMethod, "DNS");
      assert.equal(certificate.inputs.domainName, `${behindEdge ? "origin." : ""}${stack}.example.com`);
      const targetGroup = one(e, C.targetGroup, "-compute-");
      assert.equal(targetGroup.inputs.healthCheck.path, "/healthz");
      assert.equal(targetGroup.inputs.slowStart, 60);
      assert.equal(targetGroup.inputs.deregistrationDelay, 60);
    });

    it("launches with IMDSv2 only, hop limit 1, an encrypted gp3 root volume and the base image", () => {
      for (const template of ofCompute(e, C.launchTemplate).filter((t) => t.name.includes("-compute-"))) {
        assert.equal(template.inputs.metadataOptions.httpTokens, "required");
        assert.equal(template.inputs.metadataOptions.httpPutResponseHopLimit, 1);
        const [volume] = template.inputs.blockDeviceMappings;
        assert.deepEqual([volume.ebs.volumeType, volume.ebs.encrypted], ["gp3", "true"]);
        assert.match(template.inputs.imageId, /^ami-[0-9a-f]{17}$/);
        assert.match(template.inputs.instanceType, /^[a-z]+\d+g[a-z]*\./, "Graviton by default");
      }
    });

    it("boots a script that fetches the release from the release bucket and starts the tier", () => {
      for (const tier of ["web", "worker"]) {
        const script = userData(e, tier);
        assert.match(script, /^#!\/bin\/bash/);
        assert.match(script, /releases\/current/);
        assert.match(script, /s3:\/\/platform-shared-releases-[0-9a-f]+\/releases\/\$RELEASE\/app\.tar\.gz/);
        assert.match(script, new RegExp(`systemctl enable --now platform-${tier}\\.service`));
      }
    });

    it(`spreads both groups over the ${zones} app subnets; web checks ELB health behind the target group, worker EC2`, () => {
      const web = one(e, C.group, "compute-web-asg");
      const worker = one(e, C.group, "compute-worker-asg");
      for (const group of [web, worker]) assert.deepEqual([...group.inputs.vpcZoneIdentifiers].sort(), appSubnetIds(e));
      assert.equal(appSubnetIds(e).length, zones);
      assert.equal(web.inputs.healthCheckType, "ELB");
      assert.ok(web.inputs.healthCheckGracePeriod > 0);
      assert.equal(web.inputs.targetGroupArns.length, 1);
      assert.match(web.inputs.targetGroupArns[0], new RegExp(`:targetgroup/${one(e, C.targetGroup, "-compute-").inputs.name}/`));
      assert.equal(worker.inputs.healthCheckType, "EC2");
      assert.equal(worker.inputs.targetGroupArns, undefined);
      const config = e.config as { web: { min: number; max: number } };
      assert.deepEqual([web.inputs.minSize, web.inputs.maxSize], [config.web.min, config.web.max]);
    });

    it("rolls out new templates by instance refresh with checkpoints, on a numbered template version, leaving rollback to the release script", () => {
      for (const group of ofCompute(e, C.group)) {
        const refresh = group.inputs.instanceRefresh;
        assert.equal(refresh.strategy, "Rolling");
        // AWS's auto rollback would return to the version the provider already set (terraform-provider-aws#34189).
        assert.equal(refresh.preferences.autoRollback, false);
        assert.deepEqual(refresh.preferences.checkpointPercentages, [20, 50, 100]);
        assert.equal(typeof refresh.preferences.minHealthyPercentage, "number");
        const version = group.inputs.launchTemplate?.version ?? group.inputs.mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.version;
        assert.match(version, /^\d+$/);
      }
    });

    it("scales web on requests per target and CPU", () => {
      const requests = one(e, C.policy, "web-requests").inputs.targetTrackingConfiguration;
      assert.equal(requests.predefinedMetricSpecification.predefinedMetricType, "ALBRequestCountPerTarget");
      assert.match(requests.predefinedMetricSpecification.resourceLabel, /^app\/[^/]+\/[0-9a-f]+\/targetgroup\/[^/]+\/[0-9a-f]+$/);
      assert.equal(requests.targetValue, 1000);
      const cpu = one(e, C.policy, "web-cpu").inputs.targetTrackingConfiguration;
      assert.equal(cpu.predefinedMetricSpecification.predefinedMetricType, "ASGAverageCPUUtilization");
      assert.equal(cpu.targetValue, 60);
    });

    it("scales worker on queue backlog per in-service instance (metric math) and CPU", () => {
      const backlog = one(e, C.policy, "worker-backlog").inputs.targetTrackingConfiguration;
      assert.equal(backlog.targetValue, 100);
      const [visible, instances, ratio] = backlog.customizedMetricSpecification.metrics;
      assert.equal(visible.metricStat.metric.metricName, "ApproximateNumberOfMessagesVisible");
      assert.deepEqual(visible.metricStat.metric.dimensions, [{ name: "QueueName", value: `${e.config.namePrefix}-tasks` }]);
      assert.equal(instances.metricStat.metric.metricName, "GroupInServiceInstances");
      assert.deepEqual(instances.metricStat.metric.dimensions, [{ name: "AutoScalingGroupName", value: `${e.config.namePrefix}-worker` }]);
      assert.deepEqual([ratio.expression, ratio.returnData, visible.returnData, instances.returnData], ["visible / instances", true, false, false]);
      assert.equal(one(e, C.policy, "worker-cpu").inputs.targetTrackingConfiguration.targetValue, 70);
    });

    it("writes ALB access logs to the data tier's logs bucket and passes the proxy to instances", () => {
      const logsBucket = ofType(e, T.bucket).find((b) => b.name.includes("-data-") && b.name.endsWith("-logs"));
      assert.ok(logsBucket, "no logs bucket");
      const accessLogs = one(e, C.loadBalancer, "-compute-").inputs.accessLogs;
      assert.equal(accessLogs.enabled, true);
      assert.ok(accessLogs.bucket.startsWith(logsBucket.name), `access logs go to ${accessLogs.bucket}`);
      for (const tier of ["web", "worker"]) {
        const script = userData(e, tier);
        assert.match(script, /export HTTP_PROXY=http:\/\/\S+:3128 /);
        assert.match(script, /NO_PROXY=\S*169\.254\.169\.254/);
        assert.match(script, new RegExp(`TASKS_QUEUE_URL=https://sqs\\.eu-west-1\\.amazonaws\\.com/\\d+/${e.config.namePrefix}-tasks`));
      }
    });

    it(spot ? "buys spot above an on-demand base, with capacity rebalancing" : "buys on-demand only", () => {
      for (const group of ofCompute(e, C.group)) {
        const distribution = group.inputs.mixedInstancesPolicy?.instancesDistribution;
        if (spot) {
          assert.ok(distribution.onDemandBaseCapacity >= 1, group.name);
          assert.equal(distribution.onDemandPercentageAboveBaseCapacity, 0);
          assert.equal(group.inputs.capacityRebalance, true);
          // Dev diversifies its spot pools; load-test runs exactly the types of the stack it mirrors.
          if (stack === "dev") assert.ok(group.inputs.mixedInstancesPolicy.launchTemplate.overrides.length > 1);
        } else {
          assert.ok(distribution === undefined || distribution.onDemandPercentageAboveBaseCapacity === 100, group.name);
        }
      }
    });

    if (stack === "dev") {
      it("scales every tier to zero on weekday evenings and back in the morning, in the configured time zone", () => {
        const schedules = ofCompute(e, C.schedule);
        assert.equal(schedules.length, 4);
        for (const schedule of schedules) {
          assert.deepEqual(cronProblems(schedule.inputs.recurrence), []);
          assert.equal(schedule.inputs.timeZone, "Europe/Dublin");
          assert.ok(isTimeZone(schedule.inputs.timeZone));
        }
        for (const stop of schedules.filter((s) => s.name.endsWith("-stop"))) {
          assert.deepEqual([stop.inputs.minSize, stop.inputs.maxSize, stop.inputs.desiredCapacity], [0, 0, 0]);
          assert.equal(stop.inputs.recurrence, "0 20 * * MON-FRI");
        }
        for (const start of schedules.filter((s) => s.name.endsWith("-start"))) assert.ok(start.inputs.maxSize > 0);
      });
    } else {
      it("has no availability hours", () => assert.equal(ofCompute(e, C.schedule).length, 0));
    }

    it("has no jobs until a release is pinned (they run the release's image)", () => {
      assert.equal(ofType(e, C.taskDefinition).length, 0);
      assert.equal((e.outputs as Record<string, unknown>).migrationTaskDefinitionArn, undefined);
    });

    it("gives instances a policy naming this environment's release path, logs and keys only", () => {
      const document = JSON.parse(one(e, C.rolePolicy, "compute-instance-policy").inputs.policy);
      const resources = document.Statement.flatMap((s: { Resource: string | string[] }) => (s.Resource === "*" ? [] : s.Resource));
      const release = document.Statement.find((s: { Sid: string }) => s.Sid === "ReadRelease");
      assert.deepEqual(release.Action, ["s3:GetObject"]);
      for (const arn of release.Resource) assert.match(arn, /^arn:aws:s3:::platform-shared-releases-[0-9a-f]+\/releases\//);
      assert.ok(resources.some((arn: string) => arn.includes(`log-group:/${e.config.namePrefix}/`)));
      const own = new RegExp(`(${e.config.namePrefix}|platform-shared-releases|rds!db-|:key/)`);
      for (const arn of resources) assert.match(arn, own, `${arn} is not this environment's`);
      const sids = document.Statement.map((s: { Sid: string }) => s.Sid);
      for (const sid of ["WorkQueues", "ReadSecrets", "ListBuckets", "UseObjects"]) assert.ok(sids.includes(sid), sid);
      for (const statement of document.Statement.filter((s: { Resource: unknown }) => s.Resource === "*")) {
        assert.ok(["PutMetrics", "DescribeOwnTags"].includes(statement.Sid), statement.Sid);
        assert.ok(statement.Condition);
      }
    });

    it("exports the public URL, load balancer, groups, target group and release", () => {
      const outputs = e.outputs as Record<string, unknown>;
      assert.equal(outputs.url, `https://${stack}.example.com`);
      assert.match(String(outputs.loadBalancerDnsName), /\.elb\.eu-west-1\.amazonaws\.com$/);
      assert.equal(outputs.webGroupName, `${e.config.namePrefix}-web`);
      assert.equal(outputs.workerGroupName, `${e.config.namePrefix}-worker`);
      assert.equal(outputs.release, "current");
    });
  });
}

describe("compute options", () => {
  // One evaluation for all three: evaluating a stack costs seconds.
  let e: Evaluation;
  before(async () => {
    e = await evaluatedWith("prod-abcdefghijklmno", {
      stackFile: "prod",
      config: {
        "platform:role": "prod",
        "platform:web": { min: 3, desired: 6, max: 300, warmPool: { minSize: 2, poolState: "Stopped" } },
        "platform:release": "1.4.2",
      },
    });
  });

  it("fits load balancer and target group names of a 20-character stack in 32 characters", () => {
    assert.equal(e.config.identity.stack.length, 20);
    for (const type of [C.loadBalancer, C.targetGroup]) {
      const { name } = one(e, type, "-compute-").inputs;
      assert.ok(name.length <= 32, `${type} name ${name} is ${name.length} characters`);
    }
  });

  it("adds a warm pool to web when configured", () => {
    assert.deepEqual(one(e, C.group, "compute-web-asg").inputs.warmPool, { minSize: 2, poolState: "Stopped" });
    assert.equal(one(e, C.group, "compute-worker-asg").inputs.warmPool, undefined);
  });

  it("boots the release named in platform:release and lets instances read only that one", () => {
    assert.match(userData(e, "web"), /RELEASE=1\.4\.2/);
    assert.doesNotMatch(userData(e, "web"), /releases\/current/);
    const document = JSON.parse(one(e, C.rolePolicy, "compute-instance-policy").inputs.policy);
    const release = document.Statement.find((s: { Sid: string }) => s.Sid === "ReadRelease");
    assert.equal(release.Resource.length, 1);
    assert.match(release.Resource[0], /\/releases\/1\.4\.2\/app\.tar\.gz$/);
    assert.equal((e.outputs as Record<string, unknown>).release, "1.4.2");
  });

  it("runs migrations and scheduled jobs on Fargate with the release's image, logs and secrets", () => {
    const definitions = ofType(e, C.taskDefinition);
    assert.deepEqual(definitions.map((d) => d.inputs.family).sort(), [`${e.config.namePrefix}-migrate`, `${e.config.namePrefix}-nightly-cleanup`]);
    const migrate = one(e, C.taskDefinition, "jobs-migrate");
    assert.deepEqual([migrate.inputs.cpu, migrate.inputs.memory], ["512", "1024"]);
    assert.deepEqual(migrate.inputs.runtimePlatform, { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" });
    assert.deepEqual(migrate.inputs.logGroup, { existing: { name: `/${e.config.namePrefix}/jobs`, region: "eu-west-1" } });
    const container = migrate.inputs.container;
    assert.match(container.image, /\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/[^:]+:1\.4\.2$/);
    assert.deepEqual(container.command, ["bin/migrate"]);
    assert.deepEqual(
      container.secrets.map((x: { name: string }) => x.name),
      ["DATABASE_SECRET", "CACHE_AUTH_TOKEN"],
    );
    for (const secret of container.secrets) assert.match(secret.valueFrom, /^arn:aws:secretsmanager:/);
    const [readSecrets] = migrate.inputs.executionRole.args.inlinePolicies;
    assert.deepEqual(
      JSON.parse(readSecrets.policy).Statement[0].Resource,
      container.secrets.map((x: { valueFrom: string }) => x.valueFrom),
    );
    assert.equal(one(e, C.cluster, "-jobs-").inputs.name, `${e.config.namePrefix}-jobs`);
    const [access] = migrate.inputs.taskRole.args.inlinePolicies;
    const granted = JSON.parse(access.policy).Statement as { Sid: string; Resource: string | string[] }[];
    const queues = granted.find((statement) => statement.Sid === "WorkQueues")?.Resource;
    assert.deepEqual(
      queues,
      ofType(e, "aws:sqs/queue:Queue")
        .filter((q) => !q.name.endsWith("-dlq"))
        .map((q) => q.computed.arn),
    );

    const schedule = one(e, C.jobSchedule, "nightly-cleanup");
    assert.equal(schedule.inputs.scheduleExpression, "cron(0 3 * * ? *)");
    assert.equal(schedule.inputs.scheduleExpressionTimezone, "UTC");
    const ecs = schedule.inputs.target.ecsParameters;
    assert.equal(ecs.launchType, "FARGATE");
    assert.match(ecs.taskDefinitionArn, new RegExp(`task-definition/${e.config.namePrefix}-nightly-cleanup:\\d+$`));
    assert.equal(ecs.networkConfiguration.assignPublicIp, false);
    assert.deepEqual([...ecs.networkConfiguration.subnets].sort(), appSubnetIds(e));
    const policy = JSON.parse(one(e, C.rolePolicy, "jobs-scheduler-policy").inputs.policy);
    assert.deepEqual(policy.Statement[0].Action, ["ecs:RunTask"]);
    assert.deepEqual(policy.Statement[0].Resource, [`arn:aws:ecs:eu-west-1:123456789012:task-definition/${e.config.namePrefix}-nightly-cleanup:*`]);
    assert.ok(policy.Statement[0].Condition.ArnEquals["ecs:cluster"]);
    const outputs = e.outputs as Record<string, unknown>;
    assert.match(String(outputs.migrationTaskDefinitionArn), /task-definition\/.*-migrate:\d+$/);
  });
});

describe("compute config", () => {
  const identity = (stack: string) => ({ project: "platform", stack, organization: "organization" });
  const base = { "aws:region": "eu-west-1", "platform:owner": "team", "platform:costCenter": "42" };
  function problems(stack: string, values: Record<string, unknown>): string {
    const raw = Object.fromEntries(Object.entries({ ...base, ...values }).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    try {
      loadConfig(raw, identity(stack));
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.problems.join("\n");
    }
    assert.fail("expected the config to be rejected");
  }

  for (const { what, stack, values, expect } of [
    {
      what: "min above desired above max",
      stack: "dev",
      values: { "platform:web": { min: 5, desired: 4, max: 3 } },
      expect: [/platform:web.min: found 5; expected min <= max \(3\)/, /platform:web.desired: found 4; expected desired between min \(5\) and max \(3\)/],
    },
    {
      what: "zero max",
      stack: "dev",
      values: { "platform:worker": { min: 0, desired: 0, max: 0 } },
      expect: [/platform:worker.max: found 0; expected at least 1/],
    },
    {
      what: "an x86 family on the arm64 base image",
      stack: "prod",
      values: { "platform:web": { instanceTypes: ["m7i.large"] } },
      expect: [/platform:web.instanceTypes: found \["m7i.large"\]; m7i.large is an x86_64 family \(m7i\) but the base image is arm64/],
    },
    { what: "an unknown family", stack: "dev", values: { "platform:worker": { instanceTypes: ["zz9.large"] } }, expect: [/zz9.large is no EC2 instance type/] },
    { what: "burstable types in prod", stack: "prod", values: { "platform:web": { instanceTypes: ["t4g.large"] } }, expect: [/t4g.large is burstable/] },
    {
      what: "a malformed cron",
      stack: "dev",
      values: { "platform:compute": { availabilityHours: { timeZone: "Europe/Dublin", start: "0 8 * *", stop: "0 25 * * MON-FRI" } } },
      expect: [
        /platform:compute.availabilityHours.start: found "0 8 \* \*"; expected 5 cron fields/,
        /platform:compute.availabilityHours.stop: found "0 25 \* \* MON-FRI"; hour "25"/,
      ],
    },
    {
      what: "an unknown time zone",
      stack: "dev",
      values: { "platform:compute": { availabilityHours: { timeZone: "Europe/Springfield", start: "0 8 * * 1-5", stop: "0 20 * * 1-5" } } },
      expect: [/platform:compute.availabilityHours.timeZone: found "Europe\/Springfield"; expected an IANA time zone name/],
    },
    {
      what: "availability hours in prod",
      stack: "prod",
      values: { "platform:compute": { availabilityHours: { timeZone: "UTC", start: "0 8 * * 1-5", stop: "0 20 * * 1-5" } } },
      expect: [/platform:compute.availabilityHours: .*role prod keeps at least 2 instances per tier/],
    },
    {
      what: "a warm pool on spot",
      stack: "dev",
      values: { "platform:web": { warmPool: { minSize: 1, poolState: "Stopped" } } },
      expect: [/platform:web.warmPool: .*a warm pool needs purchase on-demand/],
    },
    {
      what: "a malformed job schedule and a size Fargate does not run",
      stack: "prod",
      values: { "platform:jobs": { cpu: 256, memory: 4096, schedules: [{ name: "report", cron: "0 3 * * *", command: ["bin/report"] }] } },
      expect: [
        /platform:jobs.schedules.0.cron: found "0 3 \* \* \*"; expected cron\(minutes hours/,
        /platform:jobs.memory: found 4096; memory 4096 does not go with cpu 256/,
      ],
    },
    {
      what: "an unknown purchase option",
      stack: "dev",
      values: { "platform:web": { purchase: "reserved" } },
      expect: [/platform:web.purchase: found "reserved"; expected one of on-demand, spot/],
    },
  ]) {
    it(`rejects ${what} with a message naming key, value and what is allowed`, () => {
      const found = problems(stack, values);
      for (const pattern of expect) assert.match(found, pattern);
    });
  }
});
