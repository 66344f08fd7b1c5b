import type { z } from "zod";
import { ScriptError, type ScriptContext } from "../context";
import { readOutputs } from "../pulumi/stack-outputs";
import type { PlatformWorkspace } from "../pulumi/workspace";
import type { ReleaseAws } from "./release-aws";

/** A deployed stack as the scripts act on it in AWS: the outputs they need of it, and AWS in its region. */
export interface StackInAws<T> {
  stack: string;
  outputs: T;
  aws: ReleaseAws;
}

/**
 * The outputs `schema` picks of a stack's contract; a stack that lacks them (never deployed, or deployed before they
 * existed) stops the script before anything changes, saying it does not export `what`.
 */
export async function readStackOutputs<T>(workspace: PlatformWorkspace, stack: string, schema: z.ZodType<T>, what: string): Promise<T> {
  const parsed = schema.safeParse(await readOutputs(workspace, stack));
  if (!parsed.success) {
    const missing = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new ScriptError(`${stack} does not export ${what} (${missing}): update it with npm run deploy first. Nothing changed.`);
  }
  return parsed.data;
}

/** The stack's outputs `schema` picks (readStackOutputs), and AWS in its region. */
export async function stackInAws<T extends { region: string }>(
  context: ScriptContext,
  workspace: PlatformWorkspace,
  stack: string,
  schema: z.ZodType<T>,
  what: string,
): Promise<StackInAws<T>> {
  const outputs = await readStackOutputs(workspace, stack, schema, what);
  return { stack, outputs, aws: await context.aws(outputs.region) };
}
