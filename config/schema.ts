import { z } from "zod";
import { REGION_NAME } from "../lib/regions";
import { cronProblems, isTimeZone } from "../lib/cron";
import { ARCHITECTURES, instanceTypeProblems, isArchitecture } from "../lib/instance-types";
import { fargateSizeProblems, schedulerCronProblems } from "../tiers/compute/jobs-plan";
import { AZ_SLOTS, vpcCidrProblems } from "../tiers/network/network-plan";
import { NAT_STRATEGIES } from "../tiers/network/nat-plan";
import { dataCrossKeyIssues, dataSchema } from "./data-schema";
import { loadTestCrossKeyIssues, loadTestSchema } from "./load-test-schema";
import { alertsSchema, observabilitySchema } from "./observability-schema";
import { edgeSchema } from "./edge-schema";
import { allowedDomainProblems } from "../tiers/proxy/squid-config-plan";
import { ROLE_RULES, ROLES, type EnvironmentRole } from "./roles";

/** Values CloudWatch Logs accepts for retentionInDays (provider docs, aws.cloudwatch.LogGroup). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const PURCHASE_OPTIONS = ["on-demand", "spot"] as const;
/** How a tier runs: Auto Scaling groups installing a release, or an ECS service running the release's image. */
export const RUNTIMES = ["instances", "containers"] as const;
// Fargate Spot runs ARM64 (Graviton) tasks since September 2024 (AWS What's New, "Amazon ECS Graviton-based Spot compute with Fargate").
export const CONTAINER_CAPACITIES = ["ec2", "fargate", "fargate-spot"] as const;
// An HTTP header name (RFC 9110 token characters); ALB header conditions match names of up to 40 characters.
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/;
import { ECS_AGENT_ENDPOINTS, INSTANCE_API_ENDPOINTS, INTERFACE_ENDPOINT_SERVICES } from "../tiers/network/interface-endpoints-plan";

export { ECS_AGENT_ENDPOINTS, INSTANCE_API_ENDPOINTS, INTERFACE_ENDPOINT_SERVICES };

const cron = z.string().superRefine((expression, ctx) => {
  for (const problem of cronProblems(expression)) ctx.addIssue({ code: "custom", input: expression, message: problem });
});

/** Whether the shared stack creates the domain's public zone or adopts the one the account already hosts. */
export const PUBLIC_ZONE_STRATEGIES = ["create", "existing"] as const;

// Letters, digits, spaces and _.:/=+-@ are what AWS allows in tag values, up to 256 characters.
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;
const DOMAIN = /^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;
const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
const STACK_PATH = /^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/;
export const DURATION = /^[1-9]\d*[hd]$/;
// A release is a path segment of the release bucket and a git tag: no slashes, no "..".
export const RELEASE_VERSION = /^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.)){0,63}$/;

const releaseMessage = "expected a release version such as 1.4.2 or r17: 1-64 letters, digits, . _ - starting with a letter or digit";

// Pulumi hands every value over as text, so a cost center of 1234 or a release 17 arrives as a number.
const textual = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === "number" ? String(value) : value), schema);
const tagValue = textual(z.string().regex(TAG_VALUE, "expected 1-256 letters, digits, spaces or _.:/=+-@ (AWS tag value rules)"));
const releaseVersion = textual(z.string().regex(RELEASE_VERSION, releaseMessage));
const port = z.number().int().min(1024, "expected an unprivileged port from 1024 to 65535").max(65535, "expected a port from 1024 to 65535");
const logRetention = z
  .number()
  .int()
  .refine(
    (days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days),
    `expected one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`,
  );

