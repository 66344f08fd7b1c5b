const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const WEEK_MINUTES = 7 * 24 * 60;

/** A scheduled action as Auto Scaling takes it: a cron recurrence and the capacity it sets. */
export interface ScheduledCapacity {
  recurrence: string;
  desiredCapacity: number;
}

/** A share of the week spent at one capacity. */
export interface CapacitySegment {
  capacity: number;
  /** Share of the week, 0 to 1. */
  share: number;
}

function dayNumber(text: string): number {
  const named = DAYS.indexOf(text.toUpperCase());
  const day = named >= 0 ? named : Number(text) % 7;
  if (!Number.isInteger(day)) throw new Error(`day of week "${text}"`);
  return day;
}

function days(field: string): number[] {
  if (field === "*") return [0, 1, 2, 3, 4, 5, 6];
  return field.split(",").flatMap((part) => {
    const [from, to] = part.split("-");
    if (to === undefined) return [dayNumber(from)];
    const [a, b] = [dayNumber(from), dayNumber(to)];
    return Array.from({ length: ((b - a + 7) % 7) + 1 }, (_, i) => (a + i) % 7);
  });
}

/** Minutes into the week (Sunday 00:00) at which a `M H * * DOW` recurrence fires; throws on any other form. */
export function firings(recurrence: string): number[] {
  const [minute, hour, dom, month, dow, ...rest] = recurrence.trim().split(/\s+/);
  if (rest.length > 0 || dom !== "*" || month !== "*" || !/^\d+$/.test(minute) || !/^\d+(,\d+)*$/.test(hour))
    throw new Error(`recurrence "${recurrence}" is not of the form "M H * * DOW" this estimate reads`);
  return days(dow).flatMap((day) => hour.split(",").map((h) => day * 1440 + Number(h) * 60 + Number(minute)));
}

/**
 * How a group's capacity spreads over a week under its scheduled actions (availability hours):
 * each action holds its capacity until the next one fires. Without actions, `capacity` all week.
 * The time zone does not change the weekly shares.
 */
export function weeklyCapacity(capacity: number, schedules: ScheduledCapacity[]): CapacitySegment[] {
  const events = schedules.flatMap((s) => firings(s.recurrence).map((at) => ({ at, capacity: s.desiredCapacity }))).sort((a, b) => a.at - b.at);
  if (events.length === 0) return [{ capacity, share: 1 }];
  const shares = new Map<number, number>();
  events.forEach((event, index) => {
    const next = index + 1 < events.length ? events[index + 1].at : events[0].at + WEEK_MINUTES;
    shares.set(event.capacity, (shares.get(event.capacity) ?? 0) + (next - event.at) / WEEK_MINUTES);
  });
  return [...shares].map(([c, share]) => ({ capacity: c, share }));
}
