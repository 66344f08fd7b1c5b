import type { DeclaredResource } from "../aws-mocks";
import {
  TYPES,
  awsName,
  groupInstanceTypes,
  ofType,
  regionOf,
  securityGroupNames,
  securityGroupsOf,
  shortName,
  subnets,
  type ResourceGraph,
  type SubnetInfo,
} from "./graph";

export type NodeKind = "internet" | "edge" | "loadBalancer" | "autoScalingGroup" | "natGateway" | "endpoints" | "database" | "cache" | "queues" | "buckets";

export interface DiagramNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** The row it is drawn in: a subnet tier, `edge` above the VPC, `services` below it, or `region <name>`. */
  row: string;
  /** The zone columns it spans; empty spans them all. */
  zones: string[];
  securityGroups: string[];
}

/** A path the security groups allow (or the edge's origins), from the node that opens it to the node that accepts it. */
export interface DiagramEdge {
  from: string;
  to: string;
  /** Tier names of the source and target security groups, when the path comes from a rule. */
  fromGroup?: string;
  toGroup?: string;
  ports: string[];
}

export interface DiagramModel {
  stack: string;
  region: string;
  vpcCidrs: string[];
  /** One column per Availability Zone of the stack's region, in order. */
  zones: string[];
  /** Rows top to bottom: edge, the subnet tiers (public, app, data, then others), services, other regions. */
  rows: string[];
  subnets: SubnetInfo[];
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

const TIER_ORDER = ["public", "app", "data"];
const byTierOrder = (a: string, b: string) => {
  const rank = (t: string) => (TIER_ORDER.includes(t) ? TIER_ORDER.indexOf(t) : TIER_ORDER.length);
  return rank(a) - rank(b) || a.localeCompare(b);
};
const unique = <T>(values: T[]) => [...new Set(values)];
const idOf = (text: string) => text.replace(/[^A-Za-z0-9]/g, "_");
// `compute-web-asg` -> `compute-web`: the kind is said by the node's own word (ASG, ALB, NLB).
const label = (graph: ResourceGraph, name: string) => shortName(graph, name).replace(/-(asg|alb|nlb|lb)$/, "");

/** Where a resource sits: the row and zones of its subnets, or `fallbackRow` across every zone. */
function placement(all: SubnetInfo[], subnetIds: unknown, fallbackRow: string): Pick<DiagramNode, "row" | "zones"> {
  const mine = all.filter((s) => Array.isArray(subnetIds) && subnetIds.includes(s.id));
  if (mine.length === 0) return { row: fallbackRow, zones: [] };
  return { row: mine[0].tier, zones: unique(mine.map((s) => s.zone)).sort() };
}

function subnetGroupIds(graph: ResourceGraph, type: string, name: unknown): unknown {
  return ofType(graph, type).find((g) => awsName(g) === name)?.inputs.subnetIds;
}

function databaseNodes(graph: ResourceGraph, all: SubnetInfo[]): DiagramNode[] {
  const nodes: DiagramNode[] = [];
  const zonesOf = (r: DeclaredResource, subnetGroup: unknown) => {
    const where = placement(all, subnetGroupIds(graph, TYPES.dbSubnetGroup, subnetGroup), "data");
    return r.inputs.availabilityZone ? { ...where, zones: [String(r.inputs.availabilityZone)] } : where;
  };
  for (const db of ofType(graph, TYPES.dbInstance)) {
    const reader = Boolean(db.inputs.replicateSourceDb);
    const role = reader ? "reader" : db.inputs.multiAz ? "writer, Multi-AZ standby" : "writer";
    const where = zonesOf(db, db.inputs.dbSubnetGroupName);
    nodes.push({
      id: idOf(db.name),
      kind: "database",
      label: `database ${role}: ${db.inputs.instanceClass} ${db.inputs.engine ?? ""}`.trim(),
      ...where,
      securityGroups: securityGroupsOf(graph, db),
    });
  }
  for (const cluster of ofType(graph, TYPES.dbCluster)) {
    // A Multi-AZ DB cluster declares no instances: AWS runs a writer and two readers of dbClusterInstanceClass.
    const members = cluster.inputs.dbClusterInstanceClass ? ` (writer + 2 readers, ${cluster.inputs.dbClusterInstanceClass})` : "";
    const where = placement(all, subnetGroupIds(graph, TYPES.dbSubnetGroup, cluster.inputs.dbSubnetGroupName), "data");
    nodes.push({
      id: idOf(cluster.name),
      kind: "database",
      label: `database cluster ${cluster.inputs.engine}${members}: writer and reader endpoints`,
      ...where,
      securityGroups: securityGroupsOf(graph, cluster),
    });
  }
  for (const instance of ofType(graph, TYPES.dbClusterInstance)) {
    const where = zonesOf(instance, instance.inputs.dbSubnetGroupName);
    nodes.push({
      id: idOf(instance.name),
      kind: "database",
      label: `cluster instance ${shortName(graph, instance.name)}: ${instance.inputs.instanceClass}`,
      ...where,
      securityGroups: [],
    });
  }
  return nodes;
}

function cacheNodes(graph: ResourceGraph, all: SubnetInfo[]): DiagramNode[] {
  return [...ofType(graph, TYPES.cacheReplicationGroup), ...ofType(graph, TYPES.cacheCluster)].map((c) => {
    const nodes =
      c.inputs.numCacheClusters ??
      (c.inputs.numNodeGroups ? c.inputs.numNodeGroups * (1 + Number(c.inputs.replicasPerNodeGroup ?? 0)) : c.inputs.numCacheNodes);
    const failover = c.inputs.automaticFailoverEnabled ? ", automatic failover" : "";
    return {
      id: idOf(c.name),
      kind: "cache" as const,
      label: `cache ${c.inputs.engine ?? ""}: ${nodes ?? 1} x ${c.inputs.nodeType}${failover}`,
      ...placement(all, subnetGroupIds(graph, TYPES.cacheSubnetGroup, c.inputs.subnetGroupName), "data"),
      securityGroups: securityGroupsOf(graph, c),
    };
  });
}

function computeNodes(graph: ResourceGraph, all: SubnetInfo[]): DiagramNode[] {
  const elsewhere = (r: DeclaredResource) => (regionOf(graph, r) === graph.region ? undefined : `region ${regionOf(graph, r)}`);
  const balancers = ofType(graph, TYPES.loadBalancer).map((lb) => ({
    id: idOf(lb.name),
    kind: "loadBalancer" as const,
    label: `${lb.inputs.loadBalancerType === "network" ? "NLB" : "ALB"} ${label(graph, lb.name)}${lb.inputs.internal ? " (internal)" : ""}`,
    ...placement(all, lb.inputs.subnets, "public"),
    securityGroups: securityGroupsOf(graph, lb),
  }));
  const groups = ofType(graph, TYPES.autoScalingGroup).map((g) => {
    const where = placement(all, g.inputs.vpcZoneIdentifiers, elsewhere(g) ?? "app");
    return {
      id: idOf(g.name),
      kind: "autoScalingGroup" as const,
      label: `ASG ${label(graph, g.name)} ${g.inputs.minSize}/${g.inputs.desiredCapacity ?? g.inputs.minSize}/${g.inputs.maxSize} (min/desired/max) ${groupInstanceTypes(graph, g).join(", ")}`,
      ...where,
      row: elsewhere(g) ?? where.row,
      securityGroups: securityGroupsOf(graph, g),
    };
  });
  const nats = ofType(graph, TYPES.natGateway).map((n) => ({
    id: idOf(n.name),
    kind: "natGateway" as const,
    label: `NAT ${shortName(graph, n.name)}`,
    ...placement(all, [n.inputs.subnetId], "public"),
    securityGroups: [],
  }));
  const interfaces = ofType(graph, TYPES.vpcEndpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
  const endpoints: DiagramNode[] =
    interfaces.length === 0
      ? []
      : [
          {
            id: "interface_endpoints",
            kind: "endpoints",
            label: `${interfaces.length} interface endpoints`,
            ...placement(all, interfaces[0].inputs.subnetIds, "app"),
            securityGroups: unique(interfaces.flatMap((e) => securityGroupsOf(graph, e))),
          },
        ];
  return [...balancers, ...groups, ...nats, ...endpoints];
}

function regionalNodes(graph: ResourceGraph): DiagramNode[] {
  const nodes: DiagramNode[] = [];
  const distributions = ofType(graph, TYPES.distribution);
  if (distributions.length > 0) {
    const waf = ofType(graph, TYPES.webAcl).length > 0 ? " + WAF" : "";
    nodes.push({ id: "edge", kind: "edge", label: `CloudFront${waf}`, row: "edge", zones: [], securityGroups: [] });
  }
  const queues = ofType(graph, TYPES.queue).map((q) => shortName(graph, awsName(q)));
  if (queues.length > 0) nodes.push({ id: "queues", kind: "queues", label: `SQS: ${queues.join(", ")}`, row: "services", zones: [], securityGroups: [] });
  const buckets = ofType(graph, TYPES.bucket).map((b) => shortName(graph, b.name).replace(/^data-buckets-/, ""));
  if (buckets.length > 0) nodes.push({ id: "buckets", kind: "buckets", label: `S3: ${buckets.join(", ")}`, row: "services", zones: [], securityGroups: [] });
  return nodes;
}

function ruleEdges(graph: ResourceGraph, nodes: DiagramNode[]): DiagramEdge[] {
  const names = securityGroupNames(graph);
  const holders = (group: string) => nodes.filter((n) => n.securityGroups.includes(group));
  const edges = new Map<string, DiagramEdge>();
  const add = (from: string, to: string, port: string, fromGroup?: string, toGroup?: string) => {
    const key = `${from}->${to}`;
    const edge = edges.get(key) ?? { from, to, fromGroup, toGroup, ports: [] };
    if (!edge.ports.includes(port)) edge.ports.push(port);
    edges.set(key, edge);
  };
  for (const rule of ofType(graph, TYPES.ingressRule)) {
    const i = rule.inputs;
    const port = i.fromPort === i.toPort ? String(i.fromPort ?? "all") : `${i.fromPort}-${i.toPort}`;
    const targets = holders(String(i.securityGroupId));
    if (i.referencedSecurityGroupId) {
      for (const source of holders(String(i.referencedSecurityGroupId)))
        for (const target of targets) add(source.id, target.id, port, names.get(String(i.referencedSecurityGroupId)), names.get(String(i.securityGroupId)));
    } else if (i.cidrIpv4 === "0.0.0.0/0" || i.cidrIpv6 === "::/0") {
      for (const target of targets) add("internet", target.id, port, undefined, names.get(String(i.securityGroupId)));
    }
  }
  return [...edges.values()];
}

/** CloudFront's origins: the load balancer and the buckets it fronts, matched by domain name. */
function originEdges(graph: ResourceGraph, nodes: DiagramNode[]): DiagramEdge[] {
  const edges: DiagramEdge[] = [];
  for (const distribution of ofType(graph, TYPES.distribution)) {
    for (const origin of (distribution.inputs.origins ?? []) as { domainName?: string }[]) {
      // The origin is the balancer's own name or a DNS alias of it (origin.<env>.<domain>).
      const aliases = ofType(graph, "aws:route53/record:Record")
        .filter((r) => String(r.inputs.name).replace(/\.$/, "") === origin.domainName)
        .flatMap((r) => ((r.inputs.aliases ?? []) as { name?: string }[]).map((a) => a.name));
      const names = [origin.domainName, ...aliases];
      const lb = ofType(graph, TYPES.loadBalancer).find((l) => l.computed?.dnsName !== undefined && names.includes(String(l.computed.dnsName)));
      if (lb) edges.push({ from: "edge", to: idOf(lb.name), ports: ["443"] });
      else if (origin.domainName?.includes(".s3.") && nodes.some((n) => n.id === "buckets")) edges.push({ from: "edge", to: "buckets", ports: ["443"] });
    }
  }
  return edges;
}

/** The architecture of one evaluated stack: zones, subnet tiers, the nodes in them and the paths between them. */
export function diagramModel(graph: ResourceGraph): DiagramModel {
  const all = subnets(graph).filter((s) => {
    const resource = graph.resources.find((r) => r.id === s.id);
    return !resource || regionOf(graph, resource) === graph.region;
  });
  const nodes = [...regionalNodes(graph), ...computeNodes(graph, all), ...databaseNodes(graph, all), ...cacheNodes(graph, all)];
  let edges = [...ruleEdges(graph, nodes), ...originEdges(graph, nodes)];
  if (edges.some((e) => e.from === "internet") || nodes.some((n) => n.kind === "edge")) {
    nodes.unshift({ id: "internet", kind: "internet", label: "internet", row: "edge", zones: [], securityGroups: [] });
    if (nodes.some((n) => n.id === "edge")) edges = [{ from: "internet", to: "edge", ports: ["443"] }, ...edges];
  }
  const tiers = unique(all.map((s) => s.tier)).sort(byTierOrder);
  const nodeRows = unique(nodes.map((n) => n.row));
  const rows = [
    ...(nodeRows.includes("edge") ? ["edge"] : []),
    ...unique([...tiers, ...nodeRows.filter((r) => r !== "edge" && r !== "services" && !r.startsWith("region "))]),
    ...(nodeRows.includes("services") ? ["services"] : []),
    ...nodeRows.filter((r) => r.startsWith("region ")).sort(),
  ];
  return {
    stack: graph.stack,
    region: graph.region,
    vpcCidrs: ofType(graph, TYPES.vpc)
      .filter((v) => regionOf(graph, v) === graph.region)
      .map((v) => String(v.inputs.cidrBlock)),
    zones: unique(all.map((s) => s.zone)).sort(),
    rows,
    subnets: all,
    nodes,
    edges,
  };
}
