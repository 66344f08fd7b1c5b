import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { applicationStatements, policyDocument, putMetricsStatement, type ApplicationAccess, type PolicyDocument } from "./app-access-plan";

export const ARCHITECTURES = ["arm64", "x86_64"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/**
 * Instance family letters EC2 uses today (general purpose, compute, memory, storage, accelerated,
 * HPC), from the EC2 instance type naming conventions: <family><generation><attributes>.<size>.
 */
const FAMILY_SERIES = ["a", "c", "d", "dl", "f", "g", "gr", "h", "hpc", "i", "im", "inf", "is", "m", "p", "r", "t", "trn", "u", "vt", "x", "z"];
const INSTANCE_TYPE = /^([a-z]+)(\d+)([a-z-]*)\.([a-z0-9]+)$/;

export interface InstanceType {
  series: string;
  family: string;
  architecture: Architecture;
  burstable: boolean;
}

/**
 * What an instance type name says: its family, whether it is Graviton (arm64: an attribute `g`
 * after the generation, as in m7g, c7gn, t4g, x2gd, im4gn, or the first Graviton family a1)
 * and whether it is burstable (the t series). Undefined for a name that is no instance type.
 */
export function parseInstanceType(name: string): InstanceType | undefined {
  const match = INSTANCE_TYPE.exec(name);
  if (!match || !FAMILY_SERIES.includes(match[1])) return undefined;
  const [, series, generation, attributes] = match;
  const family = `${series}${generation}${attributes}`;
  const arm = family === "a1" || attributes.includes("g");
  return { series, family, architecture: arm ? "arm64" : "x86_64", burstable: series === "t" };
}

/** Why each instance type cannot run the base image's architecture, or a role that rules out burstable types. */
export function instanceTypeProblems(types: string[], architecture: Architecture, burstableAllowed: boolean): string[] {
  return types.flatMap((name) => {
    const type = parseInstanceType(name);
    if (!type) return [`${name} is no EC2 instance type (expected <family><generation><attributes>.<size>, e.g. m7g.large)`];
    if (type.architecture !== architecture) {
      return [
        `${name} is an ${type.architecture} family (${type.family}) but the base image is ${architecture}${architecture === "arm64" ? " (Graviton: e.g. m7g, c7g, r7g, t4g)" : ""}`,
      ];
    }
    if (type.burstable && !burstableAllowed) return [`${name} is burstable (t family), which this role does not allow`];
    return [];
  });
}

const CRON_FIELDS = [
  { name: "minute", min: 0, max: 59, names: [] as string[] },
  { name: "hour", min: 0, max: 23, names: [] },
  { name: "day of month", min: 1, max: 31, names: [] },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

function cronValue(text: string, field: (typeof CRON_FIELDS)[number]): number | undefined {
  const named = field.names.indexOf(text.toUpperCase());
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

/**
 * Problems of a scheduled action's recurrence: Auto Scaling takes Unix cron, five fields
 * (minute hour day-of-month month day-of-week), with *, lists, ranges, steps and names.
 */
export function cronProblems(expression: string): string[] {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return [`expected 5 cron fields (minute hour day-of-month month day-of-week), found ${fields.length}`];
  return fields.flatMap((text, i) => {
    const field = CRON_FIELDS[i];
    const ok = text.split(",").every((part) => {
      const [range, step, extra] = part.split("/");
      if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return false;
      if (range === "*") return true;
      const [from, to, more] = range.split("-");
      if (more !== undefined) return false;
      const start = cronValue(from, field);
      const end = to === undefined ? start : cronValue(to, field);
      return start !== undefined && end !== undefined && start <= end;
    });
    return ok
      ? []
      : [
          `${field.name} "${text}" is not valid (expected ${field.min}-${field.max}${field.names.length ? ` or ${field.names[0]}-${field.names.at(-1)}` : ""}, *, lists, ranges or steps)`,
        ];
  });
}

/** IANA time zone names, as Auto Scaling's scheduled actions take them. */
export function isTimeZone(name: string): boolean {
  return name === "UTC" || name === "Etc/UTC" || Intl.supportedValuesOf("timeZone").includes(name);
}

/**
 * A physical name of at most `limit` characters: `<prefix>-<suffix>` when it fits, otherwise the
 * prefix cut short plus a hash of the full name, so that two stacks still get different names.
 */
export function fitName(prefix: string, suffix: string, limit: number): string {
  const full = `${prefix}-${suffix}`;
  if (full.length <= limit) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 6);
  const room = limit - suffix.length - hash.length - 2;
  return `${prefix.slice(0, room).replace(/-+$/, "")}-${hash}-${suffix}`;
}

export type Purchase = "on-demand" | "spot";

export interface InstancesDistribution {
  onDemandBaseCapacity: number;
  onDemandPercentageAboveBaseCapacity: number;
  spotAllocationStrategy?: string;
}

/** How an ASG buys capacity: all on-demand, or spot above an on-demand base. */
export function instancesDistribution(purchase: Purchase, onDemandBase: number): InstancesDistribution {
  if (purchase === "on-demand") return { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100 };
  // Fewest interruptions while still preferring cheap pools (the allocation strategy AWS recommends).
  return { onDemandBaseCapacity: onDemandBase, onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: "price-capacity-optimized" };
}

export interface AvailabilityHours {
  timeZone: string;
  /** Unix cron of when the tiers come back, e.g. weekday mornings. */
  start: string;
  /** Unix cron of when they go to zero, e.g. weekday evenings (so weekends stay at zero). */
  stop: string;
}

export interface ScheduledCapacity {
  name: "start" | "stop";
  recurrence: string;
  timeZone: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
}

/** The two scheduled actions of a tier with availability hours: back to its sizes, and down to zero. */
export function availabilitySchedule(hours: AvailabilityHours, capacity: { min: number; desired: number; max: number }): ScheduledCapacity[] {
  return [
    { name: "start", recurrence: hours.start, timeZone: hours.timeZone, minSize: capacity.min, maxSize: capacity.max, desiredCapacity: capacity.desired },
    { name: "stop", recurrence: hours.stop, timeZone: hours.timeZone, minSize: 0, maxSize: 0, desiredCapacity: 0 },
  ];
}

/** Where releases live in the shared release bucket. */
export const releasePaths = {
  current: "releases/current",
  artifact: (version: string) => `releases/${version}/app.tar.gz`,
};

export interface InstancePolicyInput extends ApplicationAccess {
  partition: string;
  accountId: string;
  releaseBucketArn: string;
  /** A pinned release version, or undefined to follow the `current` pointer. */
  release?: string;
  /** The release a beta web group runs beside it, if any. */
  betaRelease?: string;
  /** Log groups the CloudWatch agent writes, as a name prefix such as /platform/prod/. */
  logGroupPrefix: string;
  /** CloudWatch namespaces the agent and the application publish metrics to. */
  metricNamespaces: string[];
}

/**
 * What an instance may do: read its release, work its queues, read its secrets, use its buckets,
 * and ship logs and metrics. Statements without resources are left out.
 */
export function instancePolicy(input: InstancePolicyInput): PolicyDocument {
  const { partition, region, accountId } = input;
  const releaseObjects = input.release
    ? [input.release, input.betaRelease].filter((r): r is string => r !== undefined).map((r) => `${input.releaseBucketArn}/${releasePaths.artifact(r)}`)
    : [`${input.releaseBucketArn}/${releasePaths.current}`, `${input.releaseBucketArn}/${releasePaths.artifact("*")}`];
  const logGroups = `arn:${partition}:logs:${region}:${accountId}:log-group:${input.logGroupPrefix}*`;
  return policyDocument([
    { Sid: "ReadRelease", Effect: "Allow", Action: ["s3:GetObject"], Resource: releaseObjects },
    ...applicationStatements(input),
    {
      // The log groups belong to the stack (encrypted, with retention); instances only write to them.
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: [logGroups],
    },
    putMetricsStatement(input.metricNamespaces),
    // The CloudWatch agent reads the instance's own tags for metric dimensions; DescribeTags has no
    // resource-level permissions, so Resource must be "*", limited to this region.
    { Sid: "DescribeOwnTags", Effect: "Allow", Action: ["ec2:DescribeTags"], Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": region } } },
  ]);
}

export interface UserDataInput {
  tier: string;
  region: string;
  releaseBucket: string;
  release?: string;
  port: number;
  logGroupPrefix: string;
  /** Values the application reads from its environment file, e.g. QUEUE_URL. */
  environment: Record<string, string>;
  proxyUrl?: string;
  noProxy?: string;
}

const SHELL_SAFE = /^[A-Za-z0-9_.:/@,+=-]*$/;

function quoted(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The boot script of a tier: proxy settings, the CloudWatch agent, then the release named in config
 * (or the one `releases/current` points to) downloaded, unpacked and started as a systemd unit.
 */
export function renderUserData(input: UserDataInput): string {
  const env: Record<string, string> = { TIER: input.tier, PORT: String(input.port), AWS_REGION: input.region, ...input.environment };
  if (input.proxyUrl) Object.assign(env, { HTTP_PROXY: input.proxyUrl, HTTPS_PROXY: input.proxyUrl, NO_PROXY: input.noProxy ?? "" });
  const proxy = input.proxyUrl
    ? [
        `export HTTP_PROXY=${quoted(input.proxyUrl)} HTTPS_PROXY=${quoted(input.proxyUrl)} NO_PROXY=${quoted(input.noProxy ?? "")}`,
        `echo "proxy=${input.proxyUrl}" >> /etc/dnf/dnf.conf`,
      ]
    : [];
  const release = input.release
    ? `RELEASE=${quoted(input.release)}`
    : `RELEASE="$(aws s3 cp s3://${input.releaseBucket}/${releasePaths.current} - | tr -d '[:space:]')"`;
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    `export AWS_REGION=${quoted(input.region)}`,
    ...proxy,
    "dnf install -y amazon-cloudwatch-agent",
    "cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<'JSON'",
    JSON.stringify({
      agent: { region: input.region },
      logs: {
        logs_collected: {
          files: {
            collect_list: [{ file_path: "/var/log/platform/*.log", log_group_name: `${input.logGroupPrefix}${input.tier}`, log_stream_name: "{instance_id}" }],
          },
        },
      },
      metrics: {
        append_dimensions: { AutoScalingGroupName: "${aws:AutoScalingGroupName}" },
        metrics_collected: { mem: { measurement: ["mem_used_percent"] } },
      },
    }),
    "JSON",
    "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json",
    release,
    `aws s3 cp "s3://${input.releaseBucket}/releases/$RELEASE/app.tar.gz" /tmp/app.tar.gz`,
    'mkdir -p "/opt/platform/$RELEASE" /etc/platform /var/log/platform',
    'tar -xzf /tmp/app.tar.gz -C "/opt/platform/$RELEASE"',
    'ln -sfn "/opt/platform/$RELEASE" /opt/platform/current',
    "cat > /etc/platform/app.env <<'ENV'",
    ...Object.entries(env).map(([key, value]) => `${key}=${value}`),
    "ENV",
    'echo "RELEASE=$RELEASE" >> /etc/platform/app.env',
    `/opt/platform/current/install.sh ${quoted(input.tier)}`,
    `systemctl enable --now platform-${input.tier}.service`,
    "",
  ].join("\n");
}

/** A CloudWatch metric that counts what drains a queue: in-service instances, or running tasks. */
export interface CapacityMetric {
  /** The metric's id in the expression: instances, tasks. */
  id: string;
  namespace: string;
  metricName: string;
  dimensions: { name: string; value: pulumi.Input<string> }[];
  /** What one unit is, for the expression's label: "in-service instance", "running task". */
  unit: string;
}

/**
 * Messages waiting per unit of capacity, as target tracking metric math: the scaling AWS documents
 * for SQS-driven workers, for an Auto Scaling group and an ECS service alike.
 */
export function backlogPerCapacity(queueName: pulumi.Input<string>, capacity: CapacityMetric) {
  return [
    {
      id: "visible",
      returnData: false,
      metricStat: {
        stat: "Sum",
        metric: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: [{ name: "QueueName", value: queueName }] },
      },
    },
    {
      id: capacity.id,
      returnData: false,
      metricStat: { stat: "Average", metric: { namespace: capacity.namespace, metricName: capacity.metricName, dimensions: capacity.dimensions } },
    },
    { id: "backlog", expression: `visible / ${capacity.id}`, label: `Messages per ${capacity.unit}`, returnData: true },
  ];
}
