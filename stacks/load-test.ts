import type { EnvironmentConfig } from "../config/load";
import type { EnvironmentOutputs, Exports } from "../contracts/outputs";
import { buildEnvironment, environmentExports } from "./environment";

/** A prod-shaped system under test, cheap to run for a day and to throw away. */
export function loadTestProgram(config: EnvironmentConfig): Exports<EnvironmentOutputs> {
  return environmentExports(buildEnvironment(config));
}
