import { appendFileSync } from "fs";

/** One audited action: who asked, what, when, and how it ended. */
export interface AuditEntry {
  time: string;
  who: string;
  action: string;
  stack?: string;
  input: unknown;
  outcome: "refused" | "started" | "succeeded" | "failed";
  detail?: string;
  operation?: string;
}

export type AuditLog = (entry: Omit<AuditEntry, "time">) => void;

/** Appends each entry as one JSON line to `file`. */
export function fileAuditLog(file: string, now: () => Date = () => new Date()): AuditLog {
  return (entry) => appendFileSync(file, `${JSON.stringify({ time: now().toISOString(), ...entry })}\n`);
}
