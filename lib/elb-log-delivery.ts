/** Regions opened before August 2022, where Elastic Load Balancing delivers logs from a regional AWS account. */
// The regions with an ELB account in the ALB access log docs ("Attach a policy to your S3 bucket");
// every region opened later takes the log delivery service principal instead.
const REGIONS_WITH_ELB_ACCOUNT = new Set([
  "af-south-1",
  "ap-east-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ca-central-1",
  "cn-north-1",
  "cn-northwest-1",
  "eu-central-1",
  "eu-north-1",
  "eu-south-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "me-south-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
]);

export const LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/** Who writes load balancer access logs in a region: the regional ELB account (looked up) or the service principal. */
export type LogDeliveryPrincipal = { kind: "elb-account" } | { kind: "service"; service: string };

export function loadBalancerLogDelivery(region: string): LogDeliveryPrincipal {
  return REGIONS_WITH_ELB_ACCOUNT.has(region) ? { kind: "elb-account" } : { kind: "service", service: LOG_DELIVERY_SERVICE };
}

/** Prefix under which the application load balancer writes its access logs into the logs bucket. */
export const LOAD_BALANCER_LOG_PREFIX = "alb";

/**
 * Bucket policy statement letting load balancer log delivery put objects under this account's prefix.
 * `elbAccountArn` is the regional ELB account (aws.elb.getServiceAccount) where the region has one.
 */
export function loadBalancerLogStatement(bucketArn: string, accountId: string, region: string, elbAccountArn?: string): object {
  const delivery = loadBalancerLogDelivery(region);
  if (delivery.kind === "elb-account" && !elbAccountArn) throw new Error(`region ${region} delivers load balancer logs from the ELB account: pass its ARN`);
  return {
    Sid: "LoadBalancerLogDelivery",
    Effect: "Allow",
    Principal: delivery.kind === "service" ? { Service: delivery.service } : { AWS: elbAccountArn },
    Action: "s3:PutObject",
    Resource: `${bucketArn}/${LOAD_BALANCER_LOG_PREFIX}/AWSLogs/${accountId}/*`,
  };
}
