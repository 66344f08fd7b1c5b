import type { EnvironmentConfig } from "../config/load";
import type { EnvironmentOutputs, Exports } from "../contracts/outputs";
import { buildEnvironment, environmentExports } from "./environment";

/** Production: three zones, a NAT per zone, protected stateful resources. */
export function prodProgram(config: EnvironmentConfig): Exports<EnvironmentOutputs> {
  return environmentExports(buildEnvironment(config));
}
