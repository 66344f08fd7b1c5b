import { strict as assert } from "assert";
import { availabilitySchedule } from "../../tiers/compute/schedule-plan";

describe("availability schedule", () => {
  it("schedules a tier back to its sizes in the morning and to zero in the evening", () => {
    const [start, stop] = availabilitySchedule(
      { timeZone: "Europe/Dublin", start: "0 8 * * MON-FRI", stop: "0 20 * * MON-FRI" },
      { min: 1, desired: 2, max: 4 },
    );
    assert.deepEqual(start, { name: "start", recurrence: "0 8 * * MON-FRI", timeZone: "Europe/Dublin", minSize: 1, maxSize: 4, desiredCapacity: 2 });
    assert.deepEqual([stop.minSize, stop.maxSize, stop.desiredCapacity, stop.recurrence], [0, 0, 0, "0 20 * * MON-FRI"]);
  });
});
