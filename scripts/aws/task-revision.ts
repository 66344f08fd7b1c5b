import type { RegisterTaskDefinitionCommandInput, Tag, TaskDefinition } from "@aws-sdk/client-ecs";

/**
 * The RegisterTaskDefinition input for a copy of `definition` whose `container` runs `image`:
 * RunTask's container overrides can change a container's command, environment, cpu and memory,
 * but not its image (ECS API reference, ContainerOverride), so a new release's image needs a revision.
 * Only the fields RegisterTaskDefinition accepts are copied; what ECS sets (ARN, revision, status,
 * registeredAt, ...) is not.
 */
export function revisionWithImage(definition: TaskDefinition, tags: Tag[], container: string, image: string): RegisterTaskDefinitionCommandInput {
  const containerDefinitions = definition.containerDefinitions ?? [];
  if (!containerDefinitions.some((c) => c.name === container)) {
    throw new Error(`task definition ${definition.taskDefinitionArn} has no container named ${container}`);
  }
  return {
    family: definition.family,
    taskRoleArn: definition.taskRoleArn,
    executionRoleArn: definition.executionRoleArn,
    networkMode: definition.networkMode,
    containerDefinitions: containerDefinitions.map((c) => (c.name === container ? { ...c, image } : c)),
    volumes: definition.volumes,
    placementConstraints: definition.placementConstraints,
    requiresCompatibilities: definition.requiresCompatibilities,
    cpu: definition.cpu,
    memory: definition.memory,
    pidMode: definition.pidMode,
    ipcMode: definition.ipcMode,
    proxyConfiguration: definition.proxyConfiguration,
    ephemeralStorage: definition.ephemeralStorage,
    runtimePlatform: definition.runtimePlatform,
    enableFaultInjection: definition.enableFaultInjection,
    // Keys starting with aws: are reserved for AWS and cannot be set (ECS API reference, Tag).
    tags: tags.length > 0 ? tags.filter((tag) => !tag.key?.toLowerCase().startsWith("aws:")) : undefined,
  };
}
