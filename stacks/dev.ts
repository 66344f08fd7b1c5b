import type { EnvironmentConfig } from "../config/load";
import type { EnvironmentOutputs, Exports } from "../contracts/outputs";
import { buildEnvironment, environmentExports } from "./environment";

/** A cheap, full environment: two zones and one NAT by default; `dev-<name>` stacks are ephemeral copies. */
export function devProgram(config: EnvironmentConfig): Exports<EnvironmentOutputs> {
  return environmentExports(buildEnvironment(config));
}
