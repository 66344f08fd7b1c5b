/** One resource step of a preview, as the engine reports it. */
export interface PreviewStep {
  op: string;
  type: string;
  urn: string;
}

export interface StackSummary {
  name: string;
  lastUpdate?: string;
}

/** A stack output; secret ones are never printed. */
export interface StackOutput {
  value: unknown;
  secret: boolean;
}

/**
 * What the scripts need from Pulumi, by stack name. The real one drives the Pulumi CLI through the
 * Automation API over this project directory (local-workspace.ts); tests use a recording fake.
 */
export interface PlatformWorkspace {
  /** Organization that short stack names resolve in (`organization` on a self-managed backend). */
  organization(): Promise<string>;
  listStacks(): Promise<StackSummary[]>;
  createStack(stack: string): Promise<void>;
  removeStack(stack: string): Promise<void>;
  getConfig(stack: string, key: string): Promise<string | undefined>;
  setConfig(stack: string, key: string, value: string): Promise<void>;
  removeConfig(stack: string, key: string): Promise<void>;
  listTags(stack: string): Promise<Record<string, string>>;
  setTag(stack: string, key: string, value: string): Promise<void>;
  preview(stack: string): Promise<PreviewStep[]>;
  up(stack: string, onOutput: (line: string) => void): Promise<void>;
  destroy(stack: string, onOutput: (line: string) => void): Promise<void>;
  outputs(stack: string): Promise<Record<string, StackOutput>>;
}
