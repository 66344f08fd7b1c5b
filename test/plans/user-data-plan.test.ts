import { strict as assert } from "assert";
import { agentProxyToml, renderUserData, type UserDataInput } from "../../tiers/compute/user-data-plan";
import { existsSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { InstanceSandbox } from "../support/instance-sandbox";

describe("instance boot script", () => {
  const base: UserDataInput = {
    tier: "web",
    region: "eu-west-1",
    releaseBucket: "rel",
    releasePointer: "/p/release/web",
    port: 8080,
    logGroupPrefix: "/p/",
    environment: { QUEUE_URL: "https://q" },
  };
  const proxied = { ...base, proxyUrl: "http://proxy.internal:3128", noProxy: "169.254.169.254,.internal" };

  it("installs the agent, then the release its group's pointer names, with the deploy routine", () => {
    const script = renderUserData(base);
    assert.match(script, /^#!\/bin\/bash\nset -euo pipefail/);
    assert.match(script, /retry dnf install -y amazon-cloudwatch-agent/);
    assert.match(script, /^ {2}release=\$\(retry aws ssm get-parameter --name "\$RELEASE_POINTER" --query Parameter\.Value --output text\)/m);
    assert.match(script, /^RELEASE_POINTER=\/p\/release\/web$/m);
    assert.match(script, /^systemctl enable platform-release\.service\n\/usr\/local\/sbin\/platform-release$/m, "the installer now and at every start");
    assert.match(script, /^Before=platform-web\.service$/m);
    assert.match(script, /QUEUE_URL=https:\/\/q/);
    assert.doesNotMatch(script, /_PROXY=|_proxy=|common-config/);
  });

  it("holds no release, so a release changes no launch template", () => {
    assert.doesNotMatch(renderUserData(base), /1\.4\.2|RELEASE=[0-9]/);
  });

  describe("run against stubs", () => {
    let sandbox: InstanceSandbox;
    beforeEach(() => (sandbox = new InstanceSandbox()));
    afterEach(() => sandbox.remove());

    it("boots to serving the pointer's release, leaving target group registration to Auto Scaling", () => {
      sandbox.publish("2.0.0");
      sandbox.pointer("2.0.0");
      const run = sandbox.run(renderUserData(base));
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.current, "2.0.0");
      assert.match(run.appEnv, /^QUEUE_URL=https:\/\/q$/m);
      assert.match(run.appEnv, /^RELEASE=2\.0\.0$/m);
      assert.ok(run.calls.includes("aws ssm get-parameter --name /p/release/web --query Parameter.Value --output text"));
      assert.ok(run.calls.includes("systemctl restart platform-web.service"));
      assert.equal(run.calls.filter((call) => call.includes("elbv2")).length, 0);
      assert.ok(run.calls.includes("aws ec2 create-tags --resources i-0123456789abcdef0 --tags Key=platform:release,Value=2.0.0"), run.calls.join(" | "));
    });

    it("installs at a later start (a warm-pool instance) the release a deploy moved the pointer to meanwhile", () => {
      sandbox.publish("2.0.0");
      sandbox.pointer("2.0.0");
      assert.equal(sandbox.run(renderUserData(base)).status, 0);
      sandbox.publish("2.1.0");
      sandbox.pointer("2.1.0");
      const installer = readFileSync(path.join(sandbox.dir, "platform-release"), "utf8");
      // As its unit runs it: ordered before the tier's unit, which a restart would wait on forever.
      const start = sandbox.run(installer, { PLATFORM_AT_BOOT: "1" });
      assert.equal(start.status, 0, start.stderr);
      assert.equal(start.current, "2.1.0");
      assert.ok(!start.calls.some((call) => call.startsWith("systemctl restart")), start.calls.join(" | "));
      assert.ok(
        start.calls.some((call) => call.endsWith("Key=platform:release,Value=2.1.0")),
        "the tag follows the release a start installs",
      );
      assert.match(renderUserData(base), /^Environment=PLATFORM_AT_BOOT=1$/m);
      const again = sandbox.run(installer);
      assert.equal(again.calls.filter((call) => call.includes("s3 cp")).length, 0, "a start on the pointer's release installs nothing");
      assert.deepEqual(
        again.calls.filter((call) => call.includes("create-tags")).map((call) => call.split("Value=")[1]),
        ["2.1.0"],
        "and tags it once, in case an earlier tag could not be written",
      );
      assert.equal(start.calls.filter((call) => call.includes("create-tags")).length, 1, "a start that installs tags once");
    });

    it("joins its target group again at a later start (a reboot) that finds it in service but left out, never at the first boot", () => {
      const web = {
        ...base,
        targetGroup: {
          arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/p-web/abc",
          healthUrl: "http://127.0.0.1:8080/healthz",
          drainSeconds: 20,
          healthySeconds: 10,
        },
      };
      sandbox.publish("2.0.0");
      sandbox.pointer("2.0.0");
      writeFileSync(path.join(sandbox.dir, "target"), "unused\n");
      const boot = sandbox.run(renderUserData(web));
      assert.equal(boot.status, 0, boot.stderr);
      assert.equal(boot.calls.filter((call) => call.includes("elbv2")).length, 0, "the first boot leaves it to Auto Scaling");
      assert.ok(existsSync(path.join(sandbox.dir, "etc/booted")));
      const installer = readFileSync(path.join(sandbox.dir, "platform-release"), "utf8");
      const reboot = sandbox.run(installer, { PLATFORM_AT_BOOT: "1" });
      assert.equal(reboot.status, 0, reboot.stderr);
      assert.match(reboot.stderr, /in service but not in its target group: registering it/);
      assert.ok(
        reboot.calls.some((call) => call.startsWith(`aws elbv2 register-targets --target-group-arn ${web.targetGroup.arn} --targets Id=i-0123456789abcdef0`)),
      );
      const again = sandbox.run(installer, { PLATFORM_AT_BOOT: "1" });
      assert.equal(again.calls.filter((call) => call.includes("register-targets")).length, 0, "one already in its target group is left be");
    });

    it("refuses to boot, says why and marks itself Unhealthy, when the pointer names no release", () => {
      const run = sandbox.run(renderUserData(base));
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /no release in \/p\/release\/web \(platform:release\): nothing to install/);
      assert.equal(run.calls.filter((call) => call.includes("s3 cp")).length, 0);
      assert.ok(
        run.calls.includes("aws autoscaling set-instance-health --instance-id i-0123456789abcdef0 --health-status Unhealthy --no-should-respect-grace-period"),
      );
    });
  });

  it("marks the instance Unhealthy from its EXIT trap when a step fails, not waiting out the grace period", () => {
    const script = renderUserData(base);
    assert.match(script, /^trap report_failure EXIT$/m);
    assert.match(script, /aws autoscaling set-instance-health --instance-id "\$instance" --health-status Unhealthy --no-should-respect-grace-period/);
    assert.ok(script.indexOf("trap report_failure EXIT") < script.indexOf("dnf install"), "the trap is set before the first step that can fail");
  });

  it("gives every client the proxy in both cases, and the CloudWatch agent its own proxy file with no_proxy", () => {
    const script = renderUserData(proxied);
    for (const key of ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"])
      assert.match(script, new RegExp(`^export .*\\b${key}=http://proxy.internal:3128\\b`, "m"));
    for (const key of ["NO_PROXY", "no_proxy"]) assert.match(script, new RegExp(`^export .*\\b${key}=169.254.169.254,.internal\\b`, "m"));
    assert.match(script, /^no_proxy=169\.254\.169\.254,\.internal$/m, "the application's environment file has it too");
    assert.ok(
      script.includes(`cat > /opt/aws/amazon-cloudwatch-agent/etc/common-config.toml <<'TOML'\n${agentProxyToml(proxied.proxyUrl, proxied.noProxy)}TOML\n`),
    );
    assert.ok(script.indexOf("common-config.toml") < script.indexOf("-a fetch-config"), "the agent's proxy file exists before it is configured");
    assert.match(script, /curl -fsS --noproxy "\*" -X PUT http:\/\/169\.254\.169\.254\/latest\/api\/token/);
  });

  it("writes the agent's proxy file as the agent reads it: a [proxy] table of quoted strings", () => {
    assert.equal(
      agentProxyToml("http://proxy.internal:3128", "169.254.169.254,10.0.0.0/16"),
      '[proxy]\n  http_proxy = "http://proxy.internal:3128"\n  https_proxy = "http://proxy.internal:3128"\n  no_proxy = "169.254.169.254,10.0.0.0/16"\n',
    );
  });
});
