import { evaluated, evaluatedWith } from "../support/harness";
import type { EvaluateOptions, Evaluation } from "../../offline/evaluate";
import { DOCUMENTED_STACKS } from "../../offline/insight/documented-stacks";

/** The documented stacks, evaluated once per run (through the harness cache). */
export const documented = (): Promise<Evaluation[]> => Promise.all(DOCUMENTED_STACKS.map(evaluated));

/** A stack evaluated with config laid over its stack file, reading the shipped shared stack's outputs. */
export async function evaluatedOver(stack: string, config: EvaluateOptions["config"]): Promise<Evaluation> {
  const shared = await evaluated("shared");
  return evaluatedWith(stack, { config, references: { "organization/platform/shared": shared.outputs } });
}
