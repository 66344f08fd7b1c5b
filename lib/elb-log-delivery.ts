/**
 * Elastic Load Balancing's log delivery account in each region that has one: the regions available
 * before August 2022 (ALB guide, "Enable access logs for your Application Load Balancer", bucket
 * policy step); every region opened later takes the log delivery service principal instead. The
 * table is the one aws.elb.getServiceAccount answers from, China regions included
 * (terraform-provider-aws, internal/service/elb/service_account_data_source.go).
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-northeast-3": "383597477331",
  "ap-south-1": "718504428378",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-southeast-3": "589379963580",
  "ca-central-1": "985666609251",
  "cn-north-1": "638102146993",
  "cn-northwest-1": "037604701340",
  "eu-central-1": "054676820928",
  "eu-north-1": "897822967062",
  "eu-south-1": "635631232127",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-gov-east-1": "190560391635",
  "us-gov-west-1": "048591011584",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
};

/** The region's ELB log delivery account, or undefined where the service principal delivers. */
export function elbLogDeliveryAccount(region: string): string | undefined {
  return Object.hasOwn(ELB_LOG_DELIVERY_ACCOUNTS, region) ? ELB_LOG_DELIVERY_ACCOUNTS[region] : undefined;
}

export const LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/** Who writes load balancer access logs in a region: the regional ELB account (looked up) or the service principal. */
export type LogDeliveryPrincipal = { kind: "elb-account" } | { kind: "service"; service: string };

export function loadBalancerLogDelivery(region: string): LogDeliveryPrincipal {
  return elbLogDeliveryAccount(region) ? { kind: "elb-account" } : { kind: "service", service: LOG_DELIVERY_SERVICE };
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
