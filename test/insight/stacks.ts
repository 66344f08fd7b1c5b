import { evaluated, evaluatedWith } from "../support/harness";
import type { EvaluateOptions, Evaluation } from "../../offline/evaluate";
import { DOCUMENTED_STACKS } from "../../offline/insight/documented-stacks";

/** The documented stacks, evaluated once per run (through the harness cache), one after another: the mocks are global. */
export async function documented(): Promise<Evaluation[]> {
  const evaluations: Evaluation[] = [];
  for (const stack of DOCUMENTED_STACKS) evaluations.push(await evaluated(stack));
  return evaluations;
}

/** A stack evaluated with config laid over its stack file, reading the shipped shared stack's outputs. */
export async function evaluatedOver(stack: string, config: EvaluateOptions["config"], stackFile?: string): Promise<Evaluation> {
  const shared = await evaluated("shared");
  return evaluatedWith(stack, { config, stackFile, references: { "organization/platform/shared": shared.outputs } });
}
