import { z } from "zod";
import { percent } from "./common-schema";
import { ROLE_RULES, type EnvironmentRole } from "./roles";

export const PURCHASE_OPTIONS = ["on-demand", "spot"] as const;
/** How a tier runs: Auto Scaling groups installing a release, or an ECS service running the release's image. */
export const RUNTIMES = ["instances", "containers"] as const;

/** How a tier runs, beside its sizes: instance types, purchase option, rollout and CPU target. */
const tierKeys = {
  // A short list keeps spot pools diverse without making the plan unreadable (project choice).
  instanceTypes: z
    .array(z.string())
    .min(1, "expected at least one instance type")
    .max(10, "expected at most 10 instance types")
    .describe("EC2 instance types of the group, of platform:compute.architecture; no burstable (t) types in prod."),
  purchase: z
    .enum(PURCHASE_OPTIONS, { error: `expected one of ${PURCHASE_OPTIONS.join(", ")}` })
    .describe("on-demand, or spot above an on-demand base (a mixed instances policy)."),
  onDemandBase: z
    .number()
    .int()
    .min(0, "expected 0 or more on-demand instances under the spot capacity")
    .describe("On-demand instances under the spot capacity."),
  minHealthyPercentage: percent.describe("Instance refresh: percentage of the group that stays in service while instances are replaced."),
  // Auto Scaling API reference, RefreshPreferences / InstanceMaintenancePolicy: 100-200, at most 100 above the minimum.
  maxHealthyPercentage: z
    .number()
    .int()
    .min(100, "expected 100-200 percent")
    .max(200, "expected 100-200 percent")
    .describe("Instance refresh: percentage of desired capacity that may be in service or pending; above 100, new instances launch before old ones go."),
  targetCpuPercent: z
    .number()
    .int()
    .min(10, "expected a CPU target from 10 to 90 percent")
    .max(90, "expected a CPU target from 10 to 90 percent")
    .describe("Target tracking: average CPU percentage the group keeps."),
  runtime: z
    .enum(RUNTIMES, { error: `expected one of ${RUNTIMES.join(", ")}` })
    .describe("instances (an Auto Scaling group installing the release) or containers (an ECS service of the release's image; needs platform:release)."),
  deploy: z
    .strictObject({
      canaryInstances: z
        .number()
        .int()
        .min(1, "expected 1-10 instances")
        .max(10, "expected 1-10 instances")
        .describe("Instances a release goes to first, alone; the rest waits for them to succeed."),
      batchPercent: z
        .number()
        .int()
        .min(1, "expected 1-50 percent")
        // Half the tier at most: the rest serves while a batch restarts (a project rule, not AWS's).
        .max(50, "expected 1-50 percent")
        .describe("After the canary, percentage of the tier that takes the release at once (Run Command MaxConcurrency)."),
      restartSeconds: z
        .number()
        .int()
        .min(1)
        .max(600, "expected 1-600 seconds")
        .describe("Rollout estimate: seconds an instance takes to install a release and restart its unit."),
      bootSeconds: z
        .number()
        .int()
        .min(1)
        .max(3600, "expected 1-3600 seconds")
        .describe("Rollout estimate: seconds from launch to a serving instance (EC2 start, agent install, release download and start)."),
    })
    .describe("In-place releases over Run Command (npm run release), and the times the rollout estimate assumes."),
};

