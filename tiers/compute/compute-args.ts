import type * as pulumi from "@pulumi/pulumi";
import type { DeploymentAlarms } from "./container-service";
import type { OriginHeaderCondition } from "./load-balancer";
import type { BetaSettings, ComputeSettings, ContainerSettings, WebTierSettings, WorkerTierSettings } from "./tier-settings";

/** What the compute tier uses of the data tier; each list may be empty until that tier exists. */
export interface ComputeData {
  /** Queues the application sends to and works. */
  queueArns: pulumi.Input<string>[];
  /** Secrets the application reads. */
  secretArns: pulumi.Input<string>[];
  /** Buckets the application reads and writes. */
  bucketArns: pulumi.Input<string>[];
  /** rds-db:connect resources of the database user the application logs in as (IAM database authentication). */
  databaseUserArns: pulumi.Input<string>[];
  /** Values the application reads from its environment, e.g. { QUEUE_URL: ... }. */
  environment: Record<string, pulumi.Input<string>>;
  /** The queue whose backlog the worker tier scales on. Default: none, the worker scales on CPU only. */
  workQueueName?: pulumi.Input<string>;
  /** Bucket that accepts ALB access log delivery. Default: none, no access logs. */
  logsBucketName?: pulumi.Input<string>;
  /** Secrets containers get injected at start, by environment variable name. */
  secrets: Record<string, pulumi.Input<string>>;
}

export interface ComputeArgs {
  /** Prefix of every physical name, e.g. platform-prod. */
  namePrefix: string;
  /** Cost allocation tags for the instances the tiers launch. */
  costTags: Record<string, string>;
  /** The stack's name: the public host name is <stack>.<domain>. */
  stack: string;
  /** Region of the environment, e.g. eu-west-1. */
  region: string;
  /** Account the environment is deployed in, for ARNs in the instance policy. */
  accountId: pulumi.Input<string>;
  /** The environment's VPC, from the network tier. */
  vpcId: pulumi.Input<string>;
  /** Subnets of the load balancer, one per zone. */
  publicSubnetIds: pulumi.Input<string>[];
  /** Subnets of the instances and tasks, one per zone. */
  appSubnetIds: pulumi.Input<string>[];
  /** Security groups of the load balancer and of each tier, from the network tier. */
  securityGroupIds: { loadBalancer: pulumi.Input<string>; web: pulumi.Input<string>; worker: pulumi.Input<string> };
  /** Port the web tier listens on and the load balancer forwards to. */
  webPort: number;
  /** How the web tier runs and scales. */
  web: WebTierSettings;
  /** How the worker tier runs and scales. */
  worker: WorkerTierSettings;
  /** Architecture and availability hours of both tiers. */
  settings: ComputeSettings;
  /** The environment's Session Manager log group (SessionLogs), which instance sessions stream to. */
  sessionLogGroupArn: pulumi.Input<string>;
  /** The release to run. Default: none, and the instance tiers have no capacity until one is pinned. */
  release?: string;
  /** The shared stack's release bucket, which instances download releases from. */
  releaseBucketName: pulumi.Input<string>;
  /** Its ARN, for the instance policy. */
  releaseBucketArn: pulumi.Input<string>;
  /** SSM parameter holding the base AMI id, from the shared stack. */
  baseImageParameter: pulumi.Input<string>;
  /** Public hosted zone of `domain`, for the certificate and the alias record. */
  publicZoneId: pulumi.Input<string>;
  /** Public DNS domain, e.g. example.com. */
  domain: pulumi.Input<string>;
  /** Keys the instances and tasks may use through the services that encrypt with them. */
  kmsKeyArns: pulumi.Input<string>[];
  /** CloudWatch namespace of the application's own metrics. */
  metricNamespace: string;
  /** Deletion protection on the load balancer. */
  deletionProtection: boolean;
  /** What the tiers use of the data tier. */
  data: ComputeData;
  /** The egress proxy's URL and what bypasses it, for HTTP(S)_PROXY and NO_PROXY. Default: none, no proxy settings. */
  proxy?: { url: pulumi.Input<string>; noProxy: pulumi.Input<string> };
  /** Behind CloudFront: the ALB answers as origin.<host> and serves only requests carrying this header. Default: none. */
  originHeader?: OriginHeaderCondition;
  /** How tiers whose runtime is containers run. */
  containers: ContainerSettings;
  /** The shared repository container images come from. */
  repositoryUrl: pulumi.Input<string>;
  /** Its ARN, the only repository tasks pull from. */
  repositoryArn: pulumi.Input<string>;
  /** Log group of each tier: the containers' awslogs destination. */
  logGroupNames: { web: pulumi.Input<string>; worker: pulumi.Input<string> };
  /**
   * The alarms a container tier's ECS deployment fails and rolls back on (the release stop alarms), with their resources,
   * declared by observability after this component. Default: none, the circuit breaker alone.
   */
  deploymentAlarms?: DeploymentAlarms;
  /** A second web target running the beta release for a share of the traffic. Default: none. */
  beta?: BetaSettings;
}
