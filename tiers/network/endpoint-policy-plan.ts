/**
 * VPC endpoint policies: what may pass through each endpoint at most (they grant nothing themselves). The
 * default policy lets any principal reach any resource of any account, so a stolen or foreign credential,
 * or a bucket of another account, goes straight through it. These keep both ends in this account
 * (`aws:PrincipalAccount`, `aws:ResourceAccount`, global keys "included in the request context for most
 * service actions": IAM User Guide, global condition keys), following AWS's data perimeter examples
 * (aws-samples/data-perimeter-policy-examples, vpc_endpoint_policies/).
 */
import { POLICY_SCOPED_INTERFACE_SERVICES } from "./interface-endpoints-plan";

export { POLICY_SCOPED_INTERFACE_SERVICES };

export interface EndpointPolicyScope {
  partition: string;
  region: string;
  accountId: string;
}

interface Statement {
  Sid: string;
  Effect: "Allow";
  Principal: "*";
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface EndpointPolicy {
  Version: "2012-10-17";
  Statement: Statement[];
}

function ownAccount(scope: EndpointPolicyScope, resources: string | string[] = "*"): Statement {
  return {
    Sid: "OwnPrincipalsToOwnResources",
    Effect: "Allow",
    Principal: "*",
    Action: "*",
    Resource: resources,
    Condition: { StringEquals: { "aws:PrincipalAccount": scope.accountId, "aws:ResourceAccount": scope.accountId } },
  };
}

/**
 * The policy of an interface endpoint, or undefined for a service that keeps the full-access default. SSM
 * also reads AWS-owned documents and public parameters (`arn:...:ssm:<region>::document/*`), which belong to
 * no account of ours: the data perimeter's ssm example allows them to our principals, read-only here.
 */
export function interfaceEndpointPolicy(service: string, scope: EndpointPolicyScope): EndpointPolicy | undefined {
  if (!(POLICY_SCOPED_INTERFACE_SERVICES as readonly string[]).includes(service)) return undefined;
  const statements = [ownAccount(scope)];
  if (service === "ssm") {
    statements.push({
      Sid: "OwnPrincipalsToAwsOwnedSsmResources",
      Effect: "Allow",
      Principal: "*",
      Action: ["ssm:Describe*", "ssm:List*", "ssm:Get*"],
      Resource: [`arn:${scope.partition}:ssm:${scope.region}::document/*`, `arn:${scope.partition}:ssm:${scope.region}::parameter/aws/*`],
      Condition: { StringEquals: { "aws:PrincipalAccount": scope.accountId } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** DynamoDB through its gateway endpoint: this account's tables, by this account's principals. */
export function dynamodbEndpointPolicy(scope: EndpointPolicyScope): EndpointPolicy {
  return { Version: "2012-10-17", Statement: [ownAccount(scope)] };
}

/**
 * AWS-owned buckets the instances read through the S3 gateway endpoint, objects only, often unsigned or by an
 * AWS service's presigned URL, so no principal condition fits them (data perimeter, AllowRequestsToAWSOwnedResources):
 * - the Amazon Linux 2023 repositories and kernel live patches (AL2023 User Guide, live patching);
 * - what SSM Agent fetches for updates, Run Command plugins, distributor packages, document attachments
 *   and patching (Systems Manager User Guide, "SSM Agent communications with AWS managed S3 buckets");
 * - the CloudWatch agent's own download bucket (CloudWatch User Guide, installing the agent from S3);
 * - ECR's image layers, fetched with URLs ECR presigns (ECR User Guide, "Minimum Amazon S3 bucket permissions").
 */
export function awsOwnedBucketObjects({ partition, region }: EndpointPolicyScope): string[] {
  return [
    `al2023-repos-${region}-de612dc2`,
    `al2023-${region}`,
    `aws-ssm-${region}`,
    `amazon-ssm-${region}`,
    `amazon-ssm-packages-${region}`,
    `${region}-birdwatcher-prod`,
    `aws-ssm-distributor-file-${region}`,
    `aws-ssm-document-attachments-${region}`,
    `patch-baseline-snapshot-${region}`,
    `amazoncloudwatch-agent-${region}`,
    `prod-${region}-starport-layer-bucket`,
  ].map((bucket) => `arn:${partition}:s3:::${bucket}/*`);
}

/**
 * S3 through the gateway endpoint: the platform's own buckets (the environment's and the shared release
 * bucket), by this account's principals and only while they belong to this account, and reads of the
 * AWS-owned buckets above. Any other bucket, above all another account's, is refused at the endpoint.
 */
export function s3EndpointPolicy(scope: EndpointPolicyScope, bucketArns: string[]): EndpointPolicy {
  if (bucketArns.length === 0) throw new Error("the S3 endpoint policy needs at least one of the platform's buckets");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        ...ownAccount(
          scope,
          bucketArns.flatMap((arn) => [arn, `${arn}/*`]),
        ),
        Sid: "OwnPrincipalsToPlatformBuckets",
      },
      { Sid: "ReadAwsOwnedBuckets", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: awsOwnedBucketObjects(scope) },
    ],
  };
}
