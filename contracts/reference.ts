import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

export type Outputs<T> = { [K in keyof T]: pulumi.Output<T[K]> };

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
    outputs[key] = reference.requireOutput(key).apply((value) => {
      const result = (schema as z.ZodType).safeParse(value);
      if (!result.success) {
        const found = JSON.stringify(value) ?? "nothing";
        throw new Error(
          `Stack "${stackName}" output "${key}" has the wrong shape: found ${found}; ${result.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")}`,
        );
      }
      return result.data;
    });
  }
  return outputs as Outputs<z.infer<z.ZodObject<Shape>>>;
}
