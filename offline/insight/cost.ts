import { DEFAULT_ASSUMPTIONS, describeAssumptions, type CostAssumptions } from "./cost-assumptions";
import { groupLines, networkLines } from "./cost-compute";
import { cacheLines, databaseLines } from "./cost-data";
import { line, type CostLine } from "./cost-line";
import { TYPES, ofType, regionOf, type ResourceGraph } from "./graph";
import { PRICES, type PriceTable } from "./prices";

export interface CostEstimate {
  stack: string;
  region: string;
  lines: CostLine[];
  /** The sum of the lines' monthly USD. */
  totalUsd: number;
  /** Monthly USD per component, largest first. */
  byComponent: { component: string; monthlyUsd: number }[];
  assumptions: ReturnType<typeof describeAssumptions>;
  /** Price keys the table lacks: those lines count as zero. */
  unpriced: string[];
  /** What the estimate leaves out. */
  notPriced: string[];
}

const countBy = <T>(items: T[], key: (item: T) => string) =>
  items.reduce((map, item) => map.set(key(item), (map.get(key(item)) ?? 0) + 1), new Map<string, number>());

/** Alarms, dashboards and KMS keys, counted per region. */
function observabilityLines(graph: ResourceGraph, table: PriceTable): CostLine[] {
  const counted: [string, string, string][] = [
    [TYPES.metricAlarm, "cloudwatch:alarm", "metric alarms"],
    [TYPES.compositeAlarm, "cloudwatch:composite-alarm", "composite alarms"],
    [TYPES.dashboard, "cloudwatch:dashboard", "dashboards"],
    [TYPES.kmsKey, "kms:key", "KMS keys"],
  ];
  return counted.flatMap(([type, price, item]) =>
    [...countBy(ofType(graph, type), (r) => regionOf(graph, r))].map(([region, count]) =>
      line(table, { component: price.startsWith("kms") ? "keys" : "observability", item: `${item} (${region})`, quantity: count, price, region }),
    ),
  );
}

/** CloudFront requests and the WAF web ACL, its rules and the requests it inspects, at the assumed request rate. */
function edgeLines(graph: ResourceGraph, table: PriceTable, assumptions: CostAssumptions): CostLine[] {
  const perSecond = graph.role === "dev" ? assumptions.devEdgeRequestsPerSecond : assumptions.edgeRequestsPerSecond;
  const requests = perSecond * 3600 * assumptions.hoursPerMonth;
  const lines: CostLine[] = [];
  for (const distribution of ofType(graph, TYPES.distribution))
    lines.push(
      line(table, {
        component: "edge",
        item: `CloudFront HTTPS requests, 10,000s (${distribution.name})`,
        quantity: requests / 10000,
        price: "cloudfront:https-10k",
        region: "global",
      }),
    );
  for (const acl of ofType(graph, TYPES.webAcl)) {
    const region = regionOf(graph, acl);
    lines.push(line(table, { component: "edge", item: "WAF web ACL", quantity: 1, price: "waf:web-acl", region }));
    lines.push(
      line(table, {
        component: "edge",
        item: "WAF rules and rule groups",
        quantity: ((acl.inputs.rules ?? []) as unknown[]).length,
        price: "waf:rule",
        region,
      }),
    );
    lines.push(line(table, { component: "edge", item: "WAF requests inspected, millions", quantity: requests / 1e6, price: "waf:million-requests", region }));
  }
  return lines;
}

/** A monthly estimate of one stack from its evaluated resources and the committed price table. */
export function estimateCost(graph: ResourceGraph, assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS, table: PriceTable = PRICES): CostEstimate {
  const lines = [
    ...groupLines(graph, table, assumptions),
    ...networkLines(graph, table, assumptions),
    ...databaseLines(graph, table, assumptions),
    ...cacheLines(graph, table, assumptions),
    ...observabilityLines(graph, table),
    ...edgeLines(graph, table, assumptions),
  ];
  const components = new Map<string, number>();
  for (const l of lines) components.set(l.component, (components.get(l.component) ?? 0) + l.monthlyUsd);
  return {
    stack: graph.stack,
    region: graph.region,
    lines,
    totalUsd: lines.reduce((sum, l) => sum + l.monthlyUsd, 0),
    byComponent: [...components].map(([component, monthlyUsd]) => ({ component, monthlyUsd })).sort((a, b) => b.monthlyUsd - a.monthlyUsd),
    assumptions: describeAssumptions(assumptions),
    unpriced: [...new Set(lines.filter((l) => l.unpriced).map((l) => `${l.region} ${l.price}`))],
    notPriced: [
      "data transfer out and between zones",
      "S3 storage and requests",
      "SQS, SNS and Secrets Manager requests",
      "CloudWatch Logs ingestion and storage",
      "Route 53 zones, queries and health checks",
      "backups beyond the free allowance",
      "Fargate jobs",
    ],
  };
}
