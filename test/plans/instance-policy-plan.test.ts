import { strict as assert } from "assert";
import { instancePolicy } from "../../tiers/compute/instance-policy-plan";

describe("instance policy", () => {
  const policyInput = {
    partition: "aws",
    region: "eu-west-1",
    accountId: "123456789012",
    releaseBucketArn: "arn:aws:s3:::platform-shared-releases",
    queueArns: ["arn:aws:sqs:eu-west-1:123456789012:platform-prod-jobs"],
    secretArns: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"],
    bucketArns: ["arn:aws:s3:::platform-prod-uploads"],
    kmsKeyArns: ["arn:aws:kms:eu-west-1:123456789012:key/k"],
    databaseUserArns: ["arn:aws:rds-db:eu-west-1:123456789012:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ/app"],
    logGroupPrefix: "/platform-prod/",
    metricNamespaces: ["CWAgent", "platform-prod"],
    groupNames: ["platform-prod-web", "platform-prod-web-beta"],
    release: "1.4.2" as string | undefined,
    releasePointers: ["/platform-prod/release/web", "/platform-prod/release/web-beta"],
    targetGroupArns: ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/platform-prod-web/0123456789abcdef"],
  };
  const WILDCARD_ALLOWED = new Set(["PutMetrics", "DescribeOwnTags", "WatchTargetHealth"]);

  for (const [what, release, betaRelease, objects] of [
    [
      "the pinned release",
      "1.4.2",
      undefined,
      ["arn:aws:s3:::platform-shared-releases/releases/1.4.2/app.tar.gz", "arn:aws:s3:::platform-shared-releases/releases/1.4.2/app.tar.gz.sha256"],
    ],
    [
      "the pinned and the beta release",
      "1.4.2",
      "1.5.0-rc.1",
      [
        "arn:aws:s3:::platform-shared-releases/releases/1.4.2/app.tar.gz",
        "arn:aws:s3:::platform-shared-releases/releases/1.4.2/app.tar.gz.sha256",
        "arn:aws:s3:::platform-shared-releases/releases/1.5.0-rc.1/app.tar.gz",
        "arn:aws:s3:::platform-shared-releases/releases/1.5.0-rc.1/app.tar.gz.sha256",
      ],
    ],
    ["no release when none is pinned", undefined, undefined, undefined],
  ] as const) {
    it(`lets instances read ${what} of the release bucket, and nothing on "*" but conditioned metrics and tags`, () => {
      const { Statement } = instancePolicy({ ...policyInput, release, betaRelease });
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
      assert.deepEqual(
        Statement.find((s) => s.Sid === "ConnectToDatabase"),
        {
          Sid: "ConnectToDatabase",
          Effect: "Allow",
          Action: ["rds-db:connect"],
          Resource: policyInput.databaseUserArns,
        },
      );
    });
  }

  it("leaves out statements for resources the environment does not have yet", () => {
    const sids = instancePolicy({
      ...policyInput,
      queueArns: [],
      secretArns: [],
      bucketArns: [],
      databaseUserArns: [],
      releasePointers: [],
      targetGroupArns: [],
    }).Statement.map((s) => s.Sid);
    assert.deepEqual(sids, ["ReadRelease", "UseKeysThroughServices", "WriteLogs", "PutMetrics", "ReportFailedBoot", "DescribeOwnTags"]);
  });

  it("lets an instance read only its own groups' release pointers, by their ARNs without the name's leading slash", () => {
    const statement = instancePolicy(policyInput).Statement.find((s) => s.Sid === "ReadReleasePointer");
    assert.deepEqual(statement?.Action, ["ssm:GetParameter"]);
    assert.deepEqual(statement?.Resource, [
      "arn:aws:ssm:eu-west-1:123456789012:parameter/platform-prod/release/web",
      "arn:aws:ssm:eu-west-1:123456789012:parameter/platform-prod/release/web-beta",
    ]);
  });

  it("lets a web instance leave and join only its own target groups, and watch target health in its region", () => {
    const { Statement } = instancePolicy(policyInput);
    const membership = Statement.find((s) => s.Sid === "LeaveAndJoinTargetGroup");
    assert.deepEqual(membership?.Action, ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"]);
    assert.deepEqual(membership?.Resource, policyInput.targetGroupArns);
    assert.deepEqual(Statement.find((s) => s.Sid === "WatchTargetHealth")?.Condition, { StringEquals: { "aws:RequestedRegion": "eu-west-1" } });
    const worker = instancePolicy({ ...policyInput, targetGroupArns: [] }).Statement.map((s) => s.Sid);
    assert.ok(!worker.includes("LeaveAndJoinTargetGroup") && !worker.includes("WatchTargetHealth"), worker.join(", "));
  });

  it("lets an instance tag only its groups' instances, with the release key only", () => {
    const statement = instancePolicy(policyInput).Statement.find((s) => s.Sid === "TagOwnRelease");
    assert.deepEqual(statement?.Action, ["ec2:CreateTags"]);
    assert.deepEqual(statement?.Resource, ["arn:aws:ec2:eu-west-1:123456789012:instance/*"]);
    assert.deepEqual(statement?.Condition, {
      StringEquals: { "aws:ResourceTag/aws:autoscaling:groupName": ["platform-prod-web", "platform-prod-web-beta"] },
      "ForAllValues:StringEquals": { "aws:TagKeys": ["platform:release"] },
    });
    const containerHost = instancePolicy({ ...policyInput, releasePointers: [] }).Statement.map((s) => s.Sid);
    assert.ok(!containerHost.includes("TagOwnRelease"), "hosts that take no release tag nothing");
  });

  it("lets an instance mark only its own tier's groups' instances unhealthy", () => {
    const statement = instancePolicy(policyInput).Statement.find((s) => s.Sid === "ReportFailedBoot");
    assert.deepEqual(statement?.Action, ["autoscaling:SetInstanceHealth"]);
    assert.deepEqual(statement?.Resource, [
      "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:*:autoScalingGroupName/platform-prod-web",
      "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:*:autoScalingGroupName/platform-prod-web-beta",
    ]);
  });
});
