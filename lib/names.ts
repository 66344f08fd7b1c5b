import { createHash } from "crypto";

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
