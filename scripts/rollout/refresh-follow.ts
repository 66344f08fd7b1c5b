import { environmentOutputs } from "../../contracts/outputs";
import { ScriptError, type ScriptContext } from "../context";
import { currentRefresh, progressLine, refreshState } from "../aws/refresh-progress";
import { readOutputs } from "../pulumi/stack-outputs";
import type { PlatformWorkspace } from "../pulumi/workspace";

const POLL_SECONDS = 30;

/**
 * Follows the instance refreshes an update started on the stack's Auto Scaling groups (web and worker,
 * those on instances), printing status and percentage, until each ends or `waitMinutes` pass. A failed,
 * cancelled or rolled-back refresh, or one still going at the end, throws with `hint`.
 */
export async function followRefreshes(
  context: ScriptContext,
  workspace: PlatformWorkspace,
  stack: string,
  since: Date,
  waitMinutes: number,
  hint: string,
): Promise<void> {
  const parsed = environmentOutputs.pick({ region: true, webGroupName: true, workerGroupName: true }).safeParse(await readOutputs(workspace, stack));
  if (!parsed.success) throw new ScriptError(`${stack} exports no valid region output: cannot follow its instance refresh.`);
  const { region, webGroupName, workerGroupName } = parsed.data;
  const pending = [webGroupName, workerGroupName].filter((group): group is string => group !== undefined);
  if (pending.length === 0) {
    context.print(`${stack} runs no tier on Auto Scaling groups: no instance refresh to follow.`);
    return;
  }
  const aws = await context.aws(region);
  for (let waited = 0; ; waited += POLL_SECONDS) {
    for (const group of [...pending]) {
      const refresh = currentRefresh(await aws.instanceRefreshes(group), since);
      if (refresh === undefined) {
        // The provider starts the refresh within the update, so none now means the group's template did not change.
        context.print(`Instance refresh of ${group}: none started by this update.`);
        pending.splice(pending.indexOf(group), 1);
        continue;
      }
      context.print(progressLine(group, refresh));
      const state = refreshState(refresh.status);
      if (state === "failed")
        throw new ScriptError(`The instance refresh of ${group} ended ${refresh.status}${refresh.statusReason ? `: ${refresh.statusReason}` : ""}. ${hint}`);
      if (state === "succeeded") pending.splice(pending.indexOf(group), 1);
    }
    if (pending.length === 0) return;
    if (waited + POLL_SECONDS > waitMinutes * 60) {
      throw new ScriptError(
        `The instance refresh of ${pending.join(" and ")} is still going after ${waitMinutes} minutes; follow it with ` +
          `aws autoscaling describe-instance-refreshes --region ${region} --auto-scaling-group-name <group>. If it goes wrong: ${hint}`,
      );
    }
    await context.sleep(POLL_SECONDS * 1000);
  }
}
