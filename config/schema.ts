import { z } from "zod";
import { instanceTypeProblems, isArchitecture } from "../lib/instance-types";
import { ECS_AGENT_ENDPOINTS } from "../tiers/network/interface-endpoints-plan";
import { commonKeys, DURATION, logRetention, releaseVersion, STACK_PATH } from "./common-schema";
import { betaSchema, computeSchema, containersSchema, jobsSchema } from "./compute-schema";
import { dataCrossKeyIssues, dataSchema } from "./data-schema";
import { edgeSchema } from "./edge-schema";
import { loadTestCrossKeyIssues, loadTestSchema } from "./load-test-schema";
import { networkSchema, portsSchema } from "./network-schema";
import { alertsSchema, observabilitySchema } from "./observability-schema";
import { proxySchema } from "./proxy-schema";
import { ROLE_RULES, type EnvironmentRole } from "./roles";
import { sharedSchema } from "./shared-schema";
import { capacity, webKeys, workerKeys } from "./tier-schema";

function environmentSchema(role: EnvironmentRole) {
  const rules = ROLE_RULES[role];
  return (
    z
      .strictObject({
        ...commonKeys,
        "platform:sharedStack": z
          .string()
          .regex(STACK_PATH, "expected a stack name or org/project/stack")
          .optional()
          .describe("The shared stack this environment reads: stack, project/stack or org/project/stack; unset, shared."),
        "platform:ttl": z
          .string()
          .regex(DURATION, "expected a duration such as 72h or 3d")
          .optional()
          .describe("Role dev only: the ttl tag of an ephemeral stack, e.g. 3d or 72h (npm run env -- list flags expired ones)."),
        // The stack a load-test mirrors (its exported shape and release), and its generator fleet.
        "platform:mirror": z
          .string()
          .regex(STACK_PATH, "expected a stack name or org/project/stack")
          .optional()
          .describe("Role load-test only: the stack whose exported shape and release the system under test copies; unset, prod."),
        "platform:loadTest": loadTestSchema.optional().describe("Role load-test only: the k6 generator fleet and the scenario it runs."),
        "platform:release": releaseVersion
          .optional()
          .describe(
            "Release the tiers install (and the container image tag); unset, the instance tiers have no capacity and there are no jobs. Set by npm run release.",
          ),
        "platform:previousRelease": releaseVersion
          .optional()
          .describe("The release before platform:release, where npm run rollback goes; set by npm run release."),
        "platform:protect": z
          .boolean()
          .describe(
            "Protect the stateful resources: Pulumi's protect, deletion protection and a final snapshot of the database, deletion protection of the load balancer, no force-deletion of buckets and backup vaults, a 30-day (not 7-day) key deletion window.",
          ),
        "platform:network": networkSchema(role),
        "platform:ports": portsSchema,
        "platform:data": dataSchema(role).describe("The data tier: database, cache, queues, buckets and AWS Backup."),
        "platform:observability": observabilitySchema(logRetention).describe("Latency objective, alarm thresholds, budget, health check and log retention."),
        "platform:alerts": alertsSchema.describe("Who the environment's alert topic (alarms and budgets) notifies."),
        "platform:edge": edgeSchema.describe("CloudFront and AWS WAF in front of the assets bucket and the load balancer."),
        "platform:web": capacity(role, webKeys).describe(
          "The web tier: sizes (exported as the environment's shape), instances, scaling, health checks and rollout.",
        ),
        "platform:worker": capacity(role, workerKeys).describe("The worker tier, scaled on the tasks queue's backlog: sizes, instances, scaling and rollout."),
        "platform:jobs": jobsSchema,
        "platform:containers": containersSchema(role),
        "platform:beta": betaSchema,
        "platform:compute": computeSchema,
        "platform:proxy": proxySchema,
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
          const compute = cfg["platform:compute"] as Partial<{ architecture: unknown; availabilityHours: unknown }> | undefined;
          for (const tier of ["platform:web", "platform:worker"] as const) {
            const settings = cfg[tier] as Partial<{ instanceTypes: unknown; purchase: unknown; warmPool: unknown }> | undefined;
            const types = settings?.instanceTypes;
            if (Array.isArray(types) && isArchitecture(compute?.architecture)) {
              for (const problem of instanceTypeProblems(types.map(String), compute.architecture, rules.burstableInstances)) {
                ctx.addIssue({ code: "custom", path: [tier, "instanceTypes"], input: types, message: problem });
              }
            }
            // AWS rejects a warm pool on a group with a mixed instances policy or spot (PutWarmPool API reference).
            if (settings?.warmPool !== undefined && (settings.purchase !== "on-demand" || (Array.isArray(types) && types.length !== 1))) {
              ctx.addIssue({
                code: "custom",
                path: [tier, "warmPool"],
                input: settings.warmPool,
                message: "a warm pool needs purchase on-demand and exactly one instance type",
              });
            }
          }
          const proxyType = (cfg["platform:proxy"] as Partial<{ instanceType: unknown }> | undefined)?.instanceType;
          if (typeof proxyType === "string" && isArchitecture(compute?.architecture)) {
            for (const problem of instanceTypeProblems([proxyType], compute.architecture, rules.burstableInstances)) {
              ctx.addIssue({ code: "custom", path: ["platform:proxy", "instanceType"], input: proxyType, message: problem });
            }
          }
          if (compute?.availabilityHours !== undefined && rules.minTierCapacity > 0) {
            ctx.addIssue({
              code: "custom",
              path: ["platform:compute", "availabilityHours"],
              input: compute.availabilityHours,
              message: `role ${role} keeps at least ${rules.minTierCapacity} instances per tier, so it cannot scale to zero outside hours`,
            });
          }
          const containers = cfg["platform:containers"] as Partial<{ capacity: unknown }> | undefined;
          const endpoints = (cfg["platform:network"] as Partial<{ interfaceEndpoints: unknown }> | undefined)?.interfaceEndpoints;
          const onContainerInstances = ["platform:web", "platform:worker"].some(
            (tier) => (cfg[tier as "platform:web"] as Partial<{ runtime: unknown }> | undefined)?.runtime === "containers",
          );
          if (onContainerInstances && containers?.capacity === "ec2" && Array.isArray(endpoints)) {
            const missing = ECS_AGENT_ENDPOINTS.filter((service) => !endpoints.includes(service));
            if (missing.length > 0) {
              ctx.addIssue({
                code: "custom",
                path: ["platform:network", "interfaceEndpoints"],
                input: endpoints,
                message: `containers on ec2 capacity need the ECS agent's endpoints too; add ${missing.join(", ")}`,
              });
            }
          }
          // An image needs a tag: a container tier cannot follow the release bucket's `current` pointer.
          for (const tier of ["platform:web", "platform:worker"] as const) {
            const runtime = (cfg[tier] as Partial<{ runtime: unknown }> | undefined)?.runtime;
            if (runtime === "containers" && cfg["platform:release"] === undefined) {
              ctx.addIssue({
                code: "custom",
                path: [tier, "runtime"],
                input: runtime,
                message: "containers run the image tagged platform:release; set platform:release first",
              });
            }
          }
          if (cfg["platform:ttl"] !== undefined && role !== "dev") {
            ctx.addIssue({
              code: "custom",
              path: ["platform:ttl"],
              input: cfg["platform:ttl"],
              message: "a ttl only applies to role dev (ephemeral environments)",
            });
          }
          for (const issue of loadTestCrossKeyIssues(cfg, role)) ctx.addIssue(issue);
          for (const issue of dataCrossKeyIssues(cfg)) ctx.addIssue(issue);
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
