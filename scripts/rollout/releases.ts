import { RELEASE_VERSION } from "../../tiers/compute/release-plan";

export const RELEASE_KEY = "platform:release";
export const PREVIOUS_RELEASE_KEY = "platform:previousRelease";

export interface ReleaseState {
  release?: string;
  previousRelease?: string;
}

export function checkVersion(version: string): string {
  if (!RELEASE_VERSION.test(version)) {
    throw new Error(`release version: found "${version}"; expected 1-64 letters, digits, . _ - starting with a letter or digit, such as 1.4.2 or r17`);
  }
  return version;
}

/** The stack's release config after moving to `version`: what ran before becomes the previous release. */
export function releaseTo(state: ReleaseState, version: string): ReleaseState {
  checkVersion(version);
  if (state.release === version) return state;
  return { release: version, previousRelease: state.release ?? state.previousRelease };
}

/** The version a rollback goes to: `--to` when given, else the remembered previous release. */
export function rollbackTarget(state: ReleaseState, to?: string): string {
  if (to !== undefined) return checkVersion(to);
  if (state.previousRelease === undefined) {
    throw new Error(`no previous release is remembered (${PREVIOUS_RELEASE_KEY} is not set); name one with --to <version>`);
  }
  if (state.previousRelease === state.release)
    throw new Error(`the previous release ${state.previousRelease} is the one deployed; name another with --to <version>`);
  return state.previousRelease;
}

export function rollbackHint(stack: string, previousRelease: string | undefined): string {
  return previousRelease === undefined
    ? `Roll back with: npm run rollback -- --env ${stack} --to <version>`
    : `Roll back to ${previousRelease} with: npm run rollback -- --env ${stack}`;
}
