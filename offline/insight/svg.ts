import type { DiagramModel, DiagramNode } from "./diagram-model";

const COLUMN = 250;
const GUTTER = 110;
const LINE = 44;
const BOX = 34;
const PAD = 8;

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const FILL: Record<string, string> = {
  subnet: "#eef3f8",
  internet: "#ffffff",
  edge: "#f3e8fd",
  loadBalancer: "#e6f4ea",
  autoScalingGroup: "#fff4e5",
  natGateway: "#eceff1",
  endpoints: "#eceff1",
  database: "#e3f2fd",
  cache: "#fce4ec",
  queues: "#fffde7",
  buckets: "#e8f5e9",
};

interface Box {
  x: number;
  y: number;
  width: number;
  label: string;
  fill: string;
}

/** Columns a node covers: its zones' columns, or all of them. */
function span(model: DiagramModel, node: DiagramNode): [number, number] {
  const columns = node.zones.map((z) => model.zones.indexOf(z)).filter((c) => c >= 0);
  if (columns.length === 0) return [0, Math.max(0, model.zones.length - 1)];
  return [Math.min(...columns), Math.max(...columns)];
}

/** Packs items into lines so that no two on one line share a column: a row's subnets first, then its nodes. */
function pack(items: { from: number; to: number }[]): number[] {
  const lines: { from: number; to: number }[][] = [];
  return items.map((item) => {
    let line = lines.findIndex((taken) => taken.every((t) => item.to < t.from || item.from > t.to));
    if (line < 0) line = lines.push([]) - 1;
    lines[line].push(item);
    return line;
  });
}

/**
 * The diagram drawn by the project itself: a column per zone, a band per row (edge, subnet tiers,
 * regional services, other regions), subnets and zonal nodes in their cells, nodes spanning zones as
 * bars across their columns, and an arrow per allowed path. No renderer needed.
 */
export function svg(model: DiagramModel): string {
  const boxes: Box[] = [];
  const centers = new Map<string, { x: number; y: number }>();
  const bands: { row: string; y: number; height: number }[] = [];
  let y = 40;
  for (const row of model.rows) {
    const subnets = model.subnets.filter((s) => s.tier === row);
    const nodes = model.nodes.filter((n) => n.row === row);
    const items = [
      ...subnets.map((s) => ({
        from: model.zones.indexOf(s.zone),
        to: model.zones.indexOf(s.zone),
        label: `${s.name} ${s.cidr ?? ""}`.trim(),
        fill: FILL.subnet,
        id: s.id,
      })),
      ...nodes.map((n) => {
        const [from, to] = span(model, n);
        return { from, to, label: n.label, fill: FILL[n.kind], id: n.id };
      }),
    ];
    const lines = pack(items);
    const height = (Math.max(0, ...lines) + 1) * LINE + PAD;
    bands.push({ row, y, height });
    items.forEach((item, index) => {
      const box = {
        x: GUTTER + item.from * COLUMN + PAD,
        y: y + PAD + lines[index] * LINE,
        width: (item.to - item.from + 1) * COLUMN - 2 * PAD,
        label: item.label,
        fill: item.fill,
      };
      boxes.push(box);
      centers.set(item.id, { x: box.x + box.width / 2, y: box.y + BOX / 2 });
    });
    y += height + PAD;
  }
  const width = GUTTER + Math.max(1, model.zones.length) * COLUMN + PAD;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + PAD}" viewBox="0 0 ${width} ${y + PAD}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${PAD}" y="22" font-size="14" font-weight="bold">${escape(`${model.stack} · ${model.region} · VPC ${model.vpcCidrs.join(", ")}`)}</text>`,
  ];
  model.zones.forEach((zone, column) =>
    out.push(`<text x="${GUTTER + column * COLUMN + COLUMN / 2}" y="36" text-anchor="middle" font-weight="bold">${escape(zone)}</text>`),
  );
  for (const band of bands) {
    out.push(`<rect x="2" y="${band.y}" width="${width - 4}" height="${band.height}" fill="none" stroke="#cfd8dc" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${PAD}" y="${band.y + 18}" font-weight="bold">${escape(band.row)}</text>`);
  }
  for (const box of boxes) {
    out.push(`<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${BOX}" rx="5" fill="${box.fill}" stroke="#607d8b"/>`);
    out.push(
      `<text x="${box.x + box.width / 2}" y="${box.y + BOX / 2 + 4}" text-anchor="middle">${escape(box.label.length > box.width / 6 ? `${box.label.slice(0, Math.floor(box.width / 6) - 1)}…` : box.label)}</text>`,
    );
  }
  for (const edge of model.edges) {
    const from = centers.get(edge.from);
    const to = centers.get(edge.to);
    if (!from || !to) continue;
    const down = to.y >= from.y ? 1 : -1;
    const [y1, y2] = [from.y + (down * BOX) / 2, to.y - (down * BOX) / 2];
    out.push(
      `<path d="M ${from.x} ${y1} C ${from.x} ${(y1 + y2) / 2}, ${to.x} ${(y1 + y2) / 2}, ${to.x} ${y2}" fill="none" stroke="#555" marker-end="url(#arrow)"/>`,
    );
    out.push(`<text x="${(from.x + to.x) / 2 + 4}" y="${(y1 + y2) / 2}" fill="#37474f">${escape(edge.ports.join(","))}</text>`);
  }
  out.push("</svg>");
  return out.join("\n");
}
