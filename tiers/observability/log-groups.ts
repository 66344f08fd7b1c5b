import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Sources whose logs the instances and tasks ship as `/<prefix>/<source>` (the compute tier's agent config). */
export const APPLICATION_LOG_SOURCES = ["web", "worker", "jobs"] as const;
export type ApplicationLogSource = (typeof APPLICATION_LOG_SOURCES)[number];

// Terms are case-sensitive and `?` means any of them (CloudWatch Logs filter pattern syntax).
export const ERROR_PATTERN = "?ERROR ?FATAL";

export interface ApplicationLogsArgs {
  /** Prefix of the log groups' names (`/<project>-<stack>/web`, ...) and of the metric namespace. */
  namePrefix: string;
  /** Days the web, worker and jobs log groups keep records: a value CloudWatch Logs accepts. */
  retentionDays: number;
  /** The stack key, which encrypts the log groups. */
  kmsKeyArn: pulumi.Input<string>;
  /** Keep the log groups from `pulumi destroy` (the metric filters stay free to change). */
  protect: boolean;
}

/** Metric name of a source's error count, in the environment's namespace. */
export const errorMetricName = (source: string) => `${source[0].toUpperCase()}${source.slice(1)}Errors`;

/**
 * The application's log groups, created before any instance writes (so the agent finds them with
 * retention and encryption instead of creating bare ones), each counting its error lines.
 */
export class ApplicationLogs extends pulumi.ComponentResource {
  readonly logGroupNames: Record<ApplicationLogSource, pulumi.Output<string>>;
  readonly metricNamespace: string;
  readonly errorMetrics: { source: ApplicationLogSource; metricName: string }[];

  constructor(name: string, args: ApplicationLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:ApplicationLogs", name, {}, opts);
    this.metricNamespace = `${args.namePrefix}/application`;
    const names = {} as Record<ApplicationLogSource, pulumi.Output<string>>;
    for (const source of APPLICATION_LOG_SOURCES) {
      const group = new aws.cloudwatch.LogGroup(
        `${name}-${source}`,
        { name: `/${args.namePrefix}/${source}`, retentionInDays: args.retentionDays, kmsKeyId: args.kmsKeyArn },
        { parent: this, protect: args.protect },
      );
      new aws.cloudwatch.LogMetricFilter(
        `${name}-${source}-errors`,
        {
          name: `${args.namePrefix}-${source}-errors`,
          logGroupName: group.name,
          pattern: ERROR_PATTERN,
          metricTransformation: { namespace: this.metricNamespace, name: errorMetricName(source), value: "1", defaultValue: "0", unit: "Count" },
        },
        { parent: this },
      );
      names[source] = group.name;
    }
    this.logGroupNames = names;
    this.errorMetrics = APPLICATION_LOG_SOURCES.map((source) => ({ source, metricName: errorMetricName(source) }));
    this.registerOutputs({ logGroupNames: this.logGroupNames });
  }
}
