import type { DeclaredResource } from "../aws-mocks";
import type { Evaluation } from "../evaluate";

/** What the insight modules read of an evaluation: enough to build one by hand in a test. */
export interface ResourceGraph {
  stack: string;
  /** The stack's region: resources without a `region` input are placed there. */
  region: string;
  /** The stack's role (dev, prod...): the cost assumptions differ by role. */
  role: string;
  resources: DeclaredResource[];
}

export const graphOf = (evaluation: Evaluation): ResourceGraph => ({
  stack: evaluation.stack,
  region: evaluation.config.region,
  role: evaluation.role,
  resources: evaluation.resources,
});

export const TYPES = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  internetGateway: "aws:ec2/internetGateway:InternetGateway",
  natGateway: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  autoScalingGroup: "aws:autoscaling/group:Group",
  schedule: "aws:autoscaling/schedule:Schedule",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  dbInstance: "aws:rds/instance:Instance",
  dbCluster: "aws:rds/cluster:Cluster",
  dbClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
  dbSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
  cacheReplicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
  cacheCluster: "aws:elasticache/cluster:Cluster",
  cacheSubnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
  queue: "aws:sqs/queue:Queue",
  bucket: "aws:s3/bucket:Bucket",
  distribution: "aws:cloudfront/distribution:Distribution",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  kmsKey: "aws:kms/key:Key",
} as const;

export const ofType = (graph: ResourceGraph, type: string) => graph.resources.filter((r) => r.type === type);

export const regionOf = (graph: ResourceGraph, resource: DeclaredResource): string => (resource.inputs.region as string | undefined) ?? graph.region;

/** A resource's name without the `<service>-<stack>-` prefix every name in a stack carries: `compute-web-asg`. */
export function shortName(graph: ResourceGraph, name: string): string {
  const marker = `-${graph.stack}-`;
  const at = name.indexOf(marker);
  return at >= 0 ? name.slice(at + marker.length) : name;
}

/** The component a resource belongs to, by name: `compute-web-asg` -> `compute-web`. */
export function componentOf(graph: ResourceGraph, name: string): string {
  const short = shortName(graph, name);
  const cut = short.lastIndexOf("-");
  return cut > 0 ? short.slice(0, cut) : short;
}

/** The name AWS would see: the explicit `name` input, else the mocks' computed one, else the logical name. */
export function awsName(resource: DeclaredResource): string {
  return String(resource.inputs.name ?? resource.computed?.name ?? resource.name);
}

export interface SubnetInfo {
  id: string;
  name: string;
  zone: string;
  /** public, app, data...: the `tier` tag, else the name's word before its number (`platform-prod-app-1`). */
  tier: string;
  cidr?: string;
}

export function subnets(graph: ResourceGraph): SubnetInfo[] {
  return ofType(graph, TYPES.subnet).map((s) => {
    const tags = (s.inputs.tags ?? {}) as Record<string, string>;
    const byName = /-([a-z]+)-\d+$/.exec(tags.Name ?? s.name)?.[1];
    return {
      id: s.id,
      name: tags.Name ?? s.name,
      zone: String(s.inputs.availabilityZone ?? s.inputs.availabilityZoneId ?? "unknown zone"),
      tier: tags.tier ?? byName ?? "subnet",
      cidr: s.inputs.cidrBlock as string | undefined,
    };
  });
}

/** Security group id -> its tier name (`web`, `database`): the Name tag or logical name without the stack prefix. */
export function securityGroupNames(graph: ResourceGraph): Map<string, string> {
  return new Map(
    ofType(graph, TYPES.securityGroup).map((g) => {
      const tagged = (g.inputs.tags as Record<string, string> | undefined)?.Name;
      const short = shortName(graph, tagged ?? g.name);
      return [g.id, short.slice(short.lastIndexOf("-") + 1)];
    }),
  );
}

/** The instance types an Auto Scaling group launches, first preferred: its mixed policy's overrides, else its launch template's. */
export function groupInstanceTypes(graph: ResourceGraph, group: DeclaredResource): string[] {
  const mixed = group.inputs.mixedInstancesPolicy?.launchTemplate;
  const overrides = ((mixed?.overrides ?? []) as { instanceType?: string }[]).map((o) => o.instanceType).filter((t): t is string => Boolean(t));
  if (overrides.length > 0) return overrides;
  const template = launchTemplateOf(graph, group);
  return template?.inputs.instanceType ? [String(template.inputs.instanceType)] : [];
}

export function launchTemplateOf(graph: ResourceGraph, group: DeclaredResource): DeclaredResource | undefined {
  const spec = group.inputs.launchTemplate ?? group.inputs.mixedInstancesPolicy?.launchTemplate?.launchTemplateSpecification;
  const id = spec?.id ?? spec?.launchTemplateId;
  const name = spec?.name ?? spec?.launchTemplateName;
  return ofType(graph, TYPES.launchTemplate).find((t) => t.id === id || (name !== undefined && awsName(t) === name));
}

/** On-demand and Spot instances at a capacity, as the group's instances distribution splits it (all on-demand without one). */
export function purchaseSplit(group: DeclaredResource, capacity: number): { onDemand: number; spot: number } {
  const distribution = group.inputs.mixedInstancesPolicy?.instancesDistribution;
  if (!group.inputs.mixedInstancesPolicy) return { onDemand: capacity, spot: 0 };
  // Defaults of the Auto Scaling API: base 0, 100% on-demand above it (InstancesDistribution).
  const base = Math.min(capacity, Number(distribution?.onDemandBaseCapacity ?? 0));
  const percent = Number(distribution?.onDemandPercentageAboveBaseCapacity ?? 100);
  const onDemand = base + Math.ceil(((capacity - base) * percent) / 100);
  return { onDemand, spot: capacity - onDemand };
}

/** Security groups a resource's network interfaces carry, whatever the resource type calls them. */
export function securityGroupsOf(graph: ResourceGraph, resource: DeclaredResource): string[] {
  if (resource.type === TYPES.autoScalingGroup) {
    const template = launchTemplateOf(graph, resource);
    return template ? securityGroupsOf(graph, template) : [];
  }
  const i = resource.inputs;
  const fromInterfaces = ((i.networkInterfaces ?? []) as { securityGroups?: string[] }[]).flatMap((n) => n.securityGroups ?? []);
  return [...(i.securityGroups ?? []), ...(i.vpcSecurityGroupIds ?? []), ...(i.securityGroupIds ?? []), ...fromInterfaces].map(String);
}
