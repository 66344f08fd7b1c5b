import { applicationStatements, policyDocument, putMetricsStatement, type ApplicationAccess, type PolicyDocument } from "./app-access-plan";
import { RELEASE_TAG_KEY, releasePaths } from "./release-plan";

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
  /** The release pointers (SSM parameter names) of those groups, which their instances read at boot. Default: none (container hosts). */
  releasePointers?: string[];
  /** Target groups the instances leave and join while a release restarts them (web). Default: none. */
  targetGroupArns?: string[];
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
    .flatMap((r) => [`${input.releaseBucketArn}/${releasePaths.artifact(r)}`, `${input.releaseBucketArn}/${releasePaths.checksum(r)}`]);
  // A parameter's ARN holds its name without the leading slash: arn:...:parameter/platform-prod/release/web.
  const pointers = (input.releasePointers ?? []).map((name) => `arn:${partition}:ssm:${region}:${accountId}:parameter/${name.replace(/^\//, "")}`);
  const targetGroups = input.targetGroupArns ?? [];
  const logGroups = `arn:${partition}:logs:${region}:${accountId}:log-group:${input.logGroupPrefix}*`;
  return policyDocument([
    { Sid: "ReadRelease", Effect: "Allow", Action: ["s3:GetObject"], Resource: releaseObjects },
    { Sid: "ReadReleasePointer", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: pointers },
    // The deploy routine (deploy-routine-plan.ts) takes its own instance out of its target group while it restarts.
    {
      Sid: "LeaveAndJoinTargetGroup",
      Effect: "Allow",
      Action: ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"],
      Resource: targetGroups,
    },
    // DescribeTargetHealth has no resource-level permissions (Service Authorization Reference, Elastic Load Balancing V2).
    ...(targetGroups.length > 0
      ? [
          {
            Sid: "WatchTargetHealth",
            Effect: "Allow" as const,
            Action: ["elasticloadbalancing:DescribeTargetHealth"],
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": region } },
          },
        ]
      : []),
    // The deploy routine tags its own instance with the release it runs (RELEASE_TAG_KEY), for the formation. CreateTags
    // on an instance takes aws:ResourceTag and aws:TagKeys (Service Authorization Reference, Amazon EC2): the groups'
    // instances only, that one key only.
    ...(pointers.length > 0
      ? [
          {
            Sid: "TagOwnRelease",
            Effect: "Allow" as const,
            Action: ["ec2:CreateTags"],
            Resource: [`arn:${partition}:ec2:${region}:${accountId}:instance/*`],
            Condition: {
              StringEquals: { "aws:ResourceTag/aws:autoscaling:groupName": input.groupNames },
              "ForAllValues:StringEquals": { "aws:TagKeys": [RELEASE_TAG_KEY] },
            },
          },
        ]
      : []),
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
