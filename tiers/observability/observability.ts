import * as pulumi from "@pulumi/pulumi";
import {
  planApplicationErrorAlarm,
  planCacheAlarms,
  planDatabaseAlarms,
  planFrontDoorAlarms,
  planProxyAlarms,
  planQueueAlarms,
  planTierAlarms,
  planWorkerBacklogAlarm,
  releaseStopAlarmNames,
  SERVICE_DOWN_INPUTS,
  topicRegionProblem,
  type AlarmThresholds,
  type CacheMetrics,
  type DatabaseMetrics,
  type FrontDoorMetrics,
  type ProxyMetrics,
  type QueueMetrics,
  type TierMetrics,
} from "./alarm-catalogue";
import type { AlertRecipients } from "./alerting-plan";
import { planBetaAlarms, type BetaFrontDoorMetrics } from "./beta-alarm-plan";
import { Alerting } from "./alerting";
import { Alarms } from "./alarms";
import { EnvironmentBudget } from "./budget";
import { Dashboard } from "./dashboard";
import type { DashboardContent } from "./dashboard-plan";
import { PublicHealthCheck } from "./health-check";
import type { ApplicationLogs } from "./log-groups";

/** The topic, once it is known to be in the alarms' region; fails the deployment otherwise. */
function inRegion(topicArn: pulumi.Input<string>, region: string): pulumi.Output<string> {
  return pulumi.output(topicArn).apply((arn) => {
    const problem = topicRegionProblem(arn, region);
    if (problem) throw new Error(`${problem}; deploy the shared stack in ${region} or set platform:observability.escalateToOrgTopic to false`);
    return arn;
  });
}

export interface ObservabilitySettings {
  /** Alarm thresholds per tier (`platform:observability.thresholds`), in the unit each name carries. */
  thresholds: AlarmThresholds;
  /** Critical alarms also notify the organization's topic. */
  escalateToOrgTopic: boolean;
  /** Monthly budget in USD on the environment cost tag. */
  monthlyBudgetUsd: number;
}

export interface ObservabilityArgs {
  /** Prefix of every physical name: `<project>-<stack>`. */
  namePrefix: string;
  /** Value of the `environment` cost allocation tag. */
  environment: string;
  /** The stack's region; the organization topic must be in it. */
  region: string;
  /** Partition of the account's ARNs (aws, aws-cn, aws-us-gov). */
  partition: string;
  /** The stack's account. */
  accountId: pulumi.Input<string>;
  /** The stack key, which encrypts the alert topic. */
  kmsKeyArn: pulumi.Input<string>;
  /** Thresholds, escalation and budget (`platform:observability`). */
  settings: ObservabilitySettings;
  /** Subscribers of the alert topic (`platform:alerts`). */
  recipients: AlertRecipients;
  /** The shared stack's organization topic, in the same account and region. */
  orgAlertTopicArn: pulumi.Input<string>;
  /** The application log groups, whose error metric filters get an alarm each. */
  logs: ApplicationLogs;
  /** The load balancer and web target group; unset, no front door alarms or latency chart. */
  frontDoor?: FrontDoorMetrics;
  /** The beta web target group, while a beta release takes a share of the traffic. */
  beta?: BetaFrontDoorMetrics;
  /** The web and worker Auto Scaling groups (a tier on containers has none). */
  tiers: TierMetrics[];
  /** The queue the worker tier drains. */
  workQueueName?: pulumi.Input<string>;
  /** The database primary and replicas; unset, no database alarms. */
  database?: DatabaseMetrics;
  /** The cache replication group; unset, no cache alarms. */
  cache?: CacheMetrics;
  /** Each queue and its dead-letter queue. */
  queues: QueueMetrics[];
  /** The egress proxy's load balancer and group; unset, no proxy alarms. */
  proxy?: ProxyMetrics;
  /** The public host name and health path the Route 53 health check probes; unset, no health check. */
  publicEndpoint?: { hostName: pulumi.Input<string>; healthCheckPath: string };
}

/**
 * What an environment is watched with: its alert topic and subscribers, alarms on every tier it
 * has (critical ones escalated where the role says so), the "service is down" composite, the
 * dashboard, the external health check and the budgets.
 */
