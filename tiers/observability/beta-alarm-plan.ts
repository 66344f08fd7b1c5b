import type * as pulumi from "@pulumi/pulumi";
import type { AlarmThresholds, MetricRef, PlannedAlarm } from "./alarm-catalogue";

export interface BetaFrontDoorMetrics {
  /** `app/<name>/<id>`: the load balancer's ARN suffix, CloudWatch's LoadBalancer dimension. */
  loadBalancerArnSuffix: pulumi.Input<string>;
  /** `targetgroup/<name>/<id>` of the beta web target group. */
  betaTargetGroupArnSuffix: pulumi.Input<string>;
}

const MINUTE = 60;

const targets = (metricName: string, stat: string, beta: BetaFrontDoorMetrics): MetricRef => ({
  namespace: "AWS/ApplicationELB",
  metricName,
  dimensions: { TargetGroup: beta.betaTargetGroupArnSuffix, LoadBalancer: beta.loadBalancerArnSuffix },
  stat,
  period: MINUTE,
});

/**
 * The beta share's alarms, on the beta target group alone, with the thresholds the main fleet's
 * front door alarms use: so a beta release that is slower or fails more is seen before promotion.
 */
export function planBetaAlarms(beta: BetaFrontDoorMetrics, t: AlarmThresholds): PlannedAlarm[] {
  return [
    {
      part: "beta-p99-latency",
      description:
        `p99 of TargetResponseTime on the beta target group is above the ${t.latencyObjectiveMs} ms objective. ` +
        "Look first at the dashboard's latency chart beside the main fleet's; if only beta is slow, `npm run release -- abort` sends its share back.",
      severity: "warning",
      comparison: "GreaterThanThreshold",
      threshold: t.latencyObjectiveMs / 1000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      // A beta weight of 0 sends no requests: no datapoint is not slowness.
      treatMissingData: "notBreaching",
      metric: targets("TargetResponseTime", "p99", beta),
    },
    {
      part: "beta-5xx-ratio",
      description:
        `More than ${t.http5xxPercent}% of the beta target group's requests end in a 5xx from its targets. ` +
        "Look first at the web log group for the beta release's errors; `npm run release -- abort` takes beta out.",
      severity: "critical",
      comparison: "GreaterThanThreshold",
      threshold: t.http5xxPercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      metric: {
        expression: "100 * FILL(target5xx, 0) / requests",
        label: "beta 5xx % of requests",
        metrics: { target5xx: targets("HTTPCode_Target_5XX_Count", "Sum", beta), requests: targets("RequestCount", "Sum", beta) },
      },
    },
  ];
}
