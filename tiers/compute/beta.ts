import type * as pulumi from "@pulumi/pulumi";
import type { PublicLoadBalancer } from "./load-balancer";
import type { BetaSettings } from "./tier-settings";

/** A beta release and the load balancer's target group that takes its share of the traffic. */
export interface BetaTarget {
  /** The beta release. */
  release: string;
  /** The load balancer's web-beta target group. */
  targetGroupArn: pulumi.Output<string>;
  /** `targetgroup/<name>/<id>`, the request-count policy's resource label part. */
  targetGroupArnSuffix: pulumi.Output<string>;
}

/**
 * The web-beta target of an environment with a beta release, whatever the web runtime: the instance tier
 * starts a web-beta group on it, the container tiers a web-beta service. Undefined without a beta release.
 */
export function betaTarget(beta: BetaSettings | undefined, loadBalancer: PublicLoadBalancer): BetaTarget | undefined {
  const { betaTargetGroupArn, betaTargetGroupArnSuffix } = loadBalancer;
  if (!beta || !betaTargetGroupArn || !betaTargetGroupArnSuffix) return undefined;
  return { release: beta.release, targetGroupArn: betaTargetGroupArn, targetGroupArnSuffix: betaTargetGroupArnSuffix };
}
