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
  };
  const WILDCARD_ALLOWED = new Set(["PutMetrics", "DescribeOwnTags"]);

  for (const [what, release, betaRelease, objects] of [
    ["the pinned release", "1.4.2", undefined, ["arn:aws:s3:::platform-shared-releases/releases/1.4.2/app.tar.gz"]],
    [
      "the pinned and the beta release",
      "1.4.2",
      "1.5.0-rc.1",
      ["arn:aws:s3:::platform-shared-releases/releases/1.4.2/app.tar.gz", "arn:aws:s3:::platform-shared-releases/releases/1.5.0-rc.1/app.tar.gz"],
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
    const sids = instancePolicy({ ...policyInput, queueArns: [], secretArns: [], bucketArns: [], databaseUserArns: [] }).Statement.map((s) => s.Sid);
    assert.deepEqual(sids, ["ReadRelease", "UseKeysThroughServices", "WriteLogs", "PutMetrics", "ReportFailedBoot", "DescribeOwnTags"]);
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
