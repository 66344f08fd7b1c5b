import { strict as assert } from "assert";
import { cronProblems, isTimeZone } from "../../lib/cron";
import { TLS_POLICY } from "../../tiers/compute/load-balancer";
import type { EnvironmentConfig } from "../../config/load";
import type { Evaluation } from "../../offline/evaluate";
import { appSubnetIds, C, ofCompute, userData } from "../support/compute-resources";
import { evaluated, ofType, one, T, TEST_RELEASE } from "../support/harness";

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
      assert.equal(targetGroup.inputs.deregistrationDelay, 20);
      assert.deepEqual([targetGroup.inputs.healthCheck.interval, targetGroup.inputs.healthCheck.healthyThreshold], [5, 2]);
      assert.ok(targetGroup.inputs.healthCheck.timeout < targetGroup.inputs.healthCheck.interval, "ELB needs the timeout under the interval");
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

    it("boots a script that installs the release its group's pointer names, which the program sets from platform:release", () => {
      for (const tier of ["web", "worker"]) {
        const script = userData(e, tier);
        assert.match(script, /^#!\/bin\/bash/);
        assert.match(script, new RegExp(`^RELEASE_POINTER=/${e.config.namePrefix}/release/${tier}$`, "m"));
        assert.match(script, /^RELEASE_BUCKET=platform-shared-releases-[0-9a-f]+$/m);
        assert.match(script, /^TIER=/m);
        const pointer = one(e, "aws:ssm/parameter:Parameter", `compute-${tier}-release`);
        assert.deepEqual([pointer.inputs.name, pointer.inputs.type, pointer.inputs.value], [`/${e.config.namePrefix}/release/${tier}`, "String", TEST_RELEASE]);
      }
      assert.match(userData(e, "web"), /^TARGET_GROUP_ARN=arn:aws:elasticloadbalancing:/m);
      assert.doesNotMatch(userData(e, "worker"), /^TARGET_GROUP_ARN=/m);
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
        const { minHealthyPercentage: floor, maxHealthyPercentage: ceiling } = refresh.preferences;
        // Auto Scaling's rule: a ceiling of 100-200, at most 100 above the floor. Dev's single instances launch before they go.
        assert.ok(ceiling >= 100 && ceiling <= 200 && ceiling - floor <= 100 && floor >= 0, `${group.name}: ${floor}-${ceiling}`);
        if (stack === "dev") assert.deepEqual([floor, ceiling], [100, 200], group.name);
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

    if (stack === "dev") {
      it("leaves the sizes the schedule sets to the schedule, so a deploy at night does not wake the tiers", () => {
        for (const tier of ["web", "worker"]) {
          assert.deepEqual(one(e, C.group, `compute-${tier}-asg`).options?.ignoreChanges, ["minSize", "maxSize", "desiredCapacity"], tier);
        }
      });
    } else {
      it("leaves desired capacity to the scaling policies and deploys min and max", () => {
        for (const tier of ["web", "worker"]) assert.deepEqual(one(e, C.group, `compute-${tier}-asg`).options?.ignoreChanges, ["desiredCapacity"], tier);
      });
    }

    for (const tier of ["web", "worker"]) {
      it(`gives ${tier} instances a policy naming this environment's release path, logs and keys only`, () => {
        const document = JSON.parse(one(e, C.rolePolicy, `compute-${tier}-instance-policy`).inputs.policy);
        // Tagging names no instance (their ids come later): it is scoped to this environment's groups by its condition.
        const tagging = document.Statement.find((s: { Sid: string }) => s.Sid === "TagOwnRelease");
        for (const group of tagging.Condition.StringEquals["aws:ResourceTag/aws:autoscaling:groupName"])
          assert.ok(group.startsWith(`${e.config.namePrefix}-`), group);
        const resources = document.Statement.filter((s: { Sid: string }) => s !== tagging).flatMap((s: { Resource: string | string[] }) =>
          s.Resource === "*" ? [] : s.Resource,
        );
        const release = document.Statement.find((s: { Sid: string }) => s.Sid === "ReadRelease");
        assert.deepEqual(release.Action, ["s3:GetObject"]);
        for (const arn of release.Resource) assert.match(arn, /^arn:aws:s3:::platform-shared-releases-[0-9a-f]+\/releases\//);
        assert.ok(resources.some((arn: string) => arn.includes(`log-group:/${e.config.namePrefix}/`)));
        // The database by its cluster's resource id, as the app user: rds-db:connect names no stack.
        const cluster = one(e, "aws:rds/cluster:Cluster").computed.clusterResourceId as string;
        const own = new RegExp(`(${e.config.namePrefix}|platform-shared-releases|:key/|:dbuser:${cluster}/app$)`);
        for (const arn of resources) assert.match(arn, own, `${arn} is not this environment's`);
        const sids = document.Statement.map((s: { Sid: string }) => s.Sid);
        for (const sid of ["WorkQueues", "ReadSecrets", "ListBuckets", "UseObjects"]) assert.ok(sids.includes(sid), sid);
        for (const statement of document.Statement.filter((s: { Resource: unknown }) => s.Resource === "*")) {
          assert.ok(["PutMetrics", "DescribeOwnTags", "WatchTargetHealth"].includes(statement.Sid), statement.Sid);
          assert.ok(statement.Condition);
        }
      });
    }

    it("gives web and worker instances roles of their own, each marking only its own group's instances unhealthy", () => {
      const templates = ["web", "worker"].map((tier) => one(e, C.launchTemplate, `compute-${tier}-lt`).inputs.iamInstanceProfile.arn);
      assert.notEqual(templates[0], templates[1]);
      for (const tier of ["web", "worker"]) {
        const document = JSON.parse(one(e, C.rolePolicy, `compute-${tier}-instance-policy`).inputs.policy);
        const health = document.Statement.find((s: { Sid: string }) => s.Sid === "ReportFailedBoot");
        assert.deepEqual(health.Resource, [
          `arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:*:autoScalingGroupName/${e.config.namePrefix}-${tier}`,
        ]);
      }
    });

    it("exports the public URL, load balancer, groups, target group and release", () => {
      const outputs = e.outputs as Record<string, unknown>;
      assert.equal(outputs.url, `https://${stack}.example.com`);
      assert.match(String(outputs.loadBalancerDnsName), /\.elb\.eu-west-1\.amazonaws\.com$/);
      assert.equal(outputs.webGroupName, `${e.config.namePrefix}-web`);
      assert.equal(outputs.workerGroupName, `${e.config.namePrefix}-worker`);
      assert.equal(outputs.release, TEST_RELEASE);
    });
  });
}
