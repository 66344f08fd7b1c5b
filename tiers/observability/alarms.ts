import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { actionsFor, serviceDownRule, type MetricRef, type PlannedAlarm } from "./alarm-catalogue";

export interface AlarmTopics {
  /** ARN of the environment's alert topic, which every alarm notifies on ALARM and OK. */
  environment: pulumi.Input<string>;
  /** Where critical alarms also go (the organization's topic, where the role escalates). */
  escalation: pulumi.Input<string>[];
}

export interface AlarmsArgs {
  /** Prefix of every alarm's name: `<project>-<stack>-<part>`. */
  namePrefix: string;
  /** The planned alarms (alarm-catalogue.ts), each declared as a CloudWatch metric alarm. */
  alarms: PlannedAlarm[];
  /** Where the alarms notify. */
  topics: AlarmTopics;
  /** Parts of the alarms whose any-of is "the service is down"; no composite when empty. */
  serviceDown: string[];
  /** Region of the alarms when it is not the provider's (Route 53 health check metrics live in us-east-1); unset, the provider's. */
  region?: string;
}

const SERVICE_DOWN = "service-down";
const SIMPLE_STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];

function statisticOf(stat: string): { statistic: string } | { extendedStatistic: string } {
  return SIMPLE_STATISTICS.includes(stat) ? { statistic: stat } : { extendedStatistic: stat };
}

function metricArgs(metric: PlannedAlarm["metric"]): Partial<aws.cloudwatch.MetricAlarmArgs> {
  if ("expression" in metric) {
    const source = (id: string, m: MetricRef) => ({
      id,
      returnData: false,
      metric: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions, stat: m.stat, period: m.period },
    });
    return {
      metricQueries: [
        { id: "result", expression: metric.expression, label: metric.label, returnData: true },
        ...Object.entries(metric.metrics).map(([id, m]) => source(id, m)),
      ],
    };
  }
  return { namespace: metric.namespace, metricName: metric.metricName, dimensions: metric.dimensions, period: metric.period, ...statisticOf(metric.stat) };
}

/** CloudWatch alarms from a plan, each with alarm and OK actions by severity, and the "service is down" composite. */
export class Alarms extends pulumi.ComponentResource {
  /** Physical names of every alarm, the composite included. */
  readonly alarmNames: string[];

  constructor(name: string, args: AlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:Alarms", name, {}, opts);
    const alarms = new Map<string, aws.cloudwatch.MetricAlarm>();
    for (const plan of args.alarms) {
      const actions = actionsFor(plan.severity, args.topics);
      alarms.set(
        plan.part,
        new aws.cloudwatch.MetricAlarm(
          `${name}-${plan.part}`,
          {
            name: `${args.namePrefix}-${plan.part}`,
            alarmDescription: plan.description,
            comparisonOperator: plan.comparison,
            threshold: plan.threshold,
            evaluationPeriods: plan.evaluationPeriods,
            datapointsToAlarm: plan.datapointsToAlarm,
            treatMissingData: plan.treatMissingData,
            alarmActions: actions,
            okActions: actions,
            region: args.region,
            ...metricArgs(plan.metric),
          },
          { parent: this },
        ),
      );
    }
    const names = args.alarms.map((plan) => `${args.namePrefix}-${plan.part}`);
    if (args.serviceDown.length > 0) {
      const actions = actionsFor("critical", args.topics);
      names.push(`${args.namePrefix}-${SERVICE_DOWN}`);
      new aws.cloudwatch.CompositeAlarm(
        `${name}-${SERVICE_DOWN}`,
        {
          alarmName: `${args.namePrefix}-${SERVICE_DOWN}`,
          alarmDescription:
            "The service is down for users: 5xx errors are high or no web host is healthy. " +
            "Look first at which input alarm fired, then the web tier's health and its last release.",
          alarmRule: serviceDownRule(args.serviceDown.map((part) => `${args.namePrefix}-${part}`)),
          alarmActions: actions,
          okActions: actions,
          region: args.region,
        },
        { parent: this, dependsOn: args.serviceDown.map((part) => alarms.get(part)).filter((a): a is aws.cloudwatch.MetricAlarm => a !== undefined) },
      );
    }
    this.alarmNames = names;
    this.registerOutputs({ alarmNames: this.alarmNames });
  }
}
