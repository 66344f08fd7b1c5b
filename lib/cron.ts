const CRON_FIELDS = [
  { name: "minute", min: 0, max: 59, names: [] as string[] },
  { name: "hour", min: 0, max: 23, names: [] },
  { name: "day of month", min: 1, max: 31, names: [] },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

function cronValue(text: string, field: (typeof CRON_FIELDS)[number]): number | undefined {
  const named = field.names.indexOf(text.toUpperCase());
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

/**
 * Problems of a scheduled action's recurrence: Auto Scaling takes Unix cron, five fields
 * (minute hour day-of-month month day-of-week), with *, lists, ranges, steps and names.
 */
export function cronProblems(expression: string): string[] {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return [`expected 5 cron fields (minute hour day-of-month month day-of-week), found ${fields.length}`];
  return fields.flatMap((text, i) => {
    const field = CRON_FIELDS[i];
    const ok = text.split(",").every((part) => {
      const [range, step, extra] = part.split("/");
      if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return false;
      if (range === "*") return true;
      const [from, to, more] = range.split("-");
      if (more !== undefined) return false;
      const start = cronValue(from, field);
      const end = to === undefined ? start : cronValue(to, field);
      return start !== undefined && end !== undefined && start <= end;
    });
    return ok
      ? []
      : [
          `${field.name} "${text}" is not valid (expected ${field.min}-${field.max}${field.names.length ? ` or ${field.names[0]}-${field.names.at(-1)}` : ""}, *, lists, ranges or steps)`,
        ];
  });
}

/** IANA time zone names, as Auto Scaling's scheduled actions take them. */
export function isTimeZone(name: string): boolean {
  return name === "UTC" || name === "Etc/UTC" || Intl.supportedValuesOf("timeZone").includes(name);
}
