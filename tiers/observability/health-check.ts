import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlannedAlarm } from "./alarm-catalogue";
import type { AlertRecipients } from "./alerting-plan";
import { Alerting } from "./alerting";
import { Alarms } from "./alarms";
import { stackKeyPolicy } from "../../lib/stack-key-policy";

/** Route 53 publishes health check metrics in US East (N. Virginia) only, so their alarms live there. */
export const HEALTH_CHECK_METRICS_REGION = "us-east-1";

export interface PublicHealthCheckArgs {
  /** Prefix of the health check's, alarm's, topic's and key's names: `<project>-<stack>`. */
  namePrefix: string;
  /** Region of the stack: when it is us-east-1 the stack's own topic takes the alarm. */
  region: string;
  /** Partition of the account's ARNs (aws, aws-cn, aws-us-gov). */
  partition: string;
  /** The stack's account, named in the us-east-1 key's and topic's policies. */
  accountId: pulumi.Input<string>;
  /** The public host name the health check requests over HTTPS. */
  hostName: pulumi.Input<string>;
  /** Path that answers 2xx/3xx when the service works, e.g. /health (at most 255 characters). */
  path: string;
  /** The stack's topic, used when the stack is in us-east-1. */
  topicArn: pulumi.Input<string>;
  /** Subscribers of the us-east-1 topic, the same as the stack's (`platform:alerts`). */
  recipients: AlertRecipients;
}

/** What the health check alarm plans: Route 53's view of the public endpoint from several regions. */
export function planHealthCheckAlarm(healthCheckId: pulumi.Input<string>): PlannedAlarm {
  return {
    part: "public-endpoint-health",
    description:
      "Route 53 health checkers get no healthy answer from the public endpoint's health path: users may see the service down. " +
      "Look first at the service-down alarm in the stack's region, then DNS and the load balancer's listeners and certificate.",
    severity: "critical",
    comparison: "LessThanThreshold",
    threshold: 1,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    // Route 53 reports status every minute while the check runs; silence means no proof the endpoint is up.
    treatMissingData: "breaching",
    metric: { namespace: "AWS/Route53", metricName: "HealthCheckStatus", dimensions: { HealthCheckId: healthCheckId }, stat: "Minimum", period: 60 },
  };
}

/**
 * A Route 53 HTTPS health check of the public endpoint's health path, and its alarm in us-east-1,
 * notifying an encrypted topic there (with a key of its own: KMS keys do not cross regions).
 */
export class PublicHealthCheck extends pulumi.ComponentResource {
  readonly healthCheckId: pulumi.Output<string>;
  /** Where the health check's metrics and alarm are. */
  readonly metricsRegion: string;

  constructor(name: string, args: PublicHealthCheckArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:PublicHealthCheck", name, {}, opts);
    const parent = { parent: this };
    const check = new aws.route53.HealthCheck(
      `${name}-check`,
      {
        type: "HTTPS",
        fqdn: args.hostName,
        port: 443,
        resourcePath: args.path,
        enableSni: true,
        // 30 s is the standard interval (10 s costs more); three failures in a row mark it unhealthy.
        requestInterval: 30,
        failureThreshold: 3,
        tags: { Name: `${args.namePrefix}-public-endpoint` },
      },
      parent,
    );

    let topicArn = pulumi.output(args.topicArn);
    const elsewhere = args.region !== HEALTH_CHECK_METRICS_REGION;
    if (elsewhere) {
      const key = new aws.kms.Key(
        `${name}-key`,
        {
          description: `Encrypts the ${HEALTH_CHECK_METRICS_REGION} alert topic of ${args.namePrefix}`,
          enableKeyRotation: true,
          deletionWindowInDays: 7,
          policy: pulumi
            .output(args.accountId)
            .apply((accountId) => JSON.stringify(stackKeyPolicy({ accountId, region: HEALTH_CHECK_METRICS_REGION, alarmNamePrefix: `${args.namePrefix}-` }))),
          region: HEALTH_CHECK_METRICS_REGION,
        },
        parent,
      );
      topicArn = new Alerting(
        `${name}-alerts`,
        {
          displayName: `${args.namePrefix} public endpoint alerts`,
          accountId: args.accountId,
          partition: args.partition,
          region: HEALTH_CHECK_METRICS_REGION,
          kmsKeyArn: key.arn,
          recipients: args.recipients,
        },
        parent,
      ).topicArn;
    }

    new Alarms(
      `${name}-alarms`,
      {
        namePrefix: args.namePrefix,
        alarms: [planHealthCheckAlarm(check.id)],
        topics: { environment: topicArn, escalation: [] },
        serviceDown: [],
        region: elsewhere ? HEALTH_CHECK_METRICS_REGION : undefined,
      },
      parent,
    );
    this.healthCheckId = check.id;
    this.metricsRegion = elsewhere ? HEALTH_CHECK_METRICS_REGION : args.region;
    this.registerOutputs({ healthCheckId: this.healthCheckId });
  }
}
