import { readProjectFile } from "../../config/stack-files";
import { OFFLINE_ORGANIZATION, evaluateStack, type Evaluation } from "../evaluate";

/** The stacks the README documents, which one account holds together (load-test's generators sit in their own region). */
export const DOCUMENTED_STACKS = ["shared", "dev", "prod", "load-test"];
/** The documented stacks are shown running a release, as after their first `npm run release`: as shipped they pin none and have no instances. */
export const DOCUMENTED_RELEASE = "1.0.0";

/** Every evaluation reachable from these, itself and the stacks it read, by stack name. */
function collect(evaluations: Evaluation[], into = new Map<string, Evaluation>()): Map<string, Evaluation> {
  for (const e of evaluations) {
    if (!into.has(e.stack)) into.set(e.stack, e);
    collect(Object.values(e.references), into);
  }
  return into;
}

/**
 * Evaluates the documented stacks once each, feeding a stack's outputs to the stacks that read it;
 * `known` evaluations (the stack being planned) are reused rather than evaluated again.
 */
export async function evaluateDocumented(known: Evaluation[] = []): Promise<Evaluation[]> {
  const found = collect(known);
  const project = readProjectFile().name;
  for (const stack of DOCUMENTED_STACKS) {
    if (found.has(stack)) continue;
    const references = Object.fromEntries([...found.values()].map((e) => [`${OFFLINE_ORGANIZATION}/${project}/${e.stack}`, e.outputs]));
    collect([await evaluateStack(stack, { references, release: DOCUMENTED_RELEASE })], found);
  }
  return DOCUMENTED_STACKS.map((stack) => found.get(stack)).filter((e): e is Evaluation => e !== undefined);
}
