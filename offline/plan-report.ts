import type { DeclaredResource } from "./aws-mocks";
import type { Evaluation } from "./evaluate";

export interface PlannedResource {
  type: string;
  name: string;
  settings: Record<string, unknown>;
}

export interface ComponentGroup {
  component: string;
  type: string;
  resources: PlannedResource[];
}

export interface PlanReport {
  stack: string;
  role: string;
  region: string;
  references: string[];
  groups: ComponentGroup[];
  totals: { resources: number; byType: Record<string, number> };
  outputs: Record<string, unknown>;
}

const pick = (inputs: Record<string, any>, ...keys: string[]) => Object.fromEntries(keys.filter((k) => inputs[k] !== undefined).map((k) => [k, inputs[k]]));

/** The settings worth reading in a plan, per resource type; other types show none. */
const SETTINGS: Record<string, (inputs: Record<string, any>) => Record<string, unknown>> = {
  "aws:ec2/vpc:Vpc": (i) => pick(i, "cidrBlock"),
  "aws:ec2/subnet:Subnet": (i) => ({ tier: i.tags?.tier, ...pick(i, "availabilityZone", "cidrBlock") }),
  "aws:ec2/natGateway:NatGateway": (i) => pick(i, "availabilityMode", "connectivityType"),
  "aws:ec2/vpcEndpoint:VpcEndpoint": (i) => pick(i, "serviceName", "vpcEndpointType"),
  "aws:ec2/securityGroup:SecurityGroup": (i) => pick(i, "description"),
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (i) => pick(i, "fromPort", "cidrIpv4", "description"),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (i) => pick(i, "fromPort", "cidrIpv4", "description"),
  "aws:ec2/flowLog:FlowLog": (i) => pick(i, "trafficType", "maxAggregationInterval"),
  "aws:cloudwatch/logGroup:LogGroup": (i) => pick(i, "name", "retentionInDays"),
  "aws:route53/zone:Zone": (i) => ({ ...pick(i, "name"), private: Array.isArray(i.vpcs) && i.vpcs.length > 0 }),
  "aws:kms/key:Key": (i) => pick(i, "enableKeyRotation", "deletionWindowInDays"),
  "aws:kms/alias:Alias": (i) => pick(i, "name"),
  "aws:ecr/repository:Repository": (i) => ({ ...pick(i, "imageTagMutability"), scanOnPush: i.imageScanningConfiguration?.scanOnPush }),
  "aws:ssm/parameter:Parameter": (i) => pick(i, "name", "dataType"),
  "aws:s3/bucketVersioning:BucketVersioning": (i) => ({ status: i.versioningConfiguration?.status }),
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (i) => ({
    sse: i.rules?.[0]?.applyServerSideEncryptionByDefault?.sseAlgorithm,
  }),
  "aws:autoscaling/group:Group": (i) => ({ subnets: i.vpcZoneIdentifiers?.length, ...pick(i, "minSize", "desiredCapacity", "maxSize", "healthCheckType") }),
  "aws:lb/loadBalancer:LoadBalancer": (i) => ({ ...pick(i, "loadBalancerType", "internal", "enableCrossZoneLoadBalancing"), subnets: i.subnets?.length }),
  "aws:lb/targetGroup:TargetGroup": (i) => ({ ...pick(i, "protocol", "port", "deregistrationDelay"), healthCheck: i.healthCheck?.protocol }),
  "pulumi:pulumi:StackReference": (i) => pick(i, "name"),
};

/** The component a resource belongs to: the one with the longest name that prefixes its own. */
function ownerOf(resource: DeclaredResource, components: DeclaredResource[]): DeclaredResource | undefined {
  return components
    .filter((c) => c !== resource && (resource.name === c.name || resource.name.startsWith(`${c.name}-`)))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

export function planReport(evaluation: Evaluation): PlanReport {
  const components = evaluation.resources.filter((r) => !r.custom);
  const groups = new Map<string, ComponentGroup>();
  const byType: Record<string, number> = {};
  const custom = evaluation.resources.filter((r) => r.custom);
  for (const resource of custom) {
    const owner = ownerOf(resource, components);
    const key = owner ? `${owner.type}::${owner.name}` : "(stack)";
    if (!groups.has(key)) groups.set(key, { component: owner?.name ?? "(stack)", type: owner?.type ?? "", resources: [] });
    // A resource placed in another region than its stack's (aws 7 `region` argument) says so.
    const region = resource.inputs.region && resource.inputs.region !== evaluation.config.region ? { region: resource.inputs.region } : {};
    const settings = { ...region, ...(SETTINGS[resource.type]?.(resource.inputs) ?? {}) };
    groups.get(key)?.resources.push({ type: resource.type, name: resource.name, settings });
    byType[resource.type] = (byType[resource.type] ?? 0) + 1;
  }
  return {
    stack: evaluation.stack,
    role: evaluation.role,
    region: evaluation.config.region,
    references: Object.keys(evaluation.references),
    groups: [...groups.values()],
    totals: { resources: custom.length, byType },
    outputs: evaluation.outputs,
  };
}

function formatSettings(settings: Record<string, unknown>): string {
  return Object.entries(settings)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
}

export function formatPlan(report: PlanReport): string {
  const lines = [`Stack ${report.stack} (role ${report.role}, ${report.region}) would create ${report.totals.resources} resources.`];
  if (report.references.length > 0) lines.push(`Reads: ${report.references.join(", ")} (evaluated offline first)`);
  for (const group of report.groups) {
    lines.push("", `${group.component}${group.type ? `  [${group.type}]` : ""}  ${group.resources.length} resources`);
    for (const resource of group.resources) lines.push(`  ${resource.type.padEnd(62)} ${resource.name}  ${formatSettings(resource.settings)}`.trimEnd());
  }
  lines.push("", "Totals by type:");
  for (const [type, count] of Object.entries(report.totals.byType).sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${String(count).padStart(4)}  ${type}`);
  return lines.join("\n");
}
