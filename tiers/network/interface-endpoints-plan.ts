/**
 * AWS APIs the instances call, reached through interface endpoints instead of the internet. `ec2` serves the
 * CloudWatch agent's ec2:DescribeTags (its append_dimensions), which would otherwise depend on the proxy.
 */
export const INSTANCE_API_ENDPOINTS = [
  "ec2",
  "ssm",
  "ssmmessages",
  "ec2messages",
  "logs",
  "monitoring",
  "sqs",
  "sns",
  "secretsmanager",
  "kms",
  "ecr.api",
  "ecr.dkr",
  "sts",
] as const;

/** Endpoints the ECS agent on container instances needs: the app groups have no route to the internet to reach ECS otherwise. */
export const ECS_AGENT_ENDPOINTS = ["ecs", "ecs-agent", "ecs-telemetry"] as const;

export const INTERFACE_ENDPOINT_SERVICES = [...INSTANCE_API_ENDPOINTS, ...ECS_AGENT_ENDPOINTS] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/**
 * Services whose endpoints keep AWS's full-access policy: one without support for endpoint policies refuses
 * any other ("only supports the full-access endpoint policy", pulumi/pulumi-aws-native#1711).
 */
const FULL_ACCESS_ONLY: readonly InterfaceEndpointService[] = ["ssmmessages", "ec2messages", ...ECS_AGENT_ENDPOINTS];

/**
 * Interface endpoint services that take a custom endpoint policy, each documented in its service's guide
 * (AWS PrivateLink, "Control access to VPC endpoints using endpoint policies").
 */
export const POLICY_SCOPED_INTERFACE_SERVICES = INTERFACE_ENDPOINT_SERVICES.filter((service) => !FULL_ACCESS_ONLY.includes(service));