export class Observability extends pulumi.ComponentResource {
  readonly alertTopicArn: pulumi.Output<string>;
  readonly dashboardName: pulumi.Output<string>;
  /** The alarms a release stops on (the service-down inputs: 5xx ratio, no healthy web host); none without a front door. */
  readonly releaseStopAlarmNames: string[];
  /** Every alarm of the environment by name, metric and composite: the formation's open alarms are those of these in ALARM. */
  readonly alarmNames: string[];
  /** Every alarm of the environment, as one component to wait for (an ECS service's deployment alarms). */
  readonly alarms: pulumi.Resource;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:Observability", name, {}, opts);
    const parent = { parent: this };
    const t = args.settings.thresholds;

    const alerting = new Alerting(
      `${name}-alerts`,
      {
        displayName: `${args.namePrefix} alerts`,
        accountId: args.accountId,
        partition: args.partition,
        kmsKeyArn: args.kmsKeyArn,
        recipients: args.recipients,
      },
      parent,
    );

    const plans = [
      ...(args.frontDoor ? planFrontDoorAlarms(args.frontDoor, t) : []),
      ...(args.beta ? planBetaAlarms(args.beta, t) : []),
      ...args.tiers.flatMap((tier) => planTierAlarms(tier, t)),
      ...(args.workQueueName ? [planWorkerBacklogAlarm(args.workQueueName, t)] : []),
      ...args.logs.errorMetrics.map(({ source, metricName }) => planApplicationErrorAlarm(args.logs.metricNamespace, metricName, source, t)),
      ...(args.database ? planDatabaseAlarms(args.database, t) : []),
      ...(args.cache ? planCacheAlarms(args.cache, t) : []),
      ...args.queues.flatMap((queue) => planQueueAlarms(queue, t)),
      ...(args.proxy ? planProxyAlarms(args.proxy, t) : []),
    ];
    const alarms = new Alarms(
      `${name}-alarms`,
      {
        namePrefix: args.namePrefix,
        alarms: plans,
        topics: { environment: alerting.topicArn, escalation: args.settings.escalateToOrgTopic ? [inRegion(args.orgAlertTopicArn, args.region)] : [] },
        serviceDown: args.frontDoor ? [...SERVICE_DOWN_INPUTS] : [],
      },
      parent,
    );

    const healthCheck = args.publicEndpoint
      ? new PublicHealthCheck(
          `${name}-health-check`,
          {
            namePrefix: args.namePrefix,
            region: args.region,
            partition: args.partition,
            accountId: args.accountId,
            hostName: args.publicEndpoint.hostName,
            path: args.publicEndpoint.healthCheckPath,
            topicArn: alerting.topicArn,
            recipients: args.recipients,
          },
          parent,
        )
      : undefined;

    const alarmArns = pulumi
      .output(args.accountId)
      .apply((accountId) => alarms.alarmNames.map((alarm) => `arn:${args.partition}:cloudwatch:${args.region}:${accountId}:alarm:${alarm}`));
    const content: pulumi.Output<DashboardContent> = pulumi.output({
      region: args.region,
      latencyObjectiveMs: t.latencyObjectiveMs,
      frontDoor: args.frontDoor,
      beta: args.beta,
      tiers: args.tiers.map(({ tier, autoScalingGroupName }) => ({ tier, autoScalingGroupName })),
      database: args.database,
      cache: args.cache,
      queues: args.queues,
      proxy: args.proxy,
      healthCheck: healthCheck ? { healthCheckId: healthCheck.healthCheckId, region: healthCheck.metricsRegion } : undefined,
      applicationErrors: { namespace: args.logs.metricNamespace, metricNames: args.logs.errorMetrics.map((m) => m.metricName) },
      alarmArns,
    });
    const dashboard = new Dashboard(`${name}-dashboard`, { dashboardName: args.namePrefix, content }, parent);

    new EnvironmentBudget(
      `${name}-budget`,
      { namePrefix: args.namePrefix, environment: args.environment, monthlyLimitUsd: args.settings.monthlyBudgetUsd, topicArn: alerting.topicArn },
      parent,
    );

    this.releaseStopAlarmNames = args.frontDoor ? releaseStopAlarmNames(args.namePrefix) : [];
    this.alarms = alarms;
    this.alarmNames = alarms.alarmNames;
    this.alertTopicArn = alerting.topicArn;
    this.dashboardName = dashboard.dashboardName;
    this.registerOutputs({ alertTopicArn: this.alertTopicArn, dashboardName: this.dashboardName });
  }
}
