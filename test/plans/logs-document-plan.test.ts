import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { RUN_COMMAND_KEPT_BYTES } from "../../lib/shell";
import { deployFactsFile } from "../../tiers/compute/deploy-routine-plan";
import { INSTANCE_LOG_NAMES, logsDocumentContent, logsScript } from "../../tiers/compute/logs-document-plan";
import { InstanceSandbox } from "../support/instance-sandbox";

interface Parameter {
  allowedPattern?: string;
  allowedValues?: string[];
  default?: string;
}
const content = logsDocumentContent() as { schemaVersion: string; parameters: Record<string, Parameter>; mainSteps: { inputs: { runCommand: string[] } }[] };
const WORKER = { tier: "worker" as const, region: "eu-west-1", releaseBucket: "b", releasePointer: "/p/release/worker" };

describe("logs document", () => {
  let sandbox: InstanceSandbox;
  beforeEach(() => (sandbox = new InstanceSandbox()));
  afterEach(() => sandbox.remove());
  const logs = (log: string, lines = "5") => sandbox.run(logsScript().replaceAll("{{ Log }}", log).replaceAll("{{ Lines }}", lines));

  it("prints the last lines of the application's files", () => {
    sandbox.write("/etc/platform/deploy.env", deployFactsFile(WORKER));
    fs.mkdirSync(path.join(sandbox.dir, "log"));
    fs.writeFileSync(path.join(sandbox.dir, "log/app.log"), Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n");
    const run = logs("app");
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "line 16\nline 17\nline 18\nline 19\nline 20\n");
  });

  it("prints the end of a log longer than Run Command returns, in bytes as the agent counts them, saying how much it left out", () => {
    sandbox.write("/etc/platform/deploy.env", deployFactsFile(WORKER));
    fs.mkdirSync(path.join(sandbox.dir, "log"));
    // 200 lines of 300 bytes, each with two-byte characters that a UTF-8 locale would count as one.
    const lines = Array.from({ length: 200 }, (_, i) => `${i + 1} `.padEnd(99, "x") + "é".repeat(100));
    fs.writeFileSync(path.join(sandbox.dir, "log/app.log"), lines.join("\n") + "\n");
    const run = sandbox.run(logsScript().replaceAll("{{ Log }}", "app").replaceAll("{{ Lines }}", "200"), { LC_ALL: "C.UTF-8" });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(Buffer.byteLength(run.stdout) < 24000, `${Buffer.byteLength(run.stdout)} bytes, over Run Command's 24,000`);
    const cut = 200 * 300 - 1 - RUN_COMMAND_KEPT_BYTES;
    assert.ok(run.stdout.startsWith(`[the first ${cut} bytes are left out: Run Command returns 24,000]\n`), run.stdout.slice(0, 100));
    assert.ok(run.stdout.endsWith(`${lines[199]}\n`), "the last line is whole");
  });

  for (const [log, expected] of [
    ["unit", "journalctl --no-pager --output short-iso --lines 5 --unit platform-worker.service"],
    ["release", "journalctl --no-pager --output short-iso --lines 5 --unit platform-release.service --unit platform-deploy-*"],
  ] as const) {
    it(`reads the ${log} log from the journal`, () => {
      sandbox.write("/etc/platform/deploy.env", deployFactsFile(WORKER));
      const run = logs(log);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(run.calls, [expected]);
    });
  }

  it("says so when there is no application log yet, or the boot has not written its facts", () => {
    sandbox.write("/etc/platform/deploy.env", deployFactsFile(WORKER));
    assert.match(logs("app").stderr, /no \/.*\/log\/\*\.log on this instance/);
    fs.rmSync(path.join(sandbox.dir, "etc/deploy.env"));
    assert.match(logs("unit").stderr, /this instance has not finished its boot/);
  });

  it("takes only a named log and 1-200 lines, which SSM checks before any instance runs it", () => {
    assert.equal(content.schemaVersion, "2.2");
    assert.deepEqual(content.parameters.Log.allowedValues, INSTANCE_LOG_NAMES);
    const lines = new RegExp(content.parameters.Lines.allowedPattern ?? "");
    for (const ok of ["1", "9", "10", "99", "100", "199", "200"]) assert.match(ok, lines);
    for (const bad of ["0", "201", "999", "01", "-1", "5;reboot", ""]) assert.doesNotMatch(bad, lines);
    assert.match(content.parameters.Lines.default ?? "", lines);
    const script = content.mainSteps[0].inputs.runCommand.join("\n");
    assert.deepEqual(script.match(/\{\{ *\w+ *\}\}/g)?.sort(), ["{{ Lines }}", "{{ Log }}"]);
  });
});
