import { z } from "zod";
import { AZ_SLOTS, vpcCidrProblems } from "../tiers/network/network-plan";
import { NAT_STRATEGIES } from "../tiers/network/nat-plan";
import { INTERFACE_ENDPOINT_SERVICES } from "../tiers/network/interface-endpoints-plan";
import { logRetention, port } from "./common-schema";
import { ROLE_RULES, type EnvironmentRole } from "./roles";

export function networkSchema(role: EnvironmentRole) {
  const rules = ROLE_RULES[role];
  return z
    .strictObject({
      cidr: z
        .string()
        .superRefine((cidr, ctx) => {
          for (const problem of vpcCidrProblems(cidr)) ctx.addIssue({ code: "custom", input: cidr, message: problem });
        })
        .describe("The VPC's IPv4 block: private (inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16), a /16 to a /20."),
      azCount: z
        .number()
        .int()
        .min(rules.minAvailabilityZones, `expected at least ${rules.minAvailabilityZones} Availability Zones for role ${role}`)
        .max(AZ_SLOTS, `expected at most ${AZ_SLOTS} Availability Zones (the subnet plan reserves ${AZ_SLOTS} slots)`)
        .describe("Availability Zones the VPC spans: a public, an app and a data subnet in each."),
      availabilityZones: z
        .array(z.string())
        .optional()
        .describe("Zone names of the stack's region, exactly azCount of them; unset, the region's first available zones that need no opt-in."),
      nat: z
        .enum(NAT_STRATEGIES, { error: `expected one of ${NAT_STRATEGIES.join(", ")}` })
        .describe(
          "NAT for the app subnets: a gateway per zone, a single one, one AWS regional NAT gateway, or none (the app groups allow no direct internet egress).",
        ),
      flowLogRetentionDays: logRetention.describe("Days the VPC flow log group keeps records."),
      interfaceEndpoints: z
        .array(z.enum(INTERFACE_ENDPOINT_SERVICES, { error: `expected one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}` }))
        .describe("AWS APIs reached through interface endpoints; add ecs, ecs-agent and ecs-telemetry for containers on ec2 capacity."),
    })
    .describe("The VPC: its block, zones, NAT, flow logs and endpoints.");
}

export const portsSchema = z
  .strictObject({
    web: port.describe("Port the web tier listens on, behind the load balancer."),
    proxy: port.describe("Port of the egress proxy (Squid)."),
    database: port.describe("Port of the database."),
    cache: port.describe("Port of the cache."),
  })
  .describe("Ports the security groups open between tiers.");
