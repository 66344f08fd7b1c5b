import { checkVersion, PREVIOUS_RELEASE_KEY, RELEASE_KEY, releaseTo, type ReleaseState } from "./releases";

export const BETA_KEY = "platform:beta";

/** `platform:beta`: the release a share of the web traffic runs, and how large that share is. */
export interface BetaState {
  release: string;
  weight: number;
  /** Tester header, when the stack names its own (default X-Beta). */
  header?: string;
}

/** A stack's release config with its beta, as the scripts change it. */
export interface ReleaseConfig extends ReleaseState {
  beta?: BetaState;
}

export function parseBeta(text: string | undefined): BetaState | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as BetaState;
  } catch {
    throw new Error(`${BETA_KEY}: found ${text}; expected an object such as {"release":"1.6.0","weight":10}`);
  }
}

export function checkWeight(text: string): number {
  const weight = Number(text);
  if (!/^\d+$/.test(text) || weight > 100) throw new Error(`beta weight: found "${text}"; expected a whole percentage from 0 to 100`);
  return weight;
}

/** The config after `--beta <version>` and/or `--weight <n>`: a new beta, or the running one's weight changed. */
export function betaTo(state: ReleaseConfig, version: string | undefined, weight: number | undefined): ReleaseConfig {
  const running = state.beta;
  if (version === undefined) {
    if (running === undefined) throw new Error(`no beta is running (${BETA_KEY} is not set); start one with --beta <version> --weight <n>`);
    return { ...state, beta: { ...running, weight: weight ?? running.weight } };
  }
  if (weight === undefined) throw new Error("--beta needs --weight <n>: the percentage of web traffic the beta release takes");
  return { ...state, beta: { ...running, release: checkVersion(version), weight } };
}

/** Beta's release becomes the main release (the one before it remembered); beta keeps running with no share. */
export function promoted(state: ReleaseConfig): ReleaseConfig {
  if (state.beta === undefined) throw new Error(`nothing to promote: no beta is running (${BETA_KEY} is not set)`);
  return { ...releaseTo(state, state.beta.release), beta: { ...state.beta, weight: 0 } };
}

/** Beta's share back to zero and the beta target removed; the main release is unchanged. */
export function aborted(state: ReleaseConfig): ReleaseConfig {
  if (state.beta === undefined) throw new Error(`nothing to abort: no beta is running (${BETA_KEY} is not set)`);
  return { release: state.release, previousRelease: state.previousRelease };
}

/** The config keys a release config is stored in, unset ones undefined. */
export function configValues(state: ReleaseConfig): Record<string, string | undefined> {
  return {
    [RELEASE_KEY]: state.release,
    [PREVIOUS_RELEASE_KEY]: state.previousRelease,
    [BETA_KEY]: state.beta === undefined ? undefined : JSON.stringify(state.beta),
  };
}
