/**
 * Task sizes Fargate accepts: memory (MiB) per CPU unit, from the ECS task definition parameters
 * reference ("Task size"); the largest sizes are left out on purpose (jobs here are small).
 */
const FARGATE_MEMORY: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: Array.from({ length: 7 }, (_, i) => 2048 + i * 1024),
  2048: Array.from({ length: 13 }, (_, i) => 4096 + i * 1024),
  4096: Array.from({ length: 23 }, (_, i) => 8192 + i * 1024),
};

/** Why a CPU and memory pair is no Fargate task size, if it is not one. */
export function fargateSizeProblems(cpu: number, memory: number): string[] {
  const allowed = FARGATE_MEMORY[cpu];
  if (!allowed) return [`cpu ${cpu} is no Fargate task size (expected one of ${Object.keys(FARGATE_MEMORY).join(", ")})`];
  if (!allowed.includes(memory))
    return [`memory ${memory} does not go with cpu ${cpu} on Fargate (expected ${allowed[0]}-${allowed.at(-1)} in steps of ${allowed[1] - allowed[0]})`];
  return [];
}

const SCHEDULER_FIELD = /^[0-9A-Za-z*?,/#L-]+$/;

/**
 * Problems of an EventBridge Scheduler cron expression: `cron(minutes hours day-of-month month
 * day-of-week year)`, where exactly one of day-of-month and day-of-week is `?` (Scheduler user guide,
 * "Schedule types").
 */
export function schedulerCronProblems(expression: string): string[] {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  if (!match) return ["expected cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 3 * * ? *)"];
  const fields = match[1].trim().split(/\s+/);
  if (fields.length !== 6) return [`expected 6 fields inside cron(...), found ${fields.length}`];
  const problems = fields.filter((f) => !SCHEDULER_FIELD.test(f)).map((f) => `field "${f}" has characters cron does not allow`);
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) problems.push("expected ? in exactly one of day-of-month and day-of-week");
  return problems;
}
