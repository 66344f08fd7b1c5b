import { strict as assert } from "assert";
import { existsSync, readFileSync } from "fs";
import { renderConfigReference } from "../../offline/config-reference";
import { CONFIG_REFERENCE } from "../../offline/docs";

describe("configuration reference", () => {
  it("CONFIG.md is what the schemas and the role defaults say today", () => {
    const committed = existsSync(CONFIG_REFERENCE) ? readFileSync(CONFIG_REFERENCE, "utf8") : "";
    assert.ok(committed === renderConfigReference(), "CONFIG.md is stale: run `npm run docs` and commit the result");
  });

  it("lists every role's default of a key beside its allowed values", () => {
    const row = renderConfigReference()
      .split("\n")
      .find((line) => line.startsWith("| `.azCount` |"));
    assert.equal(
      row,
      "| `.azCount` | dev, load-test: integer, 2 to 4; prod: integer, 3 to 4 | n/a | `2` | `3` | `3` | Availability Zones the VPC spans: a public, an app and a data subnet in each. |",
    );
  });
});
