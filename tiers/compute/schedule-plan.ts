import type { ScheduledCapacity } from "../../lib/auto-scaling-plan";

export interface AvailabilityHours {
  /** IANA time zone name the two crons are read in, e.g. Europe/Dublin. */
  timeZone: string;
  /** Unix cron of when the tiers come back, e.g. weekday mornings. */
  start: string;
  /** Unix cron of when they go to zero, e.g. weekday evenings (so weekends stay at zero). */
  stop: string;
}

/** The two scheduled actions of a tier with availability hours: back to its sizes, and down to zero. */
export function availabilitySchedule(hours: AvailabilityHours, capacity: { min: number; desired: number; max: number }): ScheduledCapacity[] {
  return [
    { name: "start", recurrence: hours.start, timeZone: hours.timeZone, minSize: capacity.min, maxSize: capacity.max, desiredCapacity: capacity.desired },
    { name: "stop", recurrence: hours.stop, timeZone: hours.timeZone, minSize: 0, maxSize: 0, desiredCapacity: 0 },
  ];
}
