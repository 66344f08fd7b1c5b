import type { PlatformConfig } from "../config/load";
import { devProgram } from "./dev";
import { loadTestProgram } from "./load-test";
import { prodProgram } from "./prod";
import { sharedProgram } from "./shared";

/** Runs the program of the config's role and returns what the stack exports. */
export function runRole(config: PlatformConfig): object | Promise<object> {
  switch (config.role) {
    case "shared":
      return sharedProgram(config);
    case "dev":
      return devProgram(config);
    case "prod":
      return prodProgram(config);
    case "load-test":
      return loadTestProgram(config);
  }
}

/** Stacks a stack reads through StackReferences, and so must be deployed before it. */
export function referencedStacks(config: PlatformConfig): string[] {
  if (config.role === "shared") return [];
  return config.mirrorStack ? [config.sharedStack, config.mirrorStack] : [config.sharedStack];
}
