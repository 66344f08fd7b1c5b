/**
 * Target of the ASGAverageNetworkOut policy: bytes each instance sends per metric period. With detailed
 * monitoring EC2 reports NetworkOut per one-minute period (EC2 "instance metrics": divide by 60 for bytes/s).
 */
export function networkOutTargetBytesPerMinute(megabitsPerSecond: number): number {
  return Math.round(((megabitsPerSecond * 1_000_000) / 8) * 60);
}

/** What a proxy instance may do besides SSM: write its own log group, nothing else. */
export function proxyLogPolicy(logGroupArn: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
      },
    ],
  };
}
