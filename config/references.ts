import type { PlatformConfig } from "./load";

/** Stacks a stack reads through StackReferences, and so must be deployed before it. */
export function referencedStacks(config: PlatformConfig): string[] {
  if (config.role === "shared") return [];
  return config.mirrorStack ? [config.sharedStack, config.mirrorStack] : [config.sharedStack];
}
