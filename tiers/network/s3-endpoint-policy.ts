import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../lib/arn";
import { s3EndpointPolicy } from "./endpoint-policy-plan";

export interface S3EndpointPolicyArgs {
  /** The region of the VPC and its endpoint, e.g. eu-west-1. */
  region: string;
  /** This account: only its principals, on its own buckets, pass the endpoint. */
  accountId: pulumi.Input<string>;
  /** The S3 gateway endpoint (Network.s3EndpointId). */
  vpcEndpointId: pulumi.Input<string>;
  /** ARNs of the buckets the platform owns that the VPC reaches: the environment's and the shared release bucket. */
  bucketArns: pulumi.Input<string>[];
}

/**
 * The S3 gateway endpoint's policy, a resource of its own: it names the environment's buckets, which exist
 * only after the network (the data tier's subnets are the network's). Until it applies, the endpoint keeps
 * AWS's full-access default for the minutes of a first deploy.
 */
export class S3EndpointPolicy extends pulumi.ComponentResource {
  constructor(name: string, args: S3EndpointPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:network:S3EndpointPolicy", name, {}, opts);
    const policy = pulumi
      .all([args.accountId, pulumi.all(args.bucketArns)])
      .apply(([accountId, bucketArns]) =>
        JSON.stringify(s3EndpointPolicy({ partition: partitionOf(args.region), region: args.region, accountId }, bucketArns)),
      );
    new aws.ec2.VpcEndpointPolicy(`${name}-policy`, { vpcEndpointId: args.vpcEndpointId, policy }, { parent: this });
    this.registerOutputs({});
  }
}
