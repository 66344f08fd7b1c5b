import { z } from "zod";
import { REGION_NAME } from "../lib/regions";
import { cronProblems } from "../lib/cron";
import { RELEASE_VERSION } from "../tiers/compute/release-plan";
import { ROLES } from "./roles";

/** Values CloudWatch Logs accepts for retentionInDays (provider docs, aws.cloudwatch.LogGroup). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const cron = z.string().superRefine((expression, ctx) => {
  for (const problem of cronProblems(expression)) ctx.addIssue({ code: "custom", input: expression, message: problem });
});

// Letters, digits, spaces and _.:/=+-@ are what AWS allows in tag values, up to 256 characters.
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;
export const STACK_PATH = /^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/;
export const DURATION = /^[1-9]\d*[hd]$/;

const releaseMessage = "expected a release version such as 1.4.2 or r17: 1-64 letters, digits, . _ - starting with a letter or digit";

// Pulumi hands every value over as text, so a cost center of 1234 or a release 17 arrives as a number.
const textual = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === "number" ? String(value) : value), schema);
const tagValue = textual(z.string().regex(TAG_VALUE, "expected 1-256 letters, digits, spaces or _.:/=+-@ (AWS tag value rules)"));
export const releaseVersion = textual(z.string().regex(RELEASE_VERSION, releaseMessage));
export const port = z.number().int().min(1024, "expected an unprivileged port from 1024 to 65535").max(65535, "expected a port from 1024 to 65535");
export const logRetention = z
  .number()
  .int()
  .refine(
    (days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days),
    `expected one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`,
  );

export const percent = z.number().int().min(0, "expected a percentage from 0 to 100").max(100, "expected a percentage from 0 to 100");

export const commonKeys = {
  "aws:region": z
    .string({ error: "required: the AWS region, e.g. eu-west-1" })
    .regex(REGION_NAME, "expected an AWS region name such as eu-west-1")
    .describe("Region of the stack's resources, e.g. eu-west-1."),
  "platform:role": z
    .enum(ROLES, { error: `expected one of ${ROLES.join(", ")}` })
    .describe("Which program the stack runs and which defaults it gets; unset, the stack's name (so dev-alice needs platform:role dev)."),
  "platform:owner": tagValue.describe("Team that owns the stack's resources: the owner cost allocation tag (declared in Pulumi.yaml)."),
  "platform:costCenter": tagValue.describe("Cost center charged for the stack: the cost-center cost allocation tag (declared in Pulumi.yaml)."),
  "platform:service": tagValue.describe("The service cost allocation tag."),
  "platform:org": z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, "expected a Pulumi organization name")
    .optional()
    .describe("Pulumi organization of the stacks this one reads; unset, the current organization (organization on a self-managed backend)."),
};
