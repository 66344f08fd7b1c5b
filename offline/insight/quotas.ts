import { TYPES, groupInstanceTypes, ofType, purchaseSplit, regionOf, securityGroupsOf, subnets, type ResourceGraph } from "./graph";
import { PRICES, vcpusOf, type PriceTable } from "./prices";

const VPC_QUOTAS = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html";
const ALB_QUOTAS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html";
const NLB_QUOTAS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html";
const VCPU_NOTE = "account-specific: AWS sets it per account (new accounts start low); read it in Service Quotas before a first deploy";

/** AWS's default value of each quota the stacks need, with where it was read (2026-12-02). */
export const QUOTA_DEFAULTS = {
  elasticIps: { name: "Elastic IP addresses per Region", default: 5, source: VPC_QUOTAS },
  vpcs: { name: "VPCs per Region", default: 5, source: VPC_QUOTAS },
  internetGateways: { name: "Internet gateways per Region", default: 5, source: VPC_QUOTAS },
  natGatewaysPerZone: { name: "NAT gateways per Availability Zone", default: 5, source: VPC_QUOTAS },
  securityGroupsPerInterface: {
    name: "Security groups per network interface",
    default: 5,
    source: "https://dhirubhai.net/pulse/magic-number-5-aws-heidi-ni-xrnmc",
    note: "read on a third-party page listing the VPC defaults; the VPC quotas page excerpt found did not show this row",
  },
  applicationLoadBalancers: { name: "Application Load Balancers per Region", default: 50, source: ALB_QUOTAS },
  networkLoadBalancers: { name: "Network Load Balancers per Region", default: 50, source: NLB_QUOTAS },
  targetGroups: { name: "Target Groups per Region", default: 3000, source: ALB_QUOTAS },
  onDemandVcpus: { name: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances, vCPUs", default: undefined, source: "assumed", note: VCPU_NOTE },
  spotVcpus: { name: "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests, vCPUs", default: undefined, source: "assumed", note: VCPU_NOTE },
} as const;

export type QuotaKey = keyof typeof QUOTA_DEFAULTS;

export interface QuotaNeed {
  quota: QuotaKey;
  name: string;
  /** Region, or `region zone` for a per-zone quota. */
  scope: string;
  /** What the stacks need together; `at` says at which capacity when it varies (desired or max). */
  need: number;
  at?: "desired" | "max";
  /** AWS's default, undefined where it is account-specific. */
  defaultValue?: number;
  source: string;
  note?: string;
  /** The stacks that need it, with their share. */
  stacks: Record<string, number>;
  exceeded: boolean;
}

// Instance families of the Standard vCPU group: A, C, D, H, I, M, R, T, Z (EC2 On-Demand instance quotas).
const STANDARD_FAMILY = /^[acdhimrtz]/;

/**
 * What the given stacks (of one account) need of the quotas that stop a first deploy, per region
 * (and zone), against AWS's defaults. Each need is the sum over the stacks, except security groups
 * per interface, which is the largest number any one interface carries.
 */
export function quotaNeeds(graphs: ResourceGraph[], table: PriceTable = PRICES): QuotaNeed[] {
  const needs = new Map<string, QuotaNeed>();
  const add = (quota: QuotaKey, scope: string, stack: string, amount: number, at?: QuotaNeed["at"]) => {
    const key = `${quota} ${scope} ${at ?? ""}`;
    const spec = QUOTA_DEFAULTS[quota];
    const need = needs.get(key) ?? {
      quota,
      name: spec.name,
      scope,
      need: 0,
      at,
      defaultValue: spec.default,
      source: spec.source,
      note: "note" in spec ? spec.note : undefined,
      stacks: {},
      exceeded: false,
    };
    need.need = quota === "securityGroupsPerInterface" ? Math.max(need.need, amount) : need.need + amount;
    need.stacks[stack] = quota === "securityGroupsPerInterface" ? Math.max(need.stacks[stack] ?? 0, amount) : (need.stacks[stack] ?? 0) + amount;
    needs.set(key, need);
  };
  for (const graph of graphs) {
    const counted: [QuotaKey, string][] = [
      ["elasticIps", TYPES.eip],
      ["vpcs", TYPES.vpc],
      ["internetGateways", TYPES.internetGateway],
      ["targetGroups", TYPES.targetGroup],
    ];
    for (const [quota, type] of counted) for (const r of ofType(graph, type)) add(quota, regionOf(graph, r), graph.stack, 1);
    for (const lb of ofType(graph, TYPES.loadBalancer))
      add(lb.inputs.loadBalancerType === "network" ? "networkLoadBalancers" : "applicationLoadBalancers", regionOf(graph, lb), graph.stack, 1);
    const zoneOf = new Map(subnets(graph).map((s) => [s.id, s.zone]));
    for (const nat of ofType(graph, TYPES.natGateway))
      add("natGatewaysPerZone", `${regionOf(graph, nat)} ${zoneOf.get(String(nat.inputs.subnetId)) ?? "unknown zone"}`, graph.stack, 1);
    const interfaces = [TYPES.launchTemplate, TYPES.loadBalancer, TYPES.dbInstance, TYPES.dbCluster, TYPES.cacheReplicationGroup, TYPES.vpcEndpoint].flatMap(
      (type) => ofType(graph, type),
    );
    for (const r of interfaces) {
      const perInterface =
        r.type === TYPES.launchTemplate
          ? ((r.inputs.networkInterfaces ?? []) as { securityGroups?: string[] }[]).map((n) => (n.securityGroups ?? []).length)
          : [securityGroupsOf(graph, r).length];
      for (const count of perInterface) if (count > 0) add("securityGroupsPerInterface", regionOf(graph, r), graph.stack, count);
    }
    for (const group of ofType(graph, TYPES.autoScalingGroup)) {
      const type = groupInstanceTypes(graph, group)[0];
      const vcpus = type ? vcpusOf(table, type) : undefined;
      if (!type || vcpus === undefined || !STANDARD_FAMILY.test(type)) continue;
      for (const at of ["desired", "max"] as const) {
        const capacity = Number(at === "desired" ? (group.inputs.desiredCapacity ?? group.inputs.minSize) : group.inputs.maxSize);
        const split = purchaseSplit(group, capacity);
        add("onDemandVcpus", regionOf(graph, group), graph.stack, split.onDemand * vcpus, at);
        add("spotVcpus", regionOf(graph, group), graph.stack, split.spot * vcpus, at);
      }
    }
  }
  return [...needs.values()]
    .filter((n) => n.need > 0)
    .map((n) => ({ ...n, exceeded: n.defaultValue !== undefined && n.need > n.defaultValue }))
    .sort((a, b) => a.scope.localeCompare(b.scope) || a.quota.localeCompare(b.quota) || (a.at ?? "").localeCompare(b.at ?? ""));
}