const commonKeys = {
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

export const sharedSchema = z.strictObject({
  ...commonKeys,
  "platform:domain": z
    .string({ error: "required: the public DNS domain the shared zone serves, e.g. example.com" })
    .regex(DOMAIN, "expected a lower-case DNS domain such as example.com")
    .describe("Public DNS domain of the shared zone; environments answer at <stack>.<domain>."),
  "platform:publicZone": z
    .enum(PUBLIC_ZONE_STRATEGIES, {
      error: "expected create (a new zone, to delegate the domain to) or existing (the domain's public zone already in this account)",
    })
    .describe("create a public hosted zone for the domain (then delegate the domain to its publicZoneNameServers output), or adopt the existing one."),
  "platform:alerts": alertsSchema.describe("Who the organization's alert topic notifies (prod's critical alarms escalate to it)."),
  "platform:releases": z
    .strictObject({
      noncurrentVersionDays: z.number().int().min(1).max(3650).describe("Days an overwritten or deleted object version of the release bucket is kept."),
    })
    .describe("The release bucket: versioned releases and the current pointer."),
  "platform:registry": z
    .strictObject({
      untaggedImageDays: z.number().int().min(1).max(365).describe("Days after its push an untagged image of the container registry expires."),
      keepImages: z.number().int().min(1).max(10000).describe("Newest images the container registry keeps; older ones expire."),
    })
    .describe("Lifecycle of the container registry (ECR repository)."),
  "platform:baseImage": z
    .strictObject({
      architecture: z.enum(ARCHITECTURES).describe("CPU architecture of the base image; environments' platform:compute.architecture must match it."),
      amiId: z
        .string()
        .regex(AMI_ID, "expected an AMI id such as ami-0123456789abcdef0")
        .optional()
        .describe("A curated AMI; unset, the latest Amazon Linux 2023 image of the architecture at the last shared deploy."),
    })
    .describe("The base image every tier boots, published as an SSM parameter."),
  "platform:protect": z
    .boolean()
    .describe(
      "Protect the stateful resources: Pulumi's protect, no force-deletion of the release bucket and registry, a 30-day (not 7-day) key deletion window.",
    ),
});

const percent = z.number().int().min(0, "expected a percentage from 0 to 100").max(100, "expected a percentage from 0 to 100");

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
  targetCpuPercent: z
    .number()
    .int()
    .min(10, "expected a CPU target from 10 to 90 percent")
    .max(90, "expected a CPU target from 10 to 90 percent")
    .describe("Target tracking: average CPU percentage the group keeps."),
  runtime: z
    .enum(RUNTIMES, { error: `expected one of ${RUNTIMES.join(", ")}` })
    .describe("instances (an Auto Scaling group installing the release) or containers (an ECS service of the release's image; needs platform:release)."),
};

const webKeys = {
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
  slowStartSeconds: z
    .number()
    .int()
    .refine((s) => s === 0 || (s >= 30 && s <= 900), "expected 0 (off) or 30-900 seconds")
    .describe("Seconds a new target's share of requests ramps up; 0 turns it off."),
  warmPool: z
    .strictObject({
      minSize: z.number().int().min(0).describe("Instances the warm pool keeps ready."),
      poolState: z
        .enum(["Stopped", "Running", "Hibernated"], { error: "expected Stopped, Running or Hibernated" })
        .describe("State of the warm pool's instances."),
    })
    .optional()
    .describe("A warm pool of pre-initialized instances; needs purchase on-demand and exactly one instance type."),
};

const workerKeys = {
  ...tierKeys,
  backlogPerInstance: z
    .number()
    .int()
    .min(1, "expected at least 1 message per instance")
    .describe("Target tracking: visible messages of the tasks queue per in-service worker."),
};

type TierCapacityInput = { min: number; desired: number; max: number };

