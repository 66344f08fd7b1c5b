import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { deployScript, ROUTINE_END } from "../../tiers/compute/deploy-document-plan";
import { deployFactsFile, type DeployFacts } from "../../tiers/compute/deploy-routine-plan";
import { InstanceSandbox } from "../support/instance-sandbox";

const WEB: DeployFacts = {
  tier: "web",
  region: "eu-west-1",
  releaseBucket: "platform-shared-releases",
  releasePointer: "/platform-prod/release/web",
  targetGroup: {
    arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/platform-prod-web/abc",
    healthUrl: "http://127.0.0.1:8080/healthz",
    drainSeconds: 20,
    healthySeconds: 10,
  },
  proxy: { HTTPS_PROXY: "http://proxy.internal:3128", NO_PROXY: "169.254.169.254,.amazonaws.com" },
};
const WORKER: DeployFacts = { tier: "worker", region: "eu-west-1", releaseBucket: "platform-shared-releases", releasePointer: "/platform-prod/release/worker" };

/** Index of the first call containing `text`; -1 when none does. */
const at = (calls: string[], text: string) => calls.findIndex((call) => call.includes(text));

describe("deploy routine on an instance (the deploy document's script, run against stubs)", () => {
  let sandbox: InstanceSandbox;
  beforeEach(() => {
    sandbox = new InstanceSandbox();
    sandbox.installed("1.0.0");
    sandbox.publish("2.0.0");
  });
  afterEach(() => sandbox.remove());

  /** Runs the document's script; `waits` overrides the facts file's wait limits (the stubbed sleep returns at once, so a wait spins). */
  const deploy = (facts: DeployFacts, release: string, env: Record<string, string> = {}, waits = "") => {
    sandbox.write("/etc/platform/deploy.env", deployFactsFile(facts) + "\n" + waits);
    return sandbox.run(deployScript(release), env);
  };

  it("verifies, unpacks beside the running release, leaves the target group, switches, restarts and joins again once healthy", () => {
    const run = deploy(WEB, "2.0.0");
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.current, "2.0.0");
    assert.match(run.appEnv, /^RELEASE=2\.0\.0$/m);
    assert.doesNotMatch(run.appEnv, /RELEASE=1\.0\.0/);
    const order = [
      "s3 cp",
      "deregister-targets",
      "install 2.0.0 web",
      "systemctl restart platform-web.service",
      "curl -fsS --noproxy * --max-time 2",
      "elbv2 register-targets",
    ];
    const positions = order.map((step) => at(run.calls, step));
    assert.ok(
      positions.every((p) => p >= 0),
      `every step ran: ${order.filter((_, i) => positions[i] < 0).join(", ")}`,
    );
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
      `in order: ${run.calls.join(" | ")}`,
    );
    assert.ok(at(run.calls, `deregister-targets --target-group-arn ${WEB.targetGroup?.arn} --targets Id=i-0123456789abcdef0`) >= 0);
    assert.match(run.stdout, /i-0123456789abcdef0 runs 2\.0\.0 \(was 1\.0\.0\)\n/);
    assert.ok(run.stdout.endsWith(`${ROUTINE_END}\n`), "the journal is printed once it holds the routine's last line");
    assert.equal(run.calls.filter((call) => call.startsWith("sleep 0.5")).length, 0, "which it held at the first look");
    const tag = at(run.calls, "aws ec2 create-tags --resources i-0123456789abcdef0 --tags Key=platform:release,Value=2.0.0");
    assert.ok(tag > at(run.calls, "systemctl restart platform-web.service") && tag < at(run.calls, "elbv2 register-targets"), run.calls.join(" | "));
  });

  it("serves the release and says so when its instance cannot be tagged with it", () => {
    const run = deploy(WEB, "2.0.0", { TAG_FAILS: "1" });
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.current, "2.0.0");
    assert.match(run.stdout, /could not tag i-0123456789abcdef0 platform:release=2\.0\.0: the formation shows its release as unknown/);
  });

  it("installs nothing and keeps serving when the archive does not match its SHA-256", () => {
    sandbox.publish("2.0.1", { wrongChecksum: true });
    const run = deploy(WEB, "2.0.1");
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /release 2\.0\.1: app\.tar\.gz has SHA-256 [0-9a-f]{64}, its app\.tar\.gz\.sha256 says 0{64}: not installed/);
    assert.equal(run.current, "1.0.0");
    assert.equal(at(run.calls, "deregister-targets"), -1, "the instance never left its target group");
    assert.equal(at(run.calls, "systemctl restart"), -1);
  });

  it("goes back to the previous release, and serves again, when the new one fails its local health check", () => {
    const run = deploy(WEB, "2.0.0", { BAD_RELEASES: "2.0.0" });
    assert.notEqual(run.status, 0, "the command fails, so Run Command counts an error");
    assert.equal(run.current, "1.0.0");
    assert.match(run.appEnv, /^RELEASE=1\.0\.0$/m);
    assert.match(run.stdout, /release 2\.0\.0 is not healthy on i-0123456789abcdef0: going back to 1\.0\.0/);
    assert.match(run.stdout, /i-0123456789abcdef0 is back on 1\.0\.0/);
    assert.ok(at(run.calls, "install 1.0.0 web") > at(run.calls, "install 2.0.0 web"));
    assert.equal(run.calls.filter((call) => call.includes("elbv2 register-targets")).length, 1, "joins once, on 1.0.0");
    const tags = run.calls.filter((call) => call.includes("ec2 create-tags")).map((call) => call.split("Value=")[1]);
    assert.deepEqual(tags, ["2.0.0", "1.0.0"], "the tag ends on the release it went back to");
  });

  it("goes back too when the load balancer does not call the restarted instance healthy", () => {
    assert.match(deployFactsFile(WEB), /^HEALTHY_WAIT_SECONDS=130$/m, "the load balancer's 10 s and two minutes of slack");
    // A wait of 0 s gives up at its first look, as a longer one does at its end (the stubbed sleep returns at once).
    const run = deploy(WEB, "2.0.0", { JOIN_UNHEALTHY: "1" }, "HEALTHY_WAIT_SECONDS=0\n");
    assert.notEqual(run.status, 0);
    assert.equal(run.current, "1.0.0");
    assert.match(run.stdout, /is not healthy in its target group after 0 s/);
    assert.match(run.stdout, /is not healthy on 1\.0\.0 either/);
  });

  it("refuses, saying why, on an instance booted before in-place releases (no facts file)", () => {
    const run = sandbox.run(deployScript("2.0.0"));
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /this instance booted before in-place releases; an instance refresh replaces it/);
    assert.deepEqual(
      run.calls.filter((call) => !call.includes("169.254.169.254") && !/^(systemd-run|journalctl) /.test(call)),
      [],
    );
  });

  it("goes back and serves again when the new release's install.sh fails", () => {
    sandbox.publish("2.0.0", { failingInstall: true });
    const run = deploy(WEB, "2.0.0");
    assert.notEqual(run.status, 0);
    assert.equal(run.current, "1.0.0");
    assert.match(run.stdout, /release 2\.0\.0: install\.sh failed/);
    assert.match(run.stdout, /is back on 1\.0\.0/);
    const routineCalls = run.calls.filter((call) => !call.startsWith("journalctl "));
    assert.equal(routineCalls.at(-1)?.includes("describe-target-health"), true, "it ends in its target group, healthy");
  });

  it("when killed mid-deploy (Run Command's cancel or timeout) joins its target group again, and marks itself Unhealthy if it does not serve", () => {
    const run = deploy(WEB, "2.0.0", { BAD_RELEASES: "2.0.0 1.0.0", KILL_ON_RESTART: "1" });
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /before it served again: joining and checking it/);
    assert.ok(
      run.calls.some((call) => call.startsWith("aws elbv2 register-targets")),
      run.calls.join(" | "),
    );
    assert.ok(run.calls.some((call) => call.includes("set-instance-health --instance-id i-0123456789abcdef0 --health-status Unhealthy")));
  });

  it("prints what the journal holds and the routine's status after ten seconds when the routine was killed outright", () => {
    const run = deploy(WEB, "2.0.0", { UNIT_KILLED: "1" });
    assert.equal(run.status, 137);
    assert.equal(run.stdout, "half a deploy\n");
    assert.equal(run.calls.filter((call) => call === "sleep 0.5").length, 20);
  });

  it("when stopped because its instance is leaving (scale-in, shutdown), does not join its target group again", () => {
    const run = deploy(WEB, "2.0.0", { KILL_ON_RESTART: "1", LEAVING_STATE: "Terminated" });
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /which is Terminated: not joining again/);
    assert.equal(at(run.calls, "elbv2 register-targets"), -1, run.calls.join(" | "));
    assert.equal(at(run.calls, "set-instance-health"), -1);
  });

  it("does nothing on an instance that is not in service (warm, or leaving): it installs the pointer's release when it starts", () => {
    const run = deploy(WEB, "2.0.0", { LIFECYCLE_STATE: "Warmed:Running" });
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /is Warmed:Running, not in service/);
    assert.equal(run.current, "1.0.0");
    assert.equal(at(run.calls, "elbv2"), -1);
  });

  it("does nothing on an instance that already runs the release", () => {
    sandbox.publish("1.0.0");
    const run = deploy(WEB, "1.0.0");
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /already runs 1\.0\.0/);
    assert.ok(at(run.calls, "ec2 create-tags --resources i-0123456789abcdef0 --tags Key=platform:release,Value=1.0.0") >= 0, "its tag is written again");
    assert.equal(at(run.calls, "deregister-targets"), -1);
    assert.equal(at(run.calls, "s3 cp"), -1);
  });

  it("restarts an instance already on the release when asked, out of its target group and back", () => {
    const run = sandbox.run((sandbox.write("/etc/platform/deploy.env", deployFactsFile(WEB) + "\n"), deployScript("1.0.0", "yes")));
    assert.equal(run.status, 0, run.stdout);
    const order = ["deregister-targets", "install 1.0.0 web", "systemctl restart platform-web.service", "elbv2 register-targets"].map((step) =>
      at(run.calls, step),
    );
    assert.ok(order.every((p) => p >= 0) && order.join() === [...order].sort((a, b) => a - b).join(), run.calls.join(" | "));
  });

  it("keeps the three newest releases unpacked after each deploy, and leaves no routine file behind", () => {
    for (const version of ["3.0.0", "4.0.0"]) sandbox.publish(version);
    for (const version of ["2.0.0", "3.0.0", "4.0.0"]) assert.equal(deploy(WEB, version).status, 0, version);
    const releases = () => fs.readdirSync(path.join(sandbox.dir, "opt/releases")).sort();
    assert.deepEqual(releases(), ["2.0.0", "3.0.0", "4.0.0"], "1.0.0 is gone");
    assert.deepEqual(
      fs.readdirSync(sandbox.dir).filter((name) => name.startsWith("platform-deploy-")),
      [],
    );
    // Back to 2.0.0, unpacked again, then 5.0.0: the three last run are kept, and a partial download is not one.
    fs.mkdirSync(path.join(sandbox.dir, "opt/releases/9.9.9.partial"));
    assert.equal(deploy(WEB, "2.0.0").status, 0);
    sandbox.publish("5.0.0");
    assert.equal(deploy(WEB, "5.0.0").status, 0);
    assert.deepEqual(releases(), ["2.0.0", "4.0.0", "5.0.0", "9.9.9.partial"]);
  });

  it("restarts a worker with no target group to leave, healthy when its unit stays active", () => {
    sandbox.write("/etc/platform/app.env", "TIER=worker\nRELEASE=1.0.0\n");
    const run = deploy(WORKER, "2.0.0");
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.current, "2.0.0");
    assert.equal(at(run.calls, "elbv2"), -1);
    assert.ok(at(run.calls, "systemctl is-active --quiet platform-worker.service") > at(run.calls, "systemctl restart platform-worker.service"));
  });
});
