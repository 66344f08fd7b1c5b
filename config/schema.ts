import { z } from "zod";
import { AZ_SLOTS, vpcCidrProblems } from "../components/network-plan";
import { ROLE_RULES, ROLES, type EnvironmentRole } from "./roles";

/** Values CloudWatch Logs accepts for retentionInDays (provider docs, aws.cloudwatch.LogGroup). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const NAT_STRATEGIES = ["per-az", "single", "regional"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

/** AWS APIs the instances call, reached through interface endpoints instead of the internet. */
export const INTERFACE_ENDPOINT_SERVICES = [
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

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
// Letters, digits, spaces and _.:/=+-@ are what AWS allows in tag values, up to 256 characters.
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;
const DOMAIN = /^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;
const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
const STACK_PATH = /^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/;
const DURATION = /^[1-9]\d*[hd]$/;

// Pulumi hands every value over as text, so a cost center of 1234 arrives as a number.
const tagValue = z.preprocess(
  (value) => (typeof value === "number" ? String(value) : value),
  z.string().regex(TAG_VALUE, "expected 1-256 letters, digits, spaces or _.:/=+-@ (AWS tag value rules)"),
);
const port = z.number().int().min(1024, "expected an unprivileged port from 1024 to 65535").max(65535, "expected a port from 1024 to 65535");
const logRetention = z
  .number()
  .int()
  .refine(
    (days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days),
    `expected one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`,
  );

const commonKeys = {
  "aws:region": z.string({ error: "required: the AWS region, e.g. eu-west-1" }).regex(REGION, "expected an AWS region name such as eu-west-1"),
  "platform:role": z.enum(ROLES, { error: `expected one of ${ROLES.join(", ")}` }),
  "platform:owner": tagValue,
  "platform:costCenter": tagValue,
  "platform:service": tagValue,
  "platform:org": z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, "expected a Pulumi organization name")
    .optional(),
};

export const sharedSchema = z.strictObject({
  ...commonKeys,
  "platform:domain": z
    .string({ error: "required: the public DNS domain the shared zone serves, e.g. example.com" })
    .regex(DOMAIN, "expected a lower-case DNS domain such as example.com"),
  "platform:releases": z.strictObject({
    noncurrentVersionDays: z.number().int().min(1).max(3650),
  }),
  "platform:registry": z.strictObject({
    untaggedImageDays: z.number().int().min(1).max(365),
    keepImages: z.number().int().min(1).max(10000),
  }),
  "platform:baseImage": z.strictObject({
    architecture: z.enum(["arm64", "x86_64"]),
    amiId: z.string().regex(AMI_ID, "expected an AMI id such as ami-0123456789abcdef0").optional(),
  }),
  "platform:protect": z.boolean(),
});

function capacity(role: EnvironmentRole) {
  const { minTierCapacity } = ROLE_RULES[role];
  return z
    .strictObject({
      min: z.number().int().min(minTierCapacity, `expected at least ${minTierCapacity} for role ${role}, so one lost instance or zone leaves the tier serving`),
      desired: z.number().int().min(0),
      max: z.number().int().min(1, "expected at least 1: a tier that can never run is a mistake").max(1000),
    })
    .superRefine((c, ctx) => {
      if (c.min > c.max) ctx.addIssue({ code: "custom", path: ["min"], input: c.min, message: `expected min <= max (${c.max})` });
      if (c.desired < c.min || c.desired > c.max) {
        ctx.addIssue({ code: "custom", path: ["desired"], input: c.desired, message: `expected desired between min (${c.min}) and max (${c.max})` });
      }
    });
}

function environmentSchema(role: EnvironmentRole) {
  const rules = ROLE_RULES[role];
  return (
    z
      .strictObject({
        ...commonKeys,
        "platform:sharedStack": z.string().regex(STACK_PATH, "expected a stack name or org/project/stack").optional(),
        "platform:ttl": z.string().regex(DURATION, "expected a duration such as 72h or 3d").optional(),
        "platform:protect": z.boolean(),
        "platform:network": z.strictObject({
          cidr: z.string().superRefine((cidr, ctx) => {
            for (const problem of vpcCidrProblems(cidr)) ctx.addIssue({ code: "custom", input: cidr, message: problem });
          }),
          azCount: z
            .number()
            .int()
            .min(rules.minAvailabilityZones, `expected at least ${rules.minAvailabilityZones} Availability Zones for role ${role}`)
            .max(AZ_SLOTS, `expected at most ${AZ_SLOTS} Availability Zones (the subnet plan reserves ${AZ_SLOTS} slots)`),
          availabilityZones: z.array(z.string()).optional(),
          nat: z.enum(NAT_STRATEGIES, { error: `expected one of ${NAT_STRATEGIES.join(", ")}` }),
          flowLogRetentionDays: logRetention,
          interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES, { error: `expected one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}` })),
        }),
        "platform:ports": z.strictObject({ web: port, proxy: port, database: port, cache: port }),
        "platform:web": capacity(role),
        "platform:worker": capacity(role),
      })
      // Cross-key checks run even when other keys failed, so one message lists every problem;
      // they read the raw values defensively for that reason.
      .superRefine(
        (cfg, ctx) => {
          const region = cfg["aws:region"];
          const network = cfg["platform:network"] as Partial<{ azCount: unknown; availabilityZones: unknown }> | undefined;
          const zones = network?.availabilityZones;
          if (typeof region === "string" && Array.isArray(zones)) {
            const path = ["platform:network", "availabilityZones"];
            if (typeof network?.azCount === "number" && zones.length !== network.azCount) {
              ctx.addIssue({ code: "custom", path, input: zones, message: `expected exactly azCount (${network.azCount}) zone names` });
            }
            for (const zone of zones) {
              if (typeof zone !== "string" || !zone.startsWith(region) || !/^[a-z]$/.test(zone.slice(region.length))) {
                ctx.addIssue({ code: "custom", path, input: zone, message: `expected zone names of region ${region}, such as ${region}a` });
              }
            }
            if (new Set(zones).size !== zones.length) ctx.addIssue({ code: "custom", path, input: zones, message: "expected distinct zone names" });
          }
          if (cfg["platform:ttl"] !== undefined && role !== "dev") {
            ctx.addIssue({
              code: "custom",
              path: ["platform:ttl"],
              input: cfg["platform:ttl"],
              message: "a ttl only applies to role dev (ephemeral environments)",
            });
          }
        },
        { when: () => true },
      )
  );
}

export const ROLE_SCHEMAS = {
  shared: sharedSchema,
  dev: environmentSchema("dev"),
  prod: environmentSchema("prod"),
  "load-test": environmentSchema("load-test"),
} as const;

export type SharedConfigInput = z.infer<typeof sharedSchema>;
export type EnvironmentConfigInput = z.infer<ReturnType<typeof environmentSchema>>;
