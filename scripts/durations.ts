import { DURATION } from "../config/common-schema";

const HOUR_MS = 3_600_000;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: HOUR_MS, d: 24 * HOUR_MS };
const RUN_DURATION = /^[1-9]\d*[smh]$/;

function toMs(text: string): number {
  return Number(text.slice(0, -1)) * UNIT_MS[text.slice(-1)];
}

/** How long a load test runs (`30m`, `2h`, `90s`), in milliseconds. */
export function parseRunDuration(text: string): number {
  if (!RUN_DURATION.test(text)) throw new Error(`duration: found "${text}"; expected a whole number of s, m or h, such as 30m`);
  return toMs(text);
}

/** `--wait-minutes`: a whole number of minutes from 1 to 1440 (a day). */
export function parseWaitMinutes(text: string): number {
  if (!/^[1-9]\d*$/.test(text) || Number(text) > 1440) throw new Error(`wait minutes: found "${text}"; expected a whole number of minutes from 1 to 1440`);
  return Number(text);
}

/** `2d 3h`, `45m`: an age for humans, rounded down to the minute. */
export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes % 60}m`;
  return `${minutes}m`;
}

export interface EnvironmentAge {
  /** Undefined when the stack carries no readable `created` tag. */
  ageMs?: number;
  expired: boolean;
}

/** Age of an ephemeral environment from its `created` and `ttl` tags; expired once age reaches the TTL. */
export function environmentAge(tags: Record<string, string>, now: Date): EnvironmentAge {
  const created = Date.parse(tags.created ?? "");
  if (Number.isNaN(created)) return { expired: false };
  const ageMs = now.getTime() - created;
  const ttl = tags.ttl !== undefined && DURATION.test(tags.ttl) ? toMs(tags.ttl) : undefined;
  return { ageMs, expired: ttl !== undefined && ageMs >= ttl };
}
