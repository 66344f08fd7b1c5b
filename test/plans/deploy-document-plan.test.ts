import { strict as assert } from "assert";
import { deployDocumentContent, deployScript, RELEASE_PARAMETER, RESTART_PARAMETER } from "../../tiers/compute/deploy-document-plan";
import { RELEASE_VERSION } from "../../tiers/compute/release-plan";

describe("deploy document", () => {
  const content = deployDocumentContent() as {
    schemaVersion: string;
    parameters: { Release: { allowedPattern: string } };
    mainSteps: { action: string; inputs: { runCommand: string[]; timeoutSeconds: string } }[];
  };

  it("is a Command document of schema 2.2 whose one step runs the routine on the Release parameter", () => {
    assert.equal(content.schemaVersion, "2.2");
    assert.equal(content.mainSteps.length, 1);
    assert.equal(content.mainSteps[0].action, "aws:runShellScript");
    assert.equal(content.mainSteps[0].inputs.runCommand.join("\n"), deployScript(RELEASE_PARAMETER, RESTART_PARAMETER));
    const script = content.mainSteps[0].inputs.runCommand;
    const service = script.findIndex((line) => line.startsWith("systemd-run "));
    assert.equal(
      script[service],
      'systemd-run --wait --collect --quiet --unit="$unit" /bin/bash /run/platform-deploy-$$.sh {{ Release }} {{ Restart }} || status=$?',
      "the routine runs as its own service, out of the agent's process group, its output in the journal (no --pipe)",
    );
    assert.ok(script.indexOf('journalctl --no-pager --output cat --unit "$unit" | print_last || true') > service, "then prints the unit's journal");
    assert.equal(script.at(-2), 'exit "$status"', "and ends with the routine's status");
  });

  it("lets through only release names that are one plain shell word, as the config does", () => {
    const pattern = new RegExp(content.parameters.Release.allowedPattern);
    assert.equal(content.parameters.Release.allowedPattern, RELEASE_VERSION.source);
    for (const good of ["1.4.2", "r17", "2026-12-03_1"]) assert.ok(pattern.test(good), good);
    for (const bad of ["1.4.2; reboot", "$(id)", "../x", "1..2", "a b", "", "x".repeat(65)]) assert.ok(!pattern.test(bad), bad);
  });

  it("has no other {{ }} for SSM to substitute", () => {
    const script = content.mainSteps[0].inputs.runCommand.join("\n");
    assert.deepEqual(script.match(/\{\{[^}]*\}\}/g), [RELEASE_PARAMETER, RESTART_PARAMETER]);
  });
});
