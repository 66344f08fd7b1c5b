import type { Rule } from "../graph";
import { autoScalingDeployabilityRules } from "./auto-scaling";
import { databaseDeployabilityRules } from "./database";
import { edgeDeployabilityRules } from "./edge";
import { loadBalancingDeployabilityRules } from "./load-balancing";
import { quotaRules } from "./quotas";

/**
 * What `pulumi preview` lets through and `pulumi up` would hit: AWS rules on one resource's arguments
 * and between resources. Each rule names its source; one file per subject.
 */
export const deployabilityRules: Rule[] = [
  ...quotaRules,
  ...edgeDeployabilityRules,
  ...databaseDeployabilityRules,
  ...autoScalingDeployabilityRules,
  ...loadBalancingDeployabilityRules,
];
