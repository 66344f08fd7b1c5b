import { z } from "zod";

/**
 * What each role exports, and so what a reader of its stack may rely on. The schemas are
 * the types (a change here breaks the compile of every reader) and check a referenced
 * stack's outputs at run time, so a stale or foreign stack fails with a named output.
 */
export const sharedOutputs = z.object({
  releaseBucketName: z.string().min(1),
  releaseBucketArn: z.string().startsWith("arn:"),
  repositoryUrl: z.string().min(1),
  repositoryArn: z.string().startsWith("arn:"),
  domain: z.string().min(1),
  publicZoneId: z.string().min(1),
  /** An SSM parameter whose value is the AMI every tier boots from; use as `resolve:ssm:<name>`. */
  baseImageParameter: z.string().startsWith("/"),
  orgAlertTopicArn: z.string().startsWith("arn:"),
});
export type SharedOutputs = z.infer<typeof sharedOutputs>;

const tierCapacity = z.object({ min: z.number().int(), desired: z.number().int(), max: z.number().int() });

export const environmentOutputs = z.object({
  role: z.enum(["dev", "prod", "load-test"]),
  region: z.string().min(1),
  vpcId: z.string().min(1),
  vpcCidr: z.string().min(1),
  availabilityZones: z.array(z.string()).min(2),
  publicSubnetIds: z.array(z.string()).min(2),
  appSubnetIds: z.array(z.string()).min(2),
  dataSubnetIds: z.array(z.string()).min(2),
  securityGroupIds: z.object({
    loadBalancer: z.string(),
    web: z.string(),
    worker: z.string(),
    proxyLoadBalancer: z.string(),
    proxy: z.string(),
    database: z.string(),
    cache: z.string(),
    endpoints: z.string(),
  }),
  internalZoneId: z.string().min(1),
  internalZoneName: z.string().min(1),
  kmsKeyArn: z.string().startsWith("arn:"),
  /** The sizes a mirror (load-test) copies. */
  shape: z.object({ web: tierCapacity, worker: tierCapacity }),
});
export type EnvironmentOutputs = z.infer<typeof environmentOutputs>;

/** What a stack program returns: every contract field, each possibly still an Output. */
export type Exports<T> = { [K in keyof T]: import("@pulumi/pulumi").Input<T[K]> };
