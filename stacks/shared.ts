import * as aws from "@pulumi/aws";
import type { SharedConfig } from "../config/load";
import type { Exports, SharedOutputs } from "../contracts/outputs";
import { Alerting } from "../tiers/observability/alerting";
import { partitionOf } from "../lib/arn";
import { amazonLinuxParameter } from "../lib/images";
import { registryLifecyclePolicy } from "../tiers/artifacts/registry-lifecycle-plan";
import { SecureBucket } from "../lib/secure-bucket";
import { StackKey } from "../lib/stack-key";
import { awsProvider } from "./provider";

/** What outlives environments: releases, images, the public zone, the base image and org alerts. */
export function sharedProgram(config: SharedConfig): Exports<SharedOutputs> {
  const prefix = config.namePrefix;
  const provider = awsProvider(config);
  // `protect` goes on stateful resources only; on a component, every child would inherit it.
  const stateful = { provider, protect: config.protect };
  const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;

  const key = new StackKey(
    `${prefix}-key`,
    {
      namePrefix: prefix,
      region: config.region,
      accountId,
      // The org topic takes the critical alarms of every environment of the project (`<project>-<stack>-...`).
      uses: { logGroupNamePrefixes: [`/${prefix}/`], alarmNamePrefix: `${config.identity.project}-` },
      deletionWindowDays: config.protect ? 30 : 7,
      protect: config.protect,
    },
    { provider },
  );

  const releases = new SecureBucket(
    `${prefix}-releases`,
    {
      versioned: true,
      // SSE-S3 so that every environment's instance role can read releases without a grant on this stack's key.
      encryption: { kind: "s3-managed" },
      lifecycleRules: [
        { id: "expire-old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: config.releases.noncurrentVersionDays } },
        { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
      ],
      forceDestroy: !config.protect,
      protect: config.protect,
    },
    { provider },
  );

  const repository = new aws.ecr.Repository(
    `${prefix}-app`,
    {
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "AES256" }],
      forceDelete: !config.protect,
    },
    stateful,
  );
  new aws.ecr.LifecyclePolicy(`${prefix}-app-lifecycle`, { repository: repository.name, policy: registryLifecyclePolicy(config.registry) }, { provider });

  const zone =
    config.publicZone === "existing"
      ? aws.route53.getZoneOutput({ name: config.domain, privateZone: false }, { provider })
      : new aws.route53.Zone(`${prefix}-public-zone`, { name: config.domain, comment: `Public zone of ${config.domain}, managed by ${prefix}` }, stateful);

  const latestImage = aws.ssm.getParameterOutput({ name: amazonLinuxParameter(config.baseImage.architecture) }, { provider }).value;
  const baseImage = new aws.ssm.Parameter(
    `${prefix}-base-image`,
    {
      name: `/${prefix}/base-image/${config.baseImage.architecture}`,
      description: config.baseImage.amiId ? "Curated base image of every tier" : "Latest Amazon Linux 2023 image as of the last shared deploy",
      type: "String",
      dataType: "aws:ec2:image",
      value: config.baseImage.amiId ?? latestImage,
    },
    { provider },
  );

  const orgAlerts = new Alerting(
    `${prefix}-org-alerts`,
    { displayName: "Platform organization alerts", accountId, partition: partitionOf(config.region), kmsKeyArn: key.keyArn, recipients: config.alerts },
    { provider },
  );

  return {
    releaseBucketName: releases.bucketName,
    releaseBucketArn: releases.bucketArn,
    repositoryUrl: repository.repositoryUrl,
    repositoryArn: repository.arn,
    domain: config.domain,
    publicZoneId: zone.zoneId,
    publicZoneNameServers: zone.nameServers,
    baseImageParameter: baseImage.name,
    orgAlertTopicArn: orgAlerts.topicArn,
  };
}
