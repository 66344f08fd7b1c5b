import type { PlatformWorkspace } from "./workspace";

/** Non-secret outputs as plain values, to be read through the contracts. */
export async function readOutputs(workspace: PlatformWorkspace, stack: string): Promise<Record<string, unknown>> {
  const outputs = await workspace.outputs(stack);
  return Object.fromEntries(Object.entries(outputs).flatMap(([name, { value, secret }]) => (secret ? [] : [[name, value]])));
}
