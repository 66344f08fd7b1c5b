/**
 * Tags for what an Auto Scaling group launches. The provider's default tags reach only a
 * resource's own `tags`, not the instances and volumes a group starts
 * (hashicorp/terraform-provider-aws#19387), so the cost tags are repeated here.
 */
export function launchedTags(costTags: Record<string, string>, name: string): Record<string, string> {
  return { ...costTags, Name: name };
}

/** The same tags as an Auto Scaling group's tag blocks, propagated to every instance it launches. */
export function groupTags(costTags: Record<string, string>, name: string): { key: string; value: string; propagateAtLaunch: boolean }[] {
  return Object.entries(launchedTags(costTags, name)).map(([key, value]) => ({ key, value, propagateAtLaunch: true }));
}
