import { strict as assert } from "assert";
import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { formation, names, group, NOW } from "../support/sdk-formation-mocks";

describe("scripts: SdkFormationAws", () => {
  describe("groups", () => {
    it("asks for at most 50 names a call, follows NextToken, and maps sizes, target groups and instances", async () => {
      const { aws, mocks } = formation();
      const wanted = names("web-", 120);
      mocks.autoScaling.on(DescribeAutoScalingGroupsCommand).callsFake((input: { AutoScalingGroupNames: string[]; NextToken?: string }) => {
        // web-2 does not exist; the first chunk answers in two pages.
        const found = input.AutoScalingGroupNames.filter((name) => name !== "web-2").map(group);
        if (input.AutoScalingGroupNames[0] === "web-1" && !input.NextToken) return { AutoScalingGroups: found.slice(0, 10), NextToken: "page-2" };
        if (input.NextToken === "page-2") return { AutoScalingGroups: found.slice(10) };
        return { AutoScalingGroups: found };
      });

      const groups = await aws.groups(wanted);

      const inputs = mocks.autoScaling.commandCalls(DescribeAutoScalingGroupsCommand).map((call) => call.args[0].input);
      assert.deepEqual(inputs.map((input) => `${input.AutoScalingGroupNames?.length} ${input.NextToken ?? "-"}`).sort(), ["20 -", "50 -", "50 -", "50 page-2"]);
      assert.ok(inputs.every((input) => input.MaxRecords === undefined));
      assert.deepEqual(new Set(inputs.flatMap((input) => input.AutoScalingGroupNames)), new Set(wanted));
      assert.equal(groups.length, 119);
      assert.ok(!groups.some((g) => g.groupName === "web-2"));
      assert.deepEqual(
        groups.find((g) => g.groupName === "web-7"),
        {
          groupName: "web-7",
          min: 3,
          desired: 4,
          max: 30,
          targetGroupArns: ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-7/0123456789abcdef"],
          instances: [{ instanceId: "web-7-i1", zone: "eu-west-1a", lifecycleState: "InService", healthStatus: "Healthy", instanceType: "m7g.large" }],
        },
      );
    });

    it("makes no call for no names", async () => {
      const { aws, mocks } = formation();
      assert.deepEqual(await aws.groups([]), []);
      assert.equal(mocks.autoScaling.calls().length, 0);
    });
  });

  it("targetHealth maps each target's id, state and reason", async () => {
    const { aws, mocks } = formation();
    const arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-web/0123456789abcdef";
    mocks.loadBalancing.on(DescribeTargetHealthCommand, { TargetGroupArn: arn }).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: "i-1", Port: 8080 }, TargetHealth: { State: "healthy" } },
        { Target: { Id: "i-2", Port: 8080 }, TargetHealth: { State: "unhealthy", Reason: "Target.FailedHealthChecks", Description: "Health checks failed" } },
      ],
    });
    assert.deepEqual(await aws.targetHealth(arn), [
      { instanceId: "i-1", state: "healthy", reason: undefined },
      { instanceId: "i-2", state: "unhealthy", reason: "Target.FailedHealthChecks" },
    ]);
    assert.equal(mocks.loadBalancing.commandCalls(DescribeTargetHealthCommand).length, 1);
  });

  describe("instances", () => {
    it("filters by instance-id in chunks of 200, never by InstanceIds, follows NextToken, and reads the release tag", async () => {
      const { aws, mocks } = formation();
      const launched = new Date("2026-01-10T11:00:00Z");
      mocks.ec2.on(DescribeInstancesCommand).callsFake((input: { Filters: { Name: string; Values: string[] }[]; NextToken?: string }) => {
        // i-3 is gone: a filter just leaves it out. i-4 is untagged. The first chunk answers in two pages.
        const ids = input.Filters[0].Values.filter((id) => id !== "i-3");
        const instances = ids.map((id) => ({
          InstanceId: id,
          LaunchTime: launched,
          Tags:
            id === "i-4"
              ? [{ Key: "Name", Value: "web" }]
              : [
                  { Key: "Name", Value: "web" },
                  { Key: "platform:release", Value: "1.4.2" },
                ],
        }));
        if (ids[0] === "i-1" && !input.NextToken) return { Reservations: [{ Instances: instances.slice(0, 5) }], NextToken: "more" };
        if (input.NextToken === "more") return { Reservations: [{ Instances: instances.slice(5, 100) }, { Instances: instances.slice(100) }] };
        return { Reservations: [{ Instances: instances }] };
      });
      const wanted = names("i-", 450);

      const facts = await aws.instances(wanted);

      const inputs = mocks.ec2.commandCalls(DescribeInstancesCommand).map((call) => call.args[0].input);
      assert.equal(inputs.length, 4);
      assert.deepEqual(inputs.map((input) => input.Filters?.[0].Values?.length).sort(), [200, 200, 200, 50].sort());
      assert.ok(inputs.every((input) => input.InstanceIds === undefined && input.MaxResults === undefined));
      assert.ok(inputs.every((input) => input.Filters?.length === 1 && input.Filters[0].Name === "instance-id"));
      assert.deepEqual(new Set(inputs.flatMap((input) => input.Filters?.[0].Values)), new Set(wanted));
      assert.equal(facts.length, 449);
      assert.ok(!facts.some((fact) => fact.instanceId === "i-3"));
      assert.deepEqual(
        facts.filter((fact) => ["i-1", "i-4", "i-450"].includes(fact.instanceId)),
        [
          { instanceId: "i-1", launchTime: launched, release: "1.4.2" },
          { instanceId: "i-4", launchTime: launched, release: undefined },
          { instanceId: "i-450", launchTime: launched, release: "1.4.2" },
        ],
      );
    });

    it("makes no call for no ids", async () => {
      const { aws, mocks } = formation();
      assert.deepEqual(await aws.instances([]), []);
      assert.equal(mocks.ec2.calls().length, 0);
    });
  });

  describe("queueDepth", () => {
    const url = "https://sqs.eu-west-1.amazonaws.com/123456789012/prod-jobs";

    it("reads the two counts from SQS and the newest maximum age of the last 15 minutes from CloudWatch", async () => {
      const { aws, mocks } = formation();
      mocks.sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "42", ApproximateNumberOfMessagesNotVisible: "7" } });
      mocks.cloudWatch.on(GetMetricDataCommand).resolves({
        MetricDataResults: [{ Id: "oldest", Timestamps: [new Date("2026-01-10T11:59:00Z"), new Date("2026-01-10T11:58:00Z")], Values: [95, 30] }],
      });

      assert.deepEqual(await aws.queueDepth(url), { url, visible: 42, inFlight: 7, oldestAgeSeconds: 95 });

      const [sqsCall] = mocks.sqs.commandCalls(GetQueueAttributesCommand);
      assert.deepEqual(sqsCall.args[0].input, {
        QueueUrl: url,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      });
      const [metricCall] = mocks.cloudWatch.commandCalls(GetMetricDataCommand);
      assert.deepEqual(metricCall.args[0].input, {
        MetricDataQueries: [
          {
            Id: "oldest",
            MetricStat: {
              Metric: { Namespace: "AWS/SQS", MetricName: "ApproximateAgeOfOldestMessage", Dimensions: [{ Name: "QueueName", Value: "prod-jobs" }] },
              Period: 60,
              Stat: "Maximum",
            },
          },
        ],
        StartTime: new Date("2026-01-10T11:45:00Z"),
        EndTime: NOW,
        ScanBy: "TimestampDescending",
      });
    });

    it("leaves the age out when CloudWatch has no datapoint", async () => {
      const { aws, mocks } = formation();
      mocks.sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" } });
      mocks.cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "oldest", Timestamps: [], Values: [] }] });
      assert.deepEqual(await aws.queueDepth(url), { url, visible: 0, inFlight: 0, oldestAgeSeconds: undefined });
    });
  });
});
