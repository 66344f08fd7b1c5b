import { conformityRules } from "./conformity";
import { costRules } from "./cost";
import { deployabilityRules } from "./deployability";
import type { PolicyTarget, Rule } from "./graph";
import { reliabilityRules } from "./reliability";
import { securityRules } from "./security";

export type { PolicyTarget, Rule } from "./graph";

/** Every rule of the pack, as plain functions: the pack serves them, the tests run them. */
export const RULES: Rule[] = [...conformityRules, ...securityRules, ...reliabilityRules, ...costRules, ...deployabilityRules];

export interface Violation {
  rule: string;
  message: string;
}

/** Runs rules over a resource graph the way the engine would: resource rules on each resource, stack rules once. */
export function violations(resources: PolicyTarget[], rules: Rule[] = RULES): Violation[] {
  const found: Violation[] = [];
  for (const rule of rules) {
    const report = (message: string) => found.push({ rule: rule.name, message });
    if (rule.kind === "stack") rule.validate(resources, report);
    else for (const resource of resources) rule.validate(resource, report);
  }
  return found;
}
