import type { DiagramModel, DiagramNode } from "./diagram-model";

const id = (text: string) => text.replace(/[^A-Za-z0-9]/g, "_");
// Mermaid labels are quoted; a double quote inside one is written as its entity.
const quote = (text: string) => `"${text.replace(/"/g, "#quot;")}"`;

const SHAPES: Record<DiagramNode["kind"], [string, string]> = {
  internet: ["((", "))"],
  edge: ["[", "]"],
  loadBalancer: ["[", "]"],
  autoScalingGroup: ["[", "]"],
  natGateway: ["[", "]"],
  endpoints: ["[", "]"],
  database: ["[(", ")]"],
  cache: ["[(", ")]"],
  queues: ["[[", "]]"],
  buckets: ["[(", ")]"],
};

function node(n: DiagramNode, indent: string): string {
  const [open, close] = SHAPES[n.kind];
  const zones = n.zones.length > 0 ? ` · ${n.zones.join(", ")}` : "";
  return `${indent}${n.id}${open}${quote(n.label + zones)}${close}`;
}

/**
 * Mermaid flowchart of a diagram model: a column per zone with its subnets top to bottom by tier,
 * then a box per tier with what runs in it (and the zones it spans), and an arrow per allowed path.
 */
export function mermaid(model: DiagramModel): string {
  const lines = ["flowchart TB"];
  const inRow = (row: string) => model.nodes.filter((n) => n.row === row);
  for (const n of inRow("edge")) lines.push(node(n, "  "));
  lines.push(`  subgraph vpc[${quote(`VPC ${model.vpcCidrs.join(", ")} · ${model.region}`)}]`, "    direction TB");
  lines.push(`    subgraph zones[${quote("Availability Zones")}]`, "      direction LR");
  for (const zone of model.zones) {
    lines.push(`      subgraph zone_${id(zone)}[${quote(zone)}]`, "        direction TB");
    const mine = model.subnets.filter((s) => s.zone === zone);
    for (const tier of model.rows) {
      for (const s of mine.filter((m) => m.tier === tier)) lines.push(`        ${id(s.id)}[${quote(`${tier} subnet ${s.name}${s.cidr ? ` ${s.cidr}` : ""}`)}]`);
    }
    lines.push("      end");
  }
  lines.push("    end");
  for (const row of model.rows.filter((r) => r !== "edge" && r !== "services" && !r.startsWith("region "))) {
    const nodes = inRow(row);
    if (nodes.length === 0) continue;
    lines.push(`    subgraph tier_${id(row)}[${quote(`${row} tier`)}]`);
    for (const n of nodes) lines.push(node(n, "      "));
    lines.push("    end");
  }
  lines.push("  end");
  for (const row of model.rows.filter((r) => r === "services" || r.startsWith("region "))) {
    lines.push(`  subgraph row_${id(row)}[${quote(row === "services" ? "regional services" : row)}]`);
    for (const n of inRow(row)) lines.push(node(n, "    "));
    lines.push("  end");
  }
  for (const e of model.edges) lines.push(`  ${e.from} -->|${quote(e.ports.join(", "))}| ${e.to}`);
  return lines.join("\n");
}
