import { strict as assert } from "assert";
import { cronProblems, isTimeZone } from "../../lib/cron";

describe("cron and time zones", () => {
  for (const good of ["0 8 * * MON-FRI", "30 19 * * 1-5", "*/15 * * * *", "0 0 1,15 JAN-DEC *", "0 6 * * SUN"]) {
    it(`accepts the cron ${good}`, () => assert.deepEqual(cronProblems(good), []));
  }
  for (const [bad, why] of [
    ["0 8 * *", /expected 5 cron fields/],
    ["0 8 * * MON-FRI 2026", /expected 5 cron fields/],
    ["60 8 * * *", /minute "60"/],
    ["0 24 * * *", /hour "24"/],
    ["0 8 * * FUNDAY", /day of week "FUNDAY"/],
    ["0 8 * * FRI-MON", /day of week/],
    ["0 8 ? * MON", /day of month "\?"/],
    ["*/0 * * * *", /minute/],
  ] as const) {
    it(`rejects the cron ${bad}`, () => assert.match(cronProblems(bad).join("; "), why));
  }

  it("accepts IANA time zones only", () => {
    for (const zone of ["Europe/Dublin", "America/New_York", "UTC"]) assert.ok(isTimeZone(zone), zone);
    for (const zone of ["Europe/Springfield", "CEST", "+02:00", ""]) assert.ok(!isTimeZone(zone), zone);
  });
});
