import { strict as assert } from "assert";
import { fitName } from "../../lib/names";

describe("physical names", () => {
  it("fits load balancer and target group names in 32 characters, distinct per stack", () => {
    const longStack = "platform-abcdefghijklmnopqrst"; // a 20-character stack name
    const name = fitName(longStack, "web", 32);
    assert.ok(name.length <= 32, name);
    assert.match(name, /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/);
    assert.notEqual(name, fitName("platform-abcdefghijklmnopqrsu", "web", 32));
    assert.equal(fitName("platform-prod", "web", 32), "platform-prod-web");
  });
});
