import type { InstanceRefresh } from "./release-aws";

export type RefreshState = "running" | "succeeded" | "failed";

// Statuses from the Auto Scaling API reference (InstanceRefresh.Status). RollbackSuccessful means the
// refresh failed and Auto Scaling put the old instances back, so for the release it is a failure.
const ENDED: Record<string, RefreshState> = {
  Successful: "succeeded",
  Failed: "failed",
  Cancelled: "failed",
  RollbackFailed: "failed",
  RollbackSuccessful: "failed",
};

/** Pending, InProgress, Baking, Cancelling and RollbackInProgress are still moving; an unknown status is waited on too. */
export function refreshState(status: string): RefreshState {
  return ENDED[status] ?? "running";
}

/** The refresh this update started: the latest one that began at or after `since`. */
export function currentRefresh(refreshes: InstanceRefresh[], since: Date): InstanceRefresh | undefined {
  return refreshes
    .filter((refresh) => refresh.startTime !== undefined && refresh.startTime.getTime() >= since.getTime())
    .sort((a, b) => (b.startTime?.getTime() ?? 0) - (a.startTime?.getTime() ?? 0))[0];
}

export function progressLine(group: string, refresh: InstanceRefresh): string {
  const percent = refresh.percentageComplete === undefined ? "" : ` ${refresh.percentageComplete}%`;
  const reason = refresh.statusReason ? ` (${refresh.statusReason})` : "";
  return `Instance refresh of ${group}: ${refresh.status}${percent}${reason}`;
}

export function rollbackHint(stack: string, previousRelease: string | undefined): string {
  return previousRelease === undefined
    ? `Roll back with: npm run rollback -- --env ${stack} --to <version>`
    : `Roll back to ${previousRelease} with: npm run rollback -- --env ${stack}`;
}
