import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadConfig, type PlatformConfig } from "./config/load";
import { runRole } from "./stacks";

function validatedConfig(): PlatformConfig {
  try {
    return loadConfig(pulumi.runtime.allConfig(), { project: pulumi.getProject(), stack: pulumi.getStack(), organization: pulumi.getOrganization() });
  } catch (error) {
    // RunError prints the message alone, without a stack trace that would hide the list of problems.
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

export = runRole(validatedConfig());
