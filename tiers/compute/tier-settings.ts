import type { Purchase } from "../../lib/auto-scaling-plan";
import type { Architecture } from "../../lib/instance-types";
import type { ContainerCapacity } from "./container-plan";
import type { AvailabilityHours } from "./schedule-plan";

// What the compute tier needs of a stack's settings. config/ validates them and fills each field from the role
// defaults table (config/defaults.ts) unless the stack file says otherwise, so no field is optional here unless
// AWS or the tier has a meaning for "not set".

/** How a tier runs: Auto Scaling groups installing a release, or an ECS service running the release's image. */
export type Runtime = "instances" | "containers";

/** What web and worker have in common. */
export interface TierSettings {
  /** Smallest size, in instances (or tasks). */
  min: number;
  /** Initial desired size; scaling owns it afterwards. */
  desired: number;
  /** Largest size. */
  max: number;
  /** EC2 instance types, 1-10; the first is the template's. */
  instanceTypes: string[];
  /** on-demand, or spot above an on-demand base. */
  purchase: Purchase;
  /** On-demand instances under the spot capacity (count); ignored for on-demand. */
  onDemandBase: number;
  /** Percentage of the tier an instance refresh keeps in service (0-100). */
  minHealthyPercentage: number;
  /** Percentage of desired capacity an instance refresh may have in service or pending (100-200; above 100 it launches before it terminates). */
  maxHealthyPercentage: number;
  /** Average CPU the target tracking policy holds, in percent (10-90). */
  targetCpuPercent: number;
  /** instances (Auto Scaling groups) or containers (ECS services). */
  runtime: Runtime;
  /** How `npm run release` rolls a release over the tier's instances, and the times the rollout estimate assumes. */
  deploy: DeploySettings;
}

export interface DeploySettings {
  /** Instances that take a release first, alone (1-10). */
  canaryInstances: number;
  /** Then the percentage of the tier that takes it at once, 1-50 (Run Command's MaxConcurrency). */
  batchPercent: number;
  /** Seconds an instance takes to install a release and restart its unit (an assumption for the estimate). */
  restartSeconds: number;
  /** Seconds from launch to a serving instance (an assumption for the estimate). */
  bootSeconds: number;
}

export interface WebTierSettings extends TierSettings {
  /** Path the load balancer's health check requests, e.g. /healthz. */
  healthCheckPath: string;
  /** Seconds a new instance or task has before failed health checks replace it (0-7200). */
  healthCheckGraceSeconds: number;
  /** ALB requests per target per minute the request policy holds. */
  targetRequestsPerInstance: number;
  /** Seconds a deregistering target keeps its connections (0-3600). */
  deregistrationDelaySeconds: number;
  /** Seconds between the target group's health checks (5-300). */
  healthCheckIntervalSeconds: number;
  /** Passed health checks in a row that make a target healthy (2-10). */
  healthyThreshold: number;
  /** Seconds a new target's share of requests ramps up (0 for off, or 30-900). */
  slowStartSeconds: number;
  /** Instances kept ready to join (only with on-demand and one instance type). Default: none. */
  warmPool?: { minSize: number; poolState: "Stopped" };
}

export interface WorkerTierSettings extends TierSettings {
  /** Visible messages of the work queue per in-service instance (or running task) the backlog policy holds. */
  backlogPerInstance: number;
}

export interface ComputeSettings {
  /** The shared base image's architecture, which every instance type must match. */
  architecture: Architecture;
  /** When web and worker run; outside them they scale to zero. Default: always on. */
  availabilityHours?: AvailabilityHours;
}

export interface ContainerSettings {
  /** Where container tiers run: their own EC2 container instances, Fargate, or Fargate Spot. */
  capacity: ContainerCapacity;
  /** Task CPU, in units (1024 = one vCPU); with memory a Fargate size unless capacity is ec2. */
  cpu: number;
  /** Task memory, in MiB. */
  memory: number;
  /** Percentage of the desired count a deployment keeps running (0-100). */
  minHealthyPercent: number;
  /** Percentage of the desired count a deployment may run (100-200). */
  maxPercent: number;
}

export interface BetaSettings {
  /** The release the beta target runs. */
  release: string;
  /** Percentage of the traffic the beta target takes (0-100). */
  weight: number;
  /** Requests carrying `<header>: 1` always reach beta, e.g. X-Beta. */
  header: string;
}
