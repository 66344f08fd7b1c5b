import type { PreviewStep } from "./workspace";

/** Types whose replacement or deletion loses data or breaks what points at them. */
export const STATEFUL_TYPES: readonly string[] = [
  "aws:rds/instance:Instance",
  "aws:rds/cluster:Cluster",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:sqs/queue:Queue",
  "aws:kms/key:Key",
  "aws:route53/zone:Zone",
  "aws:ecr/repository:Repository",
  "aws:backup/vault:Vault",
];

export type ChangeKind = "create" | "update" | "replace" | "delete";

const KIND_OF_OP: Record<string, ChangeKind> = {
  create: "create",
  update: "update",
  replace: "replace",
  "create-replacement": "replace",
  "delete-replaced": "replace",
  delete: "delete",
};

export interface ChangeSummary {
  counts: Record<ChangeKind, number>;
  /** Replacements and deletions of stateful resources, one entry per resource. */
  dangerous: { kind: "replace" | "delete"; type: string; urn: string }[];
}

/** Counts a preview's steps by kind; a replacement's three steps count once. */
export function summarizeChanges(steps: PreviewStep[]): ChangeSummary {
  const seen = new Map<string, ChangeKind>();
  for (const step of steps) {
    const kind = KIND_OF_OP[step.op];
    if (kind && seen.get(step.urn) !== "replace") seen.set(step.urn, kind);
  }
  const counts: Record<ChangeKind, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  const dangerous: ChangeSummary["dangerous"] = [];
  for (const [urn, kind] of seen) {
    counts[kind]++;
    const type = steps.find((step) => step.urn === urn)?.type ?? "";
    if ((kind === "replace" || kind === "delete") && STATEFUL_TYPES.includes(type)) dangerous.push({ kind, type, urn });
  }
  return { counts, dangerous };
}

export function hasChanges(summary: ChangeSummary): boolean {
  return Object.values(summary.counts).some((count) => count > 0);
}

/** A resource's logical name is the last segment of its URN. */
function resourceName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

export function formatSummary(stack: string, summary: ChangeSummary): string[] {
  const { create, update, replace, delete: remove } = summary.counts;
  const lines = [`${stack}: ${create} to create, ${update} to update, ${replace} to replace, ${remove} to delete`];
  for (const { kind, type, urn } of summary.dangerous) {
    lines.push(`  !!! WARNING: ${kind.toUpperCase()} of stateful ${type} "${resourceName(urn)}": its data or identity is lost !!!`);
  }
  return lines;
}
