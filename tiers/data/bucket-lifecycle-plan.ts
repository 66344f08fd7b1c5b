import type * as aws from "@pulumi/aws";

type LifecycleRule = aws.types.input.s3.BucketLifecycleConfigurationRule;

export interface ResultsLifecycle {
  /** Days after creation an object moves to S3 Glacier Instant Retrieval. */
  glacierInstantRetrievalDays: number;
  /** Days after creation it moves on to S3 Glacier Flexible Retrieval. */
  glacierDays: number;
  /** Days an overwritten or deleted version is kept. */
  noncurrentVersionDays: number;
}

/** Problems with the results lifecycle, keyed by field; S3 rejects transitions whose days do not increase. */
export function resultsLifecycleProblems(l: ResultsLifecycle): Partial<Record<keyof ResultsLifecycle, string>> {
  return l.glacierDays > l.glacierInstantRetrievalDays
    ? {}
    : { glacierDays: `expected more days than glacierInstantRetrievalDays (${l.glacierInstantRetrievalDays}): objects move to colder classes only` };
}

const abortIncompleteUploads: LifecycleRule = {
  id: "abort-incomplete-uploads",
  status: "Enabled",
  filter: {},
  abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
};

/** Processed results: read hot, then Glacier Instant Retrieval, then Glacier; old versions expire. */
export function resultsLifecycleRules(l: ResultsLifecycle): LifecycleRule[] {
  return [
    {
      id: "tier-to-glacier",
      status: "Enabled",
      filter: {},
      transitions: [
        { days: l.glacierInstantRetrievalDays, storageClass: "GLACIER_IR" },
        { days: l.glacierDays, storageClass: "GLACIER" },
      ],
    },
    { id: "expire-old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: l.noncurrentVersionDays } },
    abortIncompleteUploads,
  ];
}

/** Logs are kept a fixed number of days. */
export function logsLifecycleRules(expirationDays: number): LifecycleRule[] {
  return [{ id: "expire-logs", status: "Enabled", filter: {}, expiration: { days: expirationDays } }, abortIncompleteUploads];
}

/** Static assets: overwritten versions are kept for rollback a while. */
export function assetsLifecycleRules(noncurrentVersionDays: number): LifecycleRule[] {
  return [
    { id: "expire-old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: noncurrentVersionDays } },
    abortIncompleteUploads,
  ];
}
