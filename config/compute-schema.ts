import { z } from "zod";
import { isTimeZone } from "../lib/cron";
import { ARCHITECTURES } from "../lib/instance-types";
import { fargateSizeProblems, schedulerCronProblems } from "../tiers/compute/jobs-plan";
import { cron, percent, releaseVersion } from "./common-schema";
import { ROLE_RULES, type EnvironmentRole } from "./roles";

// Fargate Spot runs ARM64 (Graviton) tasks since September 2024 (AWS What's New, "Amazon ECS Graviton-based Spot compute with Fargate").
export const CONTAINER_CAPACITIES = ["ec2", "fargate", "fargate-spot"] as const;
// An HTTP header name (RFC 9110 token characters); ALB header conditions match names of up to 40 characters.
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/;

export const jobsSchema = z
  .strictObject({
    cpu: z.number().int().describe("Fargate CPU units of a job's task (256, 512, 1024, 2048 or 4096)."),
    memory: z.number().int().describe("Fargate memory of a job's task in MiB; must go with cpu (Fargate task sizes)."),
    timeZone: z
      .string()
      .refine(isTimeZone, "expected an IANA time zone name such as Europe/Dublin or UTC")
      .describe("Time zone the schedules' cron expressions are read in."),
    migrationCommand: z
      .array(z.string())
      .min(1, "expected the command that runs database migrations")
      .describe("Command of the migration task, run by npm run release --migrate."),
    schedules: z
      .array(
        z
          .strictObject({
            // Becomes part of a schedule and task family name (64 and 255 characters at most).
            name: z
              .string()
              .regex(/^[a-z][a-z0-9-]{0,23}$/, "expected 1-24 lower-case letters, digits or hyphens, starting with a letter")
              .describe("Name of the job, part of its schedule and task family names."),
            cron: z
              .string()
              .superRefine((expression, ctx) => {
                for (const problem of schedulerCronProblems(expression)) ctx.addIssue({ code: "custom", input: expression, message: problem });
              })
              .describe("EventBridge Scheduler cron(minutes hours day-of-month month day-of-week year), ? in exactly one of the day fields."),
            command: z.array(z.string()).min(1, "expected the command the job runs").describe("Command the job's container runs."),
          })
          .describe("One scheduled job."),
      )
      .describe("Scheduled jobs, each a Fargate task on an EventBridge Scheduler schedule."),
  })
  .describe("Fargate migration and scheduled jobs of the release's image; they exist once platform:release is set.")
  .superRefine((jobs, ctx) => {
    for (const problem of fargateSizeProblems(jobs.cpu, jobs.memory)) ctx.addIssue({ code: "custom", path: ["memory"], input: jobs.memory, message: problem });
  });

export function containersSchema(role: EnvironmentRole) {
  const rules = ROLE_RULES[role];
  return z
    .strictObject({
      capacity: z
        .enum(CONTAINER_CAPACITIES, { error: `expected one of ${CONTAINER_CAPACITIES.join(", ")}` })
        .refine((capacity) => capacity !== "fargate-spot" || rules.spotContainers, `role ${role} does not allow fargate-spot (expected fargate)`)
        .describe(
          "Where container tiers run: Fargate, Fargate Spot (not in prod), or ec2 (the tier's group on the ECS-optimized image, as a capacity provider).",
        ),
      cpu: z.number().int().describe("CPU units of a task: a Fargate size on Fargate, 128-196608 on ec2."),
      memory: z.number().int().describe("Memory of a task in MiB; on Fargate it must go with cpu."),
      minHealthyPercent: percent.describe("ECS deployment: percentage of the desired tasks kept running during a deployment."),
      // ECS deployment maximum percent: at least 100 so a rolling deployment can start new tasks beside the old (project cap 200).
      maxPercent: z
        .number()
        .int()
        .min(100, "expected 100-200 percent")
        .max(200, "expected 100-200 percent")
        .describe("ECS deployment: most tasks, as a percentage of the desired, running during a deployment."),
    })
    .describe("Task size and rollout of the tiers whose runtime is containers.")
    .superRefine((containers, ctx) => {
      if (containers.capacity !== "ec2") {
        for (const problem of fargateSizeProblems(containers.cpu, containers.memory))
          ctx.addIssue({ code: "custom", path: ["memory"], input: containers.memory, message: problem });
      } else if (containers.cpu < 128 || containers.cpu > 196608) {
        // Task CPU on EC2: 128-196608 units (ECS RegisterTaskDefinition API reference).
        ctx.addIssue({ code: "custom", path: ["cpu"], input: containers.cpu, message: "expected 128-196608 CPU units on ec2 capacity" });
      }
    });
}

export const betaSchema = z
  .strictObject({
    release: releaseVersion.describe("Release the web-beta target runs."),
    weight: percent.describe("Percentage of web requests the HTTPS listener forwards to beta (sticky)."),
    header: z
      .string()
      .regex(HEADER_NAME, "expected an HTTP header name of 1-40 characters, such as X-Beta")
      .default("X-Beta")
      .describe("Requests carrying this header with the value 1 always go to beta."),
  })
  .optional()
  .describe("A web-beta group or service running another release for a share of the traffic; set by npm run release -- --beta.");

export const computeSchema = z
  .strictObject({
    architecture: z
      .enum(ARCHITECTURES, { error: `expected one of ${ARCHITECTURES.join(", ")} (the shared base image's architecture)` })
      .describe("CPU architecture of the tiers' instances and tasks: the shared base image's."),
    availabilityHours: z
      .strictObject({
        timeZone: z
          .string()
          .refine(isTimeZone, "expected an IANA time zone name such as Europe/Dublin or UTC")
          .describe("Time zone start and stop are read in."),
        start: cron.describe("Unix cron (minute hour day-of-month month day-of-week) at which the tiers go back to their sizes."),
        stop: cron.describe("Unix cron at which the web and worker groups scale to zero."),
      })
      .optional()
      .describe("Scheduled actions that keep the instance tiers at zero outside these hours; only for roles whose tiers may be empty (not prod)."),
  })
  .describe("What every instance tier shares: architecture and availability hours.");
