/* eslint-disable @typescript-eslint/no-explicit-any -- resource properties are untyped engine data */

/**
 * A resource as the rules see it: CrossGuard's shape (`props` are the inputs a resource policy
 * gets, the outputs with `id` and `arn` a stack policy gets), with the provider it goes through.
 */
export interface PolicyTarget {
  type: string;
  name: string;
  urn: string;
  props: Record<string, any>;
  provider?: { props: Record<string, any> };
}

export type EnforcementLevel = "advisory" | "mandatory";
export type Report = (message: string) => void;

interface RuleBase {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  /** Where the AWS rule it enforces is written down (a guide's page, a provider issue); deployability rules all have one. */
  source?: string;
}

/** A rule over one resource at a time, run before the resource is created. */
export interface ResourceRule extends RuleBase {
  kind: "resource";
  validate(resource: PolicyTarget, report: Report): void;
}

/** A rule over the whole graph, for what needs several resources (an ASG and its load balancer). */
export interface StackRule extends RuleBase {
  kind: "stack";
  validate(resources: PolicyTarget[], report: Report): void;
}

export type Rule = ResourceRule | StackRule;

export const ROLES = ["shared", "dev", "prod", "load-test"] as const;
export type Role = (typeof ROLES)[number];

/** The stack a URN belongs to: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function stackOf(urn: string): string {
  return urn.split("::")[0].replace(/^urn:pulumi:/, "");
}

/**
 * The pack's guess of a stack's role from the stack name in a URN, by the project's naming convention:
 * `prod`, or `<role>-<name>` such as `dev-alice`. A stack named otherwise is judged as prod, the strictest
 * role. The program reads the role from config instead (`roleOf` in config/load.ts); the pack sees no config.
 */
export function roleGuessedFromStackName(urn: string): Role {
  const stack = stackOf(urn);
  // Longest first, so that `load-test-x` is not read as a role `load`.
  const byLength = [...ROLES].sort((a, b) => b.length - a.length);
  return byLength.find((role) => stack === role || stack.startsWith(`${role}-`)) ?? "prod";
}

/** Personal dev stacks (`dev-alice`) are thrown away; the shared `dev` stack is not. */
export function isEphemeral(urn: string): boolean {
  return roleGuessedFromStackName(urn) === "dev" && stackOf(urn) !== "dev";
}

export function isOf(resource: PolicyTarget, types: readonly string[]): boolean {
  return types.includes(resource.type);
}

export function label(resource: PolicyTarget): string {
  return `${resource.type} "${resource.name}"`;
}

/** The engine passes a provider's nested inputs, and some policy documents, as JSON strings. */
export function parsed(value: unknown): any {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

export function list<T = any>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value as T];
}

/** True for `true` and `"true"`: some AWS arguments (launch template ones) are strings. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** The resource's own tags, and for a launch template the tags it puts on instances and volumes. */
export function ownTags(resource: PolicyTarget): Record<string, string> {
  const specified = list(resource.props.tagSpecifications).map((spec) => spec?.tags ?? {});
  return Object.assign({}, ...specified, resource.props.tags ?? {});
}

/** Tags AWS applies: the provider's default tags, then the resource's own. */
export function effectiveTags(resource: PolicyTarget): Record<string, string> {
  const defaultTags = parsed(resource.provider?.props.defaultTags);
  return { ...(defaultTags?.tags ?? {}), ...(resource.props.tags ?? {}) };
}

/** The tier a resource serves: its `tier` tag, else a `proxy` segment of its logical name. */
export function tierOf(resource: PolicyTarget): string | undefined {
  return ownTags(resource).tier ?? (/(^|-)proxy(-|$)/.test(resource.name) ? "proxy" : undefined);
}

/** What other resources may use to refer to this one: its id and ARN (a target group's id is its ARN). */
export function handles(resource: PolicyTarget): string[] {
  return [resource.props.id, resource.props.arn, resource.props.url, resource.props.bucket].filter((v): v is string => typeof v === "string");
}

/** Finds resources by any of their handles. */
export class Index {
  private readonly byHandle = new Map<string, PolicyTarget>();

  constructor(readonly resources: PolicyTarget[]) {
    for (const resource of resources) for (const handle of handles(resource)) this.byHandle.set(`${resource.type}|${handle}`, resource);
  }

  find(types: readonly string[], handle: unknown): PolicyTarget | undefined {
    if (typeof handle !== "string") return undefined;
    for (const type of types) {
      const found = this.byHandle.get(`${type}|${handle}`);
      if (found) return found;
    }
    return undefined;
  }

  ofType(types: readonly string[]): PolicyTarget[] {
    return this.resources.filter((r) => types.includes(r.type));
  }
}

export const TYPES = {
  subnet: ["aws:ec2/subnet:Subnet"],
  launchTemplate: ["aws:ec2/launchTemplate:LaunchTemplate"],
  instance: ["aws:ec2/instance:Instance"],
  autoScalingGroup: ["aws:autoscaling/group:Group"],
  autoScalingAttachment: ["aws:autoscaling/attachment:Attachment"],
  trafficSourceAttachment: ["aws:autoscaling/trafficSourceAttachment:TrafficSourceAttachment"],
  loadBalancer: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
  targetGroup: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
  listener: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
  listenerRule: ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"],
  bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
  bucketEncryption: ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"],
  bucketPublicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
  queue: ["aws:sqs/queue:Queue"],
  redrivePolicy: ["aws:sqs/redrivePolicy:RedrivePolicy"],
  redriveAllowPolicy: ["aws:sqs/redriveAllowPolicy:RedriveAllowPolicy"],
  securityGroup: ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
  ingressRule: ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
  securityGroupRule: ["aws:ec2/securityGroupRule:SecurityGroupRule"],
  egressRule: ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"],
  database: ["aws:rds/instance:Instance"],
  databaseCluster: ["aws:rds/cluster:Cluster"],
  clusterInstance: ["aws:rds/clusterInstance:ClusterInstance"],
} as const;

/** The Availability Zones of subnets, or undefined when a subnet is not in the graph (another stack's). */
export function zonesOfSubnets(index: Index, subnetIds: unknown[]): Set<string> | undefined {
  const zones = new Set<string>();
  for (const id of subnetIds) {
    const subnet = index.find(TYPES.subnet, id);
    const zone = subnet?.props.availabilityZone ?? subnet?.props.availabilityZoneId;
    if (typeof zone !== "string") return undefined;
    zones.add(zone);
  }
  return zones;
}
