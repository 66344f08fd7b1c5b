import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

export type Outputs<T> = { [K in keyof T]: pulumi.Output<T[K]> };

function checked(stackName: string, key: string, schema: z.ZodType, value: unknown): unknown {
  const result = schema.safeParse(value);
  if (!result.success) {
    const found = JSON.stringify(value) ?? "nothing";
    throw new Error(
      `Stack "${stackName}" output "${key}" has the wrong shape: found ${found}; ${result.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")}`,
    );
  }
  return result.data;
}

/**
 * Reads another stack's contract: one `requireOutput` per field, each checked against the
 * contract's schema, so a missing or wrong-shaped output fails naming the stack and the output.
 */
export function readStack<Shape extends z.ZodRawShape>(
  stackName: string,
  contract: z.ZodObject<Shape>,
  opts?: pulumi.CustomResourceOptions,
): Outputs<z.infer<z.ZodObject<Shape>>> {
  const reference = new pulumi.StackReference(stackName, { name: stackName }, opts);
  const outputs: Record<string, pulumi.Output<unknown>> = {};
  for (const [key, schema] of Object.entries(contract.shape)) {
    outputs[key] = reference.requireOutput(key).apply((value) => checked(stackName, key, schema as z.ZodType, value));
  }
  return outputs as Outputs<z.infer<z.ZodObject<Shape>>>;
}

/**
 * Reads another stack's contract as plain values, for a program that must know them before it declares
 * its resources (a load-test takes its sizes from the stack it mirrors). A reference's outputs are known at
 * preview, so nothing is hidden from it; each output is checked as `readStack` does, and a missing one named.
 */
export async function readStackValues<Shape extends z.ZodRawShape>(
  stackName: string,
  contract: z.ZodObject<Shape>,
  opts?: pulumi.CustomResourceOptions,
): Promise<z.infer<z.ZodObject<Shape>>> {
  const reference = new pulumi.StackReference(stackName, { name: stackName }, opts);
  const values: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(contract.shape)) {
    const details = await reference.getOutputDetails(key);
    const value = details.value ?? details.secretValue;
    if (value === undefined && !(schema as z.ZodType).safeParse(undefined).success) {
      throw new Error(`Stack "${stackName}" has no output "${key}": deploy it with a program that exports it`);
    }
    values[key] = checked(stackName, key, schema as z.ZodType, value);
  }
  return values as z.infer<z.ZodObject<Shape>>;
}