export const webKeys = {
  ...tierKeys,
  healthCheckPath: z
    .string()
    .regex(/^\/[\x21-\x7e]{0,1023}$/, "expected a path starting with / (at most 1024 characters)")
    .describe("Path the load balancer's target group health check requests (and the external health check, and the load generators' readiness wait)."),
  // Seconds an instance has after launch before failed health checks replace it.
  healthCheckGraceSeconds: z
    .number()
    .int()
    .min(0)
    .max(7200, "expected 0-7200 seconds")
    .describe("Seconds after launch before failed ELB health checks replace an instance."),
  targetRequestsPerInstance: z
    .number()
    .int()
    .min(1, "expected at least 1 request per instance per minute")
    .describe("Target tracking: load balancer requests per target the group keeps."),
  // Target group limits (aws.lb.TargetGroup docs): deregistration delay 0-3600 s, slow start 0 or 30-900 s.
  deregistrationDelaySeconds: z.number().int().min(0).max(3600, "expected 0-3600 seconds").describe("Seconds the target group drains a deregistering target."),
  // Target group health check limits (ELB API reference, CreateTargetGroup): interval 5-300 s, healthy threshold 2-10.
  healthCheckIntervalSeconds: z
    .number()
    .int()
    .min(5, "expected 5-300 seconds")
    .max(300, "expected 5-300 seconds")
    .describe("Seconds between the target group's health checks of each target."),
  healthyThreshold: z
    .number()
    .int()
    .min(2, "expected 2-10 checks")
    .max(10, "expected 2-10 checks")
    .describe("Consecutive passed health checks that make a target healthy."),
  slowStartSeconds: z
    .number()
    .int()
    .refine((s) => s === 0 || (s >= 30 && s <= 900), "expected 0 (off) or 30-900 seconds")
    .describe("Seconds a new target's share of requests ramps up; 0 turns it off."),
  warmPool: z
    .strictObject({
      minSize: z.number().int().min(0).describe("Instances the warm pool keeps ready."),
      poolState: z
        // A Running or Hibernated warm instance enters service without a boot, so it would keep the release it was warmed with.
        .enum(["Stopped"], { error: "expected Stopped: a Running or Hibernated warm instance would enter service on the release it was warmed with" })
        .describe("State of the warm pool's instances."),
    })
    .optional()
    .describe("A warm pool of pre-initialized instances; needs purchase on-demand and exactly one instance type."),
};

export const workerKeys = {
  ...tierKeys,
  backlogPerInstance: z
    .number()
    .int()
    .min(1, "expected at least 1 message per instance")
    .describe("Target tracking: visible messages of the tasks queue per in-service worker."),
};

type TierCapacityInput = { min: number; desired: number; max: number };

export function capacity<T extends z.core.$ZodLooseShape>(role: EnvironmentRole, tier: T) {
  const { minTierCapacity } = ROLE_RULES[role];
  return z
    .strictObject({
      min: z
        .number()
        .int()
        .min(minTierCapacity, `expected at least ${minTierCapacity} for role ${role}, so one lost instance or zone leaves the tier serving`)
        .describe("Fewest instances (or tasks); at most max."),
      desired: z.number().int().min(0).describe("Instances (or tasks) at creation, from min to max; scaling moves it after."),
      max: z.number().int().min(1, "expected at least 1: a tier that can never run is a mistake").max(1000).describe("Most instances (or tasks)."),
      ...tier,
    })
    .superRefine((value, ctx) => {
      const c = value as unknown as TierCapacityInput;
      const refresh = value as unknown as { minHealthyPercentage?: number; maxHealthyPercentage?: number };
      if (
        refresh.minHealthyPercentage !== undefined &&
        refresh.maxHealthyPercentage !== undefined &&
        refresh.maxHealthyPercentage - refresh.minHealthyPercentage > 100
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["maxHealthyPercentage"],
          input: refresh.maxHealthyPercentage,
          message: `expected at most 100 above minHealthyPercentage (${refresh.minHealthyPercentage}), as Auto Scaling requires`,
        });
      }
      if (c.min > c.max) ctx.addIssue({ code: "custom", path: ["min"], input: c.min, message: `expected min <= max (${c.max})` });
      if (c.desired < c.min || c.desired > c.max) {
        ctx.addIssue({ code: "custom", path: ["desired"], input: c.desired, message: `expected desired between min (${c.min}) and max (${c.max})` });
      }
    });
}
