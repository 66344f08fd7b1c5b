import { applicationStatements, policyDocument, putMetricsStatement, type ApplicationAccess, type PolicyDocument } from "./app-access-plan";
import { releasePaths } from "./release-plan";

export interface InstancePolicyInput extends ApplicationAccess {
  partition: string;
  accountId: string;
  releaseBucketArn: string;
  /** The pinned release version; undefined when none is, and no release may be read. */
  release: string | undefined;
  /** The release a beta web group runs beside it, if any. */
  betaRelease?: string;
  /** Log groups the CloudWatch agent writes, as a name prefix such as /platform/prod/. */
  logGroupPrefix: string;
  /** Names of the Auto Scaling groups whose instances use the role, e.g. platform-prod-web and platform-prod-web-beta. */
  groupNames: string[];
  /** CloudWatch namespaces the agent and the application publish metrics to. */
  metricNamespaces: string[];
}

/**
 * What an instance may do: read its release, work its queues, read its secrets, use its buckets,
 * and ship logs and metrics. Statements without resources are left out.
 */
export function instancePolicy(input: InstancePolicyInput): PolicyDocument {
  const { partition, region, accountId } = input;
  const releaseObjects = [input.release, input.betaRelease]
    .filter((r): r is string => r !== undefined)
    .map((r) => `${input.releaseBucketArn}/${releasePaths.artifact(r)}`);
  const logGroups = `arn:${partition}:logs:${region}:${accountId}:log-group:${input.logGroupPrefix}*`;
  return policyDocument([
    { Sid: "ReadRelease", Effect: "Allow", Action: ["s3:GetObject"], Resource: releaseObjects },
    ...applicationStatements(input),
    {
      // The log groups belong to the stack (encrypted, with retention); instances only write to them.
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: [logGroups],
    },
    putMetricsStatement(input.metricNamespaces),
    {
      // The boot script's EXIT trap marks its own instance Unhealthy when a step fails (user-data-plan.ts).
      Sid: "ReportFailedBoot",
      Effect: "Allow",
      Action: ["autoscaling:SetInstanceHealth"],
      Resource: input.groupNames.map((group) => `arn:${partition}:autoscaling:${region}:${accountId}:autoScalingGroup:*:autoScalingGroupName/${group}`),
    },
    // The CloudWatch agent reads the instance's own tags for metric dimensions; DescribeTags has no
    // resource-level permissions, so Resource must be "*", limited to this region.
    { Sid: "DescribeOwnTags", Effect: "Allow", Action: ["ec2:DescribeTags"], Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": region } } },
  ]);
}