function capacity<T extends z.core.$ZodLooseShape>(role: EnvironmentRole, tier: T) {
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
            "Release the tiers install (and the container image tag); unset, instances follow the release bucket's current pointer. Set by npm run release.",
          ),
        "platform:previousRelease": releaseVersion
          .optional()
          .describe("The release before platform:release, where npm run rollback goes; set by npm run release."),
        "platform:protect": z
          .boolean()
          .describe(
            "Protect the stateful resources: Pulumi's protect, deletion protection and a final snapshot of the database, deletion protection of the load balancer, no force-deletion of buckets and backup vaults, a 30-day (not 7-day) key deletion window.",
          ),
        "platform:network": z
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
          .describe("The VPC: its block, zones, NAT, flow logs and endpoints."),
        "platform:ports": z
          .strictObject({
            web: port.describe("Port the web tier listens on, behind the load balancer."),
            proxy: port.describe("Port of the egress proxy (Squid)."),
            database: port.describe("Port of the database."),
            cache: port.describe("Port of the cache."),
          })
          .describe("Ports the security groups open between tiers."),
        "platform:data": dataSchema(role).describe("The data tier: database, cache, queues, buckets and AWS Backup."),
        "platform:observability": observabilitySchema(logRetention).describe("Latency objective, alarm thresholds, budget, health check and log retention."),
        "platform:alerts": alertsSchema.describe("Who the environment's alert topic (alarms and budgets) notifies."),
        "platform:edge": edgeSchema.describe("CloudFront and AWS WAF in front of the assets bucket and the load balancer."),
        "platform:web": capacity(role, webKeys).describe(
          "The web tier: sizes (exported as the environment's shape), instances, scaling, health checks and rollout.",
        ),
        "platform:worker": capacity(role, workerKeys).describe("The worker tier, scaled on the tasks queue's backlog: sizes, instances, scaling and rollout."),
        "platform:jobs": z
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
            for (const problem of fargateSizeProblems(jobs.cpu, jobs.memory))
              ctx.addIssue({ code: "custom", path: ["memory"], input: jobs.memory, message: problem });
          }),
        "platform:containers": z
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
          }),
        "platform:beta": z
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
          .describe("A web-beta group or service running another release for a share of the traffic; set by npm run release -- --beta."),
        "platform:compute": z
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
          .describe("What every instance tier shares: architecture and availability hours."),
        "platform:proxy": z
          .strictObject({
            instanceType: z.string().describe("EC2 instance type of the proxies, of platform:compute.architecture; no burstable (t) types in prod."),
            min: z
              .number()
              .int()
              .min(2, "expected at least 2, so that the proxy survives the loss of an instance or a zone")
              .describe("Fewest proxy instances; at most max."),
            desired: z.number().int().min(0).describe("Proxy instances at creation, from min to max."),
            max: z.number().int().min(2, "expected at least 2").max(1000).describe("Most proxy instances."),
            allowedDomains: z
              .array(z.string())
              .min(1, "expected at least one domain: with an empty allowlist the proxy refuses everything")
              .superRefine((domains, ctx) => {
                for (const problem of allowedDomainProblems(domains)) ctx.addIssue({ code: "custom", input: domains, message: problem });
              })
              .describe("Squid allowlist, lower-case: .x.com is x.com and its subdomains; no duplicates, none covered by another. Replaces the default list."),
            targetCpuPercent: z
              .number()
              .int()
              .min(10, "expected a CPU target from 10 to 90 percent")
              .max(90, "expected a CPU target from 10 to 90 percent")
              .describe("Target tracking: average CPU percentage per proxy instance."),
            targetNetworkOutMbps: z
              .number()
              .int()
              .min(1, "expected a per-instance target of at least 1 Mbit/s")
              .describe("Target tracking: outbound traffic per proxy instance, in Mbit/s."),
            logRetentionDays: logRetention.describe("Days the proxy's request log group keeps records."),
          })
          .superRefine((c, ctx) => {
            if (c.min > c.max) ctx.addIssue({ code: "custom", path: ["min"], input: c.min, message: `expected min <= max (${c.max})` });
            if (c.desired < c.min || c.desired > c.max) {
              ctx.addIssue({ code: "custom", path: ["desired"], input: c.desired, message: `expected desired between min (${c.min}) and max (${c.max})` });
            }
          })
          .describe("The egress proxy: Squid on an Auto Scaling group behind an internal Network Load Balancer, and its domain allowlist."),
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
