import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../config/stack-files";

describe("console: container image", () => {
  const dockerfile = readFileSync(path.join(PROJECT_DIR, "Dockerfile"), "utf8");

  it("installs the Pulumi CLI at the version of the project's @pulumi/pulumi", () => {
    const lock = JSON.parse(readFileSync(path.join(PROJECT_DIR, "package-lock.json"), "utf8"));
    const sdk = lock.packages["node_modules/@pulumi/pulumi"].version;
    assert.match(dockerfile, new RegExp(`^FROM pulumi/pulumi-nodejs-20:${sdk.replace(/\./g, "\\.")}$`, "m"));
  });

  it("runs the console as a user that is not root, bound for a team, its audit log on a volume", () => {
    assert.match(dockerfile, /^USER console$/m);
    assert.match(dockerfile, /^COPY --chown=console \. \.$/m, "the project is the console's to write: its actions set stack config");
    assert.match(dockerfile, /"--host", "0\.0\.0\.0"/);
    assert.match(dockerfile, /"--audit-log", "\/var\/log\/console\/audit\.jsonl"/);
    assert.match(readFileSync(path.join(PROJECT_DIR, ".dockerignore"), "utf8"), /^node_modules$/m);
  });
});
