import { strict as assert } from "assert";
import { agentProxyToml, renderUserData } from "../../tiers/compute/user-data-plan";

describe("instance boot script", () => {
  const base = {
    tier: "web",
    region: "eu-west-1",
    releaseBucket: "rel",
    release: "1.4.2",
    port: 8080,
    logGroupPrefix: "/p/",
    environment: { QUEUE_URL: "https://q" },
  };
  const proxied = { ...base, proxyUrl: "http://proxy.internal:3128", noProxy: "169.254.169.254,.internal" };

  it("installs the agent, fetches the pinned release and starts the tier", () => {
    const script = renderUserData(base);
    assert.match(script, /^#!\/bin\/bash\nset -euo pipefail/);
    assert.match(script, /retry dnf install -y amazon-cloudwatch-agent/);
    assert.match(script, /RELEASE=1\.4\.2/);
    assert.match(script, /retry aws s3 cp --only-show-errors "s3:\/\/rel\/releases\/\$RELEASE\/app\.tar\.gz"/);
    assert.match(script, /QUEUE_URL=https:\/\/q/);
    assert.match(script, /systemctl enable --now platform-web\.service$/m);
    assert.doesNotMatch(script, /_PROXY=|_proxy=|common-config/);
    assert.doesNotMatch(script, /releases\/current/);
  });

  it("refuses to boot, and says why, when no release is pinned", () => {
    const script = renderUserData({ ...base, release: undefined });
    assert.match(script, /no release is pinned \(platform:release\)/);
    const lines = script.split("\n");
    assert.ok(lines.indexOf("exit 1") < lines.findIndex((line) => line.includes("s3 cp")), "exits before any download");
  });

  it("marks the instance Unhealthy from its EXIT trap when a step fails, not waiting out the grace period", () => {
    const script = renderUserData(base);
    assert.match(script, /^trap report_failed_boot EXIT$/m);
    assert.match(script, /aws autoscaling set-instance-health --instance-id "\$instance" --health-status Unhealthy --no-should-respect-grace-period/);
    assert.ok(script.indexOf("trap report_failed_boot EXIT") < script.indexOf("dnf install"), "the trap is set before the first step that can fail");
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
