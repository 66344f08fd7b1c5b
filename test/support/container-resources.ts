import type { Evaluation } from "../../offline/evaluate";
import { readConfigFile } from "../../config/stack-files";
import { ofType, one, T } from "./harness";

export const C = {
  service: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  cluster: "aws:ecs/cluster:Cluster",
  capacityProviders: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  capacityProvider: "aws:ecs/capacityProvider:CapacityProvider",
  scalingPolicy: "aws:appautoscaling/policy:Policy",
  scalingTarget: "aws:appautoscaling/target:Target",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  role: "aws:iam/role:Role",
  group: "aws:autoscaling/group:Group",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  listener: "aws:lb/listener:Listener",
  listenerRule: "aws:lb/listenerRule:ListenerRule",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  jobTaskDefinition: "awsx:ecs:FargateTaskDefinition",
} as const;

/** The example config a README line points to, laid over prod's stack file. */
export const example = readConfigFile("examples/containers.yaml");
export const withoutBeta = Object.fromEntries(Object.entries(example).filter(([key]) => key !== "platform:beta"));

export const ofCompute = (e: Evaluation, type: string) => ofType(e, type).filter((r) => r.name.includes("-compute-"));
export const containerOf = (e: Evaluation, tier: string) => JSON.parse(one(e, C.taskDefinition, `containers-${tier}-task`).inputs.containerDefinitions)[0];
export const policyOf = (e: Evaluation, part: string) => JSON.parse(one(e, C.rolePolicy, part).inputs.policy);
export const appSubnetIds = (e: Evaluation) =>
  ofType(e, T.subnet)
    .filter((s) => s.inputs.tags?.tier === "app")
    .map((s) => s.id)
    .sort();
export const securityGroupId = (e: Evaluation, tier: string) => ofType(e, T.securityGroup).find((g) => g.name === `${e.config.namePrefix}-network-${tier}`)?.id;

/** The action that forwards the HTTPS listener's traffic: its default, or the edge rule's when CloudFront fronts the ALB. */
export function mainForward(e: Evaluation): Record<string, any> {
  const https = one(e, C.listener, "compute-lb-https");
  if (https.inputs.defaultActions[0].type === "forward") return https.inputs.defaultActions[0];
  return one(e, C.listenerRule, "compute-lb-from-edge").inputs.actions[0];
}
