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
