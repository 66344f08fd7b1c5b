import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readConfigFile } from "../../config/stack-files";
import type { Evaluation } from "../../offline/evaluate";
import { evaluated, evaluatedWith, ofType } from "../support/harness";

const TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const EVALUATIONS: [string, () => Promise<Evaluation>][] = [
  ["dev", () => evaluated("dev")],
  ["prod", () => evaluated("prod")],
  ["load-test", () => evaluated("load-test")],
  ["dev with no release", () => evaluatedWith("dev", { release: undefined })],
  ["prod on containers (examples/containers.yaml)", () => evaluatedWith("prod", { config: readConfigFile("examples/containers.yaml") })],
];

/** Bash's own parse of a script, without running it. */
function bashSyntaxErrors(script: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "boot-")), "user-data.sh");
  try {
    fs.writeFileSync(file, script);
    const run = spawnSync("bash", ["-n", file], { encoding: "utf8" });
    return run.status === 0 ? "" : run.stderr || `bash -n exited ${run.status}`;
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

for (const [what, evaluate] of EVALUATIONS) {
  describe(`boot scripts and instance roles of ${what}`, () => {
    let e: Evaluation;
    before(async () => (e = await evaluate()));

    it("has boot scripts that bash parses, each starting with set -euo pipefail", () => {
      const templates = ofType(e, TEMPLATE);
      assert.ok(templates.length > 0);
      for (const template of templates) {
        const script = Buffer.from(String(template.inputs.userData), "base64").toString("utf8");
        assert.match(script, /^#!\/bin\/bash\n/, template.name);
        assert.match(script, /^set -euo pipefail$/m, template.name);
        assert.equal(bashSyntaxErrors(script), "", template.name);
      }
    });

    it("gives every EC2 role Session Manager through its own policy, not AmazonSSMManagedInstanceCore's reach to every parameter", () => {
      const ec2Roles = ofType(e, "aws:iam/role:Role").filter((r) => String(r.inputs.assumeRolePolicy).includes("ec2.amazonaws.com"));
      assert.ok(ec2Roles.length > 0);
      const managed = ofType(e, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) =>
        String(a.inputs.policyArn).includes("AmazonSSMManagedInstanceCore"),
      );
      assert.deepEqual(
        managed.map((a) => a.name),
        [],
      );
      const sessionPolicies = ofType(e, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.endsWith("session-manager"));
      assert.equal(sessionPolicies.length, ec2Roles.length, "one per EC2 role");
      for (const policy of sessionPolicies) {
        const actions: string[] = JSON.parse(policy.inputs.policy).Statement.flatMap((s: { Action: string[] }) => s.Action);
        assert.ok(actions.includes("ssmmessages:OpenDataChannel") && actions.includes("ssm:UpdateInstanceInformation"), policy.name);
        assert.ok(!actions.some((a) => a.startsWith("ssm:GetParameter") || a.endsWith("*")), `${policy.name}: ${actions.join(", ")}`);
      }
    });

    it("logs every shell to an encrypted log group through the environment's session document, from every environment instance", () => {
      const prefix = e.config.namePrefix;
      const [document] = ofType(e, "aws:ssm/document:Document").filter((d) => d.inputs.name === `${prefix}-shell`);
      assert.ok(document, `no ${prefix}-shell document`);
      assert.equal(document.inputs.documentType, "Session");
      const inputs = JSON.parse(document.inputs.content).inputs;
      assert.equal(inputs.cloudWatchLogGroupName, `/${prefix}/sessions`);
      assert.deepEqual([inputs.cloudWatchEncryptionEnabled, inputs.cloudWatchStreamingEnabled, inputs.runAsEnabled], [true, true, false]);
      const [group] = ofType(e, "aws:cloudwatch/logGroup:LogGroup").filter((g) => g.inputs.name === `/${prefix}/sessions`);
      assert.match(String(group.inputs.kmsKeyId), /^arn:aws:kms:/);
      assert.equal(e.outputs.sessionDocumentName, `${prefix}-shell`);
      // The generators run in their own region for minutes; their sessions are not logged (said in the README).
      for (const policy of ofType(e, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.endsWith("session-manager") && !p.name.includes("generators"))) {
        const stream = JSON.parse(policy.inputs.policy).Statement.find((s: { Sid: string }) => s.Sid === "StreamSessions");
        assert.ok(stream, `${policy.name} cannot stream sessions`);
        for (const arn of stream.Resource) assert.match(arn, new RegExp(`:log-group:/${prefix}/sessions(:\\*)?$`), policy.name);
      }
    });
  });
}
