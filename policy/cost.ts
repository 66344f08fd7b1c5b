import { effectiveTags, Index, isEphemeral, isOf, label, list, stackOf, TYPES, type PolicyTarget, type Rule } from "./graph";

/** The cost allocation tags the stacks put on through the provider's default tags. */
export const COST_TAGS = ["environment", "service", "owner", "cost-center"] as const;

function launchTemplateOf(index: Index, group: PolicyTarget): PolicyTarget | undefined {
  const direct = group.props.launchTemplate;
  const mixed = group.props.mixedInstancesPolicy?.launchTemplate?.launchTemplateSpecification;
  const wanted = [direct?.id, direct?.name, mixed?.launchTemplateId, mixed?.launchTemplateName].filter((v) => typeof v === "string");
  return index.ofType(TYPES.launchTemplate).find((t) => wanted.includes(t.props.id) || wanted.includes(t.props.name));
}

/**
 * Tags the instances of an Auto Scaling Group get: the group's tags propagated at launch and its
 * launch template's instance tags. Provider default tags reach neither
 * (hashicorp/terraform-provider-aws#19387), so these must be set on the group or the template.
 */
function instanceTags(index: Index, group: PolicyTarget): Record<string, string> {
  const template = launchTemplateOf(index, group);
  const fromTemplate = list(template?.props.tagSpecifications).filter((s) => s?.resourceType === "instance");
  const propagated = list(group.props.tags).filter((t) => t?.propagateAtLaunch === true || t?.propagateAtLaunch === "true");
  return Object.assign({}, ...fromTemplate.map((s) => s.tags ?? {}), Object.fromEntries(propagated.map((t) => [t.key, t.value])));
}

/** AWS resources the cost rules judge, with the tags each carries in AWS. */
function taggedResources(resources: PolicyTarget[]): { resource: PolicyTarget; tags: Record<string, string> }[] {
  const index = new Index(resources);
  return resources
    .filter((r) => r.type.startsWith("aws:"))
    .map((resource) => ({ resource, tags: isOf(resource, TYPES.autoScalingGroup) ? instanceTags(index, resource) : effectiveTags(resource) }));
}

export const costRules: Rule[] = [
  {
    kind: "stack",
    name: "cost-tags",
    description: `Every AWS resource carries the cost allocation tags ${COST_TAGS.join(", ")} (through the provider's default tags; instances of an Auto Scaling Group through tags propagated at launch), and environment names its stack.`,
    enforcementLevel: "mandatory",
    validate(resources, report) {
      for (const { resource, tags } of taggedResources(resources)) {
        const missing = COST_TAGS.filter((key) => !tags[key]);
        if (missing.length > 0) report(`${label(resource)} lacks cost tag(s) ${missing.join(", ")}.`);
        else if (tags.environment !== stackOf(resource.urn)) {
          report(`${label(resource)} has environment tag ${JSON.stringify(tags.environment)} but belongs to stack ${JSON.stringify(stackOf(resource.urn))}.`);
        }
      }
    },
  },
  {
    kind: "stack",
    name: "ephemeral-ttl",
    description:
      "Every AWS resource of an ephemeral stack (a personal dev stack such as dev-alice) carries a ttl tag, so that the janitor knows when to remove it.",
    enforcementLevel: "mandatory",
    validate(resources, report) {
      for (const { resource, tags } of taggedResources(resources)) {
        if (isEphemeral(resource.urn) && !tags.ttl)
          report(`${label(resource)} is in ephemeral stack ${JSON.stringify(stackOf(resource.urn))} but has no ttl tag.`);
      }
    },
  },
];
