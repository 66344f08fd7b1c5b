import { randomUUID } from "crypto";

export type OperationStatus = "running" | "succeeded" | "failed";

/** A long action: its log lines as they come, and how it ended. */
export interface Operation {
  id: string;
  action: string;
  stack: string;
  status: OperationStatus;
  started: string;
  ended?: string;
  log: string[];
  error?: string;
}

/** The operations of this process (the console keeps no database: they are gone on restart). */
export class Operations {
  private readonly all = new Map<string, Operation>();
  private readonly listeners = new Map<string, Set<() => void>>();

  start(action: string, stack: string, work: (print: (line: string) => void) => Promise<void>, ended?: (op: Operation) => void): Operation {
    const op: Operation = { id: randomUUID(), action, stack, status: "running", started: new Date().toISOString(), log: [] };
    this.all.set(op.id, op);
    const print = (line: string) => {
      op.log.push(line);
      this.notify(op.id);
    };
    void work(print).then(
      () => this.end(op, "succeeded", undefined, ended),
      (error: unknown) => this.end(op, "failed", error instanceof Error ? error.message : String(error), ended),
    );
    return op;
  }

  private end(op: Operation, status: OperationStatus, error: string | undefined, ended?: (op: Operation) => void): void {
    op.status = status;
    op.error = error;
    op.ended = new Date().toISOString();
    ended?.(op);
    this.notify(op.id);
  }

  /** The operation still running on the stack, if any. */
  runningOn(stack: string): Operation | undefined {
    return [...this.all.values()].find((op) => op.stack === stack && op.status === "running");
  }

  get(id: string): Operation | undefined {
    return this.all.get(id);
  }

  /** Calls `listener` on each new line and at the end; returns the unsubscribe. */
  watch(id: string, listener: () => void): () => void {
    const set = this.listeners.get(id) ?? new Set();
    set.add(listener);
    this.listeners.set(id, set);
    return () => set.delete(listener);
  }

  private notify(id: string): void {
    this.listeners.get(id)?.forEach((listener) => listener());
  }
}
