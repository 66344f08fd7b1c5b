import { readdirSync } from "fs";
import { PROJECT_DIR } from "../config/stack-files";
import { evaluateStack, type Evaluation } from "../offline/evaluate";
import { diagramModel, type DiagramModel } from "../offline/insight/diagram-model";
import { graphOf } from "../offline/insight/graph";

/** The stacks that have a stack file in the project, by name. */
export function stackFiles(projectDir = PROJECT_DIR): string[] {
  return readdirSync(projectDir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

const evaluations = new Map<string, Promise<Evaluation>>();
// Evaluations share Pulumi's runtime settings (mocks, config), so they run one after another.
let queue: Promise<unknown> = Promise.resolve();

/** A stack evaluated offline from its file, once per process. */
export function plannedEvaluation(stack: string): Promise<Evaluation> {
  let evaluation = evaluations.get(stack);
  if (!evaluation) {
    evaluation = queue.then(() => evaluateStack(stack));
    queue = evaluation.catch(() => undefined);
    evaluations.set(stack, evaluation);
  }
  return evaluation;
}

/** The stack's planned picture (the insight diagram's model): zones, load balancers, groups, data, queues. */
export async function plannedFormation(stack: string): Promise<DiagramModel> {
  return diagramModel(graphOf(await plannedEvaluation(stack)));
}
