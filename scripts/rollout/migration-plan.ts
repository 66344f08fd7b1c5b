import { environmentOutputs } from "../../contracts/outputs";
import type { StoppedTask, TaskLaunch } from "../aws/release-aws";

/** The container of the migration task definition (tiers/compute/jobs.ts). */
export const MIGRATION_CONTAINER = "app";

/** The same repository's image at tag `version`: the tag (or digest) after the last path segment is replaced. */
export function imageForRelease(image: string, version: string): string {
  const slash = image.lastIndexOf("/");
  const name = image.slice(slash + 1).split(/[:@]/)[0];
  if (name === "") throw new Error(`cannot read a repository from the image "${image}"`);
  return `${image.slice(0, slash + 1)}${name}:${version}`;
}

const migrationOutputs = environmentOutputs.pick({
  region: true,
  jobsClusterArn: true,
  migrationTaskDefinitionArn: true,
  appSubnetIds: true,
  securityGroupIds: true,
});

/**
 * Where the migration runs, from the stack's outputs (the environment contract): the jobs cluster and
 * migration task definition, in the app subnets with the worker security group, as the jobs run.
 */
export interface MigrationTarget {
  region: string;
  /** The migration task definition of the deployed release. */
  currentTaskDefinitionArn: string;
  /** Where it runs, but for the task definition. */
  launch: Omit<TaskLaunch, "taskDefinitionArn">;
}

export function migrationTarget(stack: string, outputs: Record<string, unknown>): MigrationTarget {
  const parsed = migrationOutputs.safeParse(outputs);
  if (!parsed.success) {
    throw new Error(
      `${stack} exports no valid region, appSubnetIds and securityGroupIds outputs: deploy it first (${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}).`,
    );
  }
  const { region, jobsClusterArn, migrationTaskDefinitionArn, appSubnetIds, securityGroupIds } = parsed.data;
  if (jobsClusterArn === undefined || migrationTaskDefinitionArn === undefined) {
    throw new Error(
      `${stack} exports no jobsClusterArn and migrationTaskDefinitionArn: the jobs exist only once a release is pinned (platform:release). ` +
        "Release once without --migrate, then migrate with the next release.",
    );
  }
  return {
    region,
    currentTaskDefinitionArn: migrationTaskDefinitionArn,
    launch: { clusterArn: jobsClusterArn, subnetIds: appSubnetIds, securityGroupIds: [securityGroupIds.worker] },
  };
}

/** Why a stopped migration task failed, or undefined when its container exited 0. */
export function migrationFailure(task: StoppedTask): string | undefined {
  if (task.exitCode === 0) return undefined;
  if (task.exitCode === undefined) return `the migration task ${task.taskArn} stopped without an exit code: ${task.reason ?? "no reason given"}`;
  return `the migration exited with code ${task.exitCode} (task ${task.taskArn}${task.reason ? `: ${task.reason}` : ""})`;
}
