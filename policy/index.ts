import { PolicyPack, type Policy, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { RULES, type Rule } from "./rules";

function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  const policy: Policy = { name: rule.name, description: rule.description, enforcementLevel: rule.enforcementLevel };
  if (rule.kind === "stack") return { ...policy, validateStack: (args, report) => rule.validate(args.resources, report) };
  return { ...policy, validateResource: (args, report) => rule.validate(args, report) };
}

new PolicyPack("platform", { policies: RULES.map(toPolicy) });
