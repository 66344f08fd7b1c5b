import { applicationStatements, policyDocument, putMetricsStatement, type ApplicationAccess, type PolicyDocument } from "./app-access-plan";
import type { Architecture } from "../../lib/instance-types";

export interface ExecutionPolicyInput {
  /** The shared stack's ECR repository, the only one tasks pull from. */
  repositoryArn: string;
  /** The log group the tier's containers write to. */
  logGroupArn: string;
  /** Secrets injected into the containers at start. */
  secretArns: string[];
  kmsKeyArns: string[];
  region: string;
}

/** What ECS may do to start a tier's task: pull its image, write its log group, read the secrets it injects. */
export function executionPolicy(input: ExecutionPolicyInput): PolicyDocument {
  return policyDocument([
    // GetAuthorizationToken has no resource-level permissions: Resource must be "*" (ECR IAM reference).
    { Sid: "RegistryLogin", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
    {
      Sid: "PullImage",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      Resource: [input.repositoryArn],
    },
    { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${input.logGroupArn}:*`] },
    { Sid: "ReadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: input.secretArns },
    {
      Sid: "DecryptSecrets",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: input.kmsKeyArns,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${input.region}.amazonaws.com` } },
    },
  ]);
}

export interface TaskPolicyInput extends ApplicationAccess {
  /** CloudWatch namespace of the application's own metrics. */
  metricNamespace: string;
}

/** What the application in a task may do: work its queues, read its secrets, use its buckets and publish its metrics. */
export function taskPolicy(input: TaskPolicyInput): PolicyDocument {
  return policyDocument([...applicationStatements(input), putMetricsStatement(input.metricNamespace)]);
}

export type ContainerCapacity = "ec2" | "fargate" | "fargate-spot";

/** The Fargate capacity provider a tier's service runs on, or undefined for its own EC2 capacity provider. */
export function fargateProvider(capacity: ContainerCapacity): "FARGATE" | "FARGATE_SPOT" | undefined {
  if (capacity === "ec2") return undefined;
  return capacity === "fargate-spot" ? "FARGATE_SPOT" : "FARGATE";
}

/** ECS's name for an architecture, in a task definition's runtime platform. */
export function ecsCpuArchitecture(architecture: Architecture): "ARM64" | "X86_64" {
  return architecture === "arm64" ? "ARM64" : "X86_64";
}

/** Public SSM parameter of the latest ECS-optimized Amazon Linux 2023 AMI (ECS developer guide, "Retrieving ECS-optimized AMI metadata"). */
export function ecsImageParameter(architecture: Architecture): string {
  return `/aws/service/ecs/optimized-ami/amazon-linux-2023/${architecture === "arm64" ? "arm64/" : ""}recommended/image_id`;
}

/**
 * Boot script of a container instance: join the cluster, and keep tasks in awsvpc mode away from
 * the instance's metadata (and so from its role).
 */
export function renderEcsUserData(clusterName: string): string {
  return ["#!/bin/bash", "cat >> /etc/ecs/ecs.config <<'ECS'", `ECS_CLUSTER=${clusterName}`, "ECS_AWSVPC_BLOCK_IMDS=true", "ECS", ""].join("\n");
}

/** Weights of the HTTPS listener's forward between the main and beta target groups: beta gets `betaPercent`. */
export function betaSplit(betaPercent: number): { main: number; beta: number } {
  return { main: 100 - betaPercent, beta: betaPercent };
}
