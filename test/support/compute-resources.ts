import type { Evaluation } from "../../offline/evaluate";
import { ofType, one, T } from "./harness";

/** Resource types the compute tests read. */
export const C = {
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  certificate: "aws:acm/certificate:Certificate",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  group: "aws:autoscaling/group:Group",
  policy: "aws:autoscaling/policy:Policy",
  schedule: "aws:autoscaling/schedule:Schedule",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  taskDefinition: "awsx:ecs:FargateTaskDefinition",
  cluster: "aws:ecs/cluster:Cluster",
  jobSchedule: "aws:scheduler/schedule:Schedule",
} as const;

/** Resources of the compute component only (the proxy tier has groups and load balancers of its own). */
export const ofCompute = (e: Evaluation, type: string) => ofType(e, type).filter((r) => r.name.includes("-compute-"));
export const appSubnetIds = (e: Evaluation) =>
  ofType(e, T.subnet)
    .filter((s) => s.inputs.tags?.tier === "app")
    .map((s) => s.id)
    .sort();
export const userData = (e: Evaluation, tier: string) => Buffer.from(one(e, C.launchTemplate, `compute-${tier}-lt`).inputs.userData, "base64").toString();
