/** Denies every request to the bucket that does not arrive over TLS. */
export function denyInsecureTransport(bucketArn: string): object {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

export function bucketPolicy(bucketArn: string, statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [denyInsecureTransport(bucketArn), ...statements] });
}
