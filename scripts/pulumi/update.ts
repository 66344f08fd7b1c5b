import { formatSummary, summarizeChanges, type ChangeSummary } from "./change-summary";
import { ScriptError, type ScriptContext } from "../context";
import type { PlatformWorkspace } from "./workspace";

/** Prints the engine's output line by line, each line prefixed with its stack (chunks may end mid-line). */
export function streamLines(context: ScriptContext, stack: string): { write: (chunk: string) => void; flush: () => void } {
  let pending = "";
  const emit = (line: string) => {
    if (line.trim() !== "") context.print(`[${stack}] ${line}`);
  };
  return {
    write(chunk) {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() ?? "";
      lines.forEach(emit);
    },
    flush() {
      emit(pending);
      pending = "";
    },
  };
}

export async function previewStack(context: ScriptContext, workspace: PlatformWorkspace, stack: string): Promise<ChangeSummary> {
  context.print(`Previewing ${stack}...`);
  let summary: ChangeSummary;
  try {
    summary = summarizeChanges(await workspace.preview(stack));
  } catch (error) {
    throw new ScriptError(`Preview of ${stack} failed: ${(error as Error).message}`);
  }
  formatSummary(stack, summary).forEach((line) => context.print(line));
  return summary;
}

export async function upStack(context: ScriptContext, workspace: PlatformWorkspace, stack: string): Promise<void> {
  context.print(`Updating ${stack}...`);
  const output = streamLines(context, stack);
  try {
    await workspace.up(stack, output.write);
  } catch (error) {
    throw new ScriptError(`Update of ${stack} failed: ${(error as Error).message}`);
  } finally {
    output.flush();
  }
}

export async function destroyStack(context: ScriptContext, workspace: PlatformWorkspace, stack: string): Promise<void> {
  context.print(`Destroying ${stack}...`);
  const output = streamLines(context, stack);
  try {
    await workspace.destroy(stack, output.write);
  } catch (error) {
    throw new ScriptError(`Destroy of ${stack} failed: ${(error as Error).message}`);
  } finally {
    output.flush();
  }
}
