import { ScriptError, type ScriptContext } from "../context";
import { imageForRelease, MIGRATION_CONTAINER, migrationFailure, migrationTarget, type MigrationTarget } from "./migration-plan";
import { readOutputs } from "../pulumi/stack-outputs";
import type { PlatformWorkspace } from "../pulumi/workspace";

/**
 * Runs the database migration of release `version` on Fargate and waits for it; a failure throws.
 * The stack's migration task definition runs the deployed release's image, and RunTask cannot
 * override an image, so the migration runs from a revision of the same family (same roles,
 * environment, secrets, log group) with the new release's image, deregistered afterwards: the `up`
 * that follows registers the jobs' own revision for the release.
 */
export async function runMigration(context: ScriptContext, workspace: PlatformWorkspace, stack: string, version: string, waitMinutes: number): Promise<void> {
  let target: MigrationTarget;
  try {
    target = migrationTarget(stack, await readOutputs(workspace, stack));
  } catch (error) {
    throw new ScriptError(`Cannot migrate: ${(error as Error).message}`);
  }
  const aws = await context.aws(target.region);
  const image = imageForRelease(await aws.containerImage(target.currentTaskDefinitionArn, MIGRATION_CONTAINER), version);
  context.print(`Migrating ${stack} with ${image} before the release...`);
  const revision = await aws.registerWithImage(target.currentTaskDefinitionArn, MIGRATION_CONTAINER, image);
  try {
    const taskArn = await aws.runTask({ ...target.launch, taskDefinitionArn: revision });
    context.print(`Migration task ${taskArn} started; waiting up to ${waitMinutes} minutes for it to stop...`);
    let stopped;
    try {
      stopped = await aws.waitForTaskStopped(target.launch.clusterArn, taskArn, MIGRATION_CONTAINER, waitMinutes * 60);
    } catch (error) {
      throw new ScriptError(
        `The migration task ${taskArn} did not stop within ${waitMinutes} minutes (${(error as Error).message}); it may still be running. Release not applied.`,
      );
    }
    const failure = migrationFailure(stopped);
    if (failure !== undefined) throw new ScriptError(`Migration failed: ${failure}. Release not applied; the task's log is in the jobs log group.`);
    context.print("Migration succeeded.");
  } finally {
    await aws.deregisterTaskDefinition(revision);
  }
}
