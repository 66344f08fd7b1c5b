/** What the egress proxy needs of a stack's settings (config/ fills each field from the role defaults table). */
export interface ProxySettings {
  /** EC2 instance type of every proxy, matching the base image's architecture. */
  instanceType: string;
  /** Smallest size, in instances: at least 2, so the proxy survives the loss of an instance or a zone. */
  min: number;
  /** Initial desired size; target tracking owns it afterwards. */
  desired: number;
  /** Largest size, in instances. */
  max: number;
  /** Domains Squid lets through, in its dstdomain form (.example.com covers the subdomains). */
  allowedDomains: string[];
  /** Average CPU the target tracking policy holds, in percent (10-90). */
  targetCpuPercent: number;
  /** Network out per instance the target tracking policy holds, in Mbit/s. */
  targetNetworkOutMbps: number;
  /** Days CloudWatch Logs keeps the proxy's log group. */
  logRetentionDays: number;
}

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
