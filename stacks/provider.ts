import * as aws from "@pulumi/aws";
import type { PlatformConfig } from "../config/load";

/**
 * The AWS provider every resource of a stack goes through. Cost allocation tags ride on its
 * default tags, so no resource can be declared without them.
 */
export function awsProvider(config: PlatformConfig): aws.Provider {
  return new aws.Provider(`${config.namePrefix}-aws`, { region: config.region as aws.Region, defaultTags: { tags: { ...config.tags } } });
}
