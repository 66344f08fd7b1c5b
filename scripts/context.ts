import { createInterface } from "readline/promises";
import { Command } from "commander";
import { PROJECT_DIR } from "../config/stack-files";
import type { BudgetVerdict } from "../offline/insight/budget";
import type { FormationAws } from "./aws/formation-aws";
import type { ReleaseAws } from "./aws/release-aws";
import { preflight } from "./pulumi/preflight";
import type { PlatformWorkspace } from "./pulumi/workspace";

/** Everything a script touches outside itself, so tests can hand it a fake. */
export interface ScriptContext {
  projectDir: string;
  /** What is missing (CLI, credentials) before anything may run; empty when all is there. */
  preflight(): Promise<string[]>;
  workspace(): Promise<PlatformWorkspace>;
  /** AWS beside Pulumi (ECS, Auto Scaling) in a stack's region. */
  aws(region: string): Promise<ReleaseAws>;
  /** What the live formation reads of AWS in a stack's region (read only). */
  formationAws(region: string): Promise<FormationAws>;
  /** The stack's offline monthly estimate against its configured budget; undefined when it has no budget. */
  budget(stack: string): Promise<BudgetVerdict | undefined>;
  print(line: string): void;
  /** Reports a failure; the process exits non-zero. */
  fail(message: string): void;
  interactive: boolean;
  confirm(question: string): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  now(): Date;
  /** Calls `listener` on Ctrl-C (SIGINT) instead of exiting, until the returned function is called. */
  onInterrupt(listener: () => void): () => void;
}

/** A failure whose message is the whole story: printed as is, with no stack trace. */
export class ScriptError extends Error {
  override name = "ScriptError";
}

export function processContext(): ScriptContext {
  return {
    projectDir: PROJECT_DIR,
    preflight,
    async workspace() {
      // Loaded on use, so that --help stays fast and needs no CLI.
      const { LocalPlatformWorkspace } = await import("./pulumi/local-workspace");
      return LocalPlatformWorkspace.create(PROJECT_DIR);
    },
    async aws(region) {
      const { SdkReleaseAws } = await import("./aws/sdk-release-aws");
      return new SdkReleaseAws(region);
    },
    async formationAws(region) {
      const { SdkFormationAws } = await import("./aws/sdk-formation-aws");
      return new SdkFormationAws(region);
    },
    async budget(stack) {
      // Loaded on use: it evaluates the stack's program under mocks.
      const { budgetCheck } = await import("../offline/insight/budget-check");
      return budgetCheck(stack);
    },
    print: (line) => console.log(line),
    fail(message) {
      console.error(message);
      process.exitCode = 1;
    },
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    async confirm(question) {
      const prompt = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
      } finally {
        prompt.close();
      }
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => new Date(),
    onInterrupt(listener) {
      process.on("SIGINT", listener);
      return () => process.off("SIGINT", listener);
    },
  };
}

/** Runs an action after the preflight checks; any failure is reported as one message, never a stack trace. */
export async function run(context: ScriptContext, action: (workspace: PlatformWorkspace) => Promise<void>): Promise<void> {
  try {
    const problems = await context.preflight();
    if (problems.length > 0) throw new ScriptError(problems.join("\n"));
    await action(await context.workspace());
  } catch (error) {
    context.fail(error instanceof Error ? error.message : String(error));
  }
}

/** Asks before applying unless `--yes`; refuses outright when nobody can answer. */
export async function confirmApply(context: ScriptContext, what: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!context.interactive) throw new ScriptError(`Not applied: ${what} needs confirmation; run again with --yes to apply without asking.`);
  if (!(await context.confirm(`Apply ${what}?`))) throw new ScriptError("Not applied: cancelled.");
}

/** Runs a script's program over process.argv; commander's own errors (bad options) exit non-zero too. */
export function main(build: (context: ScriptContext) => Command): void {
  build(processContext())
    .parseAsync(process.argv)
    .catch((error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    });
}
