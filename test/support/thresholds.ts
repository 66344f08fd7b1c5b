import { z } from "zod";
import { ROLE_DEFAULTS } from "../../config/defaults";
import { observabilitySchema } from "../../config/observability-schema";
import type { AlarmThresholds } from "../../tiers/observability/alarm-catalogue";

// The prod role's defaults, read through the schema that types them: a changed default moves every test with it.
const prod = observabilitySchema(z.number()).parse(ROLE_DEFAULTS.prod["platform:observability"]);

/** Alarm thresholds for tests of the alarm planners: the prod defaults, with the overrides a test names. */
export function alarmThresholds(overrides: Partial<AlarmThresholds> = {}): AlarmThresholds {
  return { latencyObjectiveMs: prod.latencyObjectiveMs, ...prod.thresholds, ...overrides };
}
