import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig } from "../config/load";
import type { SharedOutputs } from "../contracts/outputs";
import type { Outputs } from "../contracts/reference";
import type { BucketGrants } from "../tiers/data/buckets";
import type { Compute } from "../tiers/compute/compute";
import type { Data } from "../tiers/data/data";
import { Edge } from "../tiers/edge/edge";
import { accessLogDeliveryStatement, originAccessStatement } from "../tiers/edge/edge-plan";
import { OriginHeader } from "../tiers/edge/origin-header";

/** What the data and compute tiers take from the edge before it exists. */
export interface EdgePrelude {
  /** The assets bucket's reader and the logs bucket's writer, in each bucket's one policy. */
  bucketGrants: BucketGrants;
  /** The header CloudFront sends and the ALB requires. */
  originHeader: OriginHeader;
  distributionArnFrom: (edge: Edge) => void;
  accountId: pulumi.Output<string>;
}

/** The parts of the edge the tiers are built with, when `platform:edge.enabled`. */
export function prepareEdge(
  config: EnvironmentConfig,
  provider: aws.Provider,
  accountId: pulumi.Output<string>,
  kmsKeyArn: pulumi.Input<string>,
): EdgePrelude | undefined {
  if (!config.edge.enabled) return undefined;
  // The distribution reads the assets bucket, whose policy names the distribution: the ARN is passed in once known.
  const [distributionArn, resolveDistributionArn] = pulumi.deferredOutput<string>();
  return {
    bucketGrants: {
      assets: (bucketArn) => distributionArn.apply((arn) => [originAccessStatement(bucketArn, arn)]),
      logs: (bucketArn) => accountId.apply((id) => [accessLogDeliveryStatement(bucketArn, id)]),
    },
    originHeader: new OriginHeader(
      `${config.namePrefix}-origin-header`,
      { namePrefix: config.namePrefix, kmsKeyArn, protect: config.protect, generations: config.edge.originSecretGenerations },
      { provider },
    ),
    distributionArnFrom: (edge) => resolveDistributionArn(edge.distributionArn),
    accountId,
  };
}

/** CloudFront in front of the assets bucket and the compute tier's ALB, at the environment's public host name. */
export function buildEdge(
  prelude: EdgePrelude,
  {
    config,
    provider,
    shared,
    data,
    compute,
  }: { config: EnvironmentConfig; provider: aws.Provider; shared: Outputs<SharedOutputs>; data: Data; compute: Compute },
): Edge {
  const { priceClass, rateLimit, evaluationWindowSec, maxRequestBodyKb } = config.edge;
  const edge = new Edge(
    `${config.namePrefix}-edge`,
    {
      namePrefix: config.namePrefix,
      accountId: prelude.accountId,
      protect: config.protect,
      hostName: pulumi.interpolate`${config.identity.stack}.${shared.domain}`,
      zoneId: shared.publicZoneId,
      settings: { priceClass, rateLimit, evaluationWindowSec, maxRequestBodyKb, logRetentionDays: config.observability.logRetentionDays },
      assetsBucketDomainName: data.buckets.assets.bucketRegionalDomainName,
      loadBalancerHostName: compute.loadBalancerHostName,
      originHeader: prelude.originHeader,
      logsBucketArn: data.buckets.logs.bucketArn,
    },
    { provider },
  );
  prelude.distributionArnFrom(edge);
  return edge;
}
