import { strict as assert } from "assert";
import { allowedDomainProblems, noProxyList, renderCloudWatchAgentConfig, renderSquidConfig, renderUserData } from "../../tiers/proxy/squid-config-plan";
import { networkOutTargetBytesPerMinute, proxyLogPolicy } from "../../tiers/proxy/proxy-plan";

const settings = { port: 3128, vpcCidr: "10.0.0.0/16", allowedDomains: [".amazonaws.com", "api.partner.example"] };

function lines(config: string): string[] {
  return config.split("\n").filter((line) => line.trim() !== "");
}

describe("proxy config: squid.conf", () => {
  const config = lines(renderSquidConfig(settings));
  const access = config.filter((line) => line.startsWith("http_access"));

  it("listens on the proxy port and defines its clients as the VPC only", () => {
    assert.ok(config.includes("http_port 3128"));
    assert.ok(config.includes("acl vpc_clients src 10.0.0.0/16"));
  });

  it("allows exactly the allowlisted domains, matched by name without reverse lookups", () => {
    assert.deepEqual(
      config.filter((line) => line.includes("dstdomain")),
      ["acl allowed_domains dstdomain -n .amazonaws.com api.partner.example"],
    );
  });

  it("denies foreign clients and other domains first, then allows only CONNECT to 443 and plain HTTP to 80, then denies everything else", () => {
    assert.deepEqual(access, [
      "http_access deny !vpc_clients",
      "http_access deny !allowed_domains",
      "http_access allow CONNECT tls_port",
      "http_access allow !CONNECT plain_http plain_port",
      "http_access deny all",
    ]);
    assert.ok(config.includes("acl tls_port port 443"));
    assert.ok(config.includes("acl plain_port port 80"));
    assert.ok(config.includes("acl CONNECT method CONNECT"));
  });

  it("has no allow rule without the domain and client checks before it", () => {
    const firstAllow = access.findIndex((line) => line.includes(" allow "));
    assert.ok(access.indexOf("http_access deny !vpc_clients") < firstAllow);
    assert.ok(access.indexOf("http_access deny !allowed_domains") < firstAllow);
    assert.equal(access.filter((line) => line.includes(" allow ")).length, 2);
  });

  it("caches nothing and logs every request to the file the agent ships", () => {
    assert.ok(config.includes("cache deny all"));
    assert.ok(config.includes("access_log stdio:/var/log/squid/access.log squid"));
  });
});

describe("proxy config: user data and logs", () => {
  const script = renderUserData(settings, "/platform-prod/proxy");

  it("installs Squid and the CloudWatch agent, writes and checks squid.conf, then starts both", () => {
    assert.match(script, /^#!\/bin\/bash\nset -euo pipefail\n/);
    assert.match(script, /dnf install -y squid amazon-cloudwatch-agent/);
    assert.ok(script.includes(renderSquidConfig(settings)));
    const order = ["cat > /etc/squid/squid.conf", "squid -k parse", "systemctl enable --now squid", "amazon-cloudwatch-agent-ctl -a fetch-config"];
    const positions = order.map((step) => script.indexOf(step));
    assert.ok(positions.every((p) => p >= 0));
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
    );
  });

  it("ships both Squid logs to the proxy's log group, a stream per instance", () => {
    const agent = JSON.parse(renderCloudWatchAgentConfig("/platform-prod/proxy"));
    const files = agent.logs.logs_collected.files.collect_list;
    assert.deepEqual(
      files.map((f: { file_path: string }) => f.file_path),
      ["/var/log/squid/access.log", "/var/log/squid/cache.log"],
    );
    for (const file of files) {
      assert.equal(file.log_group_name, "/platform-prod/proxy");
      assert.match(file.log_stream_name, /^\{instance_id\}\//);
    }
  });

  it("lets instances write their own log group and nothing else", () => {
    const arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/platform-prod/proxy";
    const policy = proxyLogPolicy(arn) as { Statement: { Action: string[]; Resource: string[] }[] };
    assert.equal(policy.Statement.length, 1);
    assert.deepEqual(policy.Statement[0].Resource, [arn, `${arn}:*`]);
    for (const action of policy.Statement[0].Action) assert.match(action, /^logs:(CreateLogStream|PutLogEvents|DescribeLogStreams)$/);
  });
});

describe("proxy config: allowlist, NO_PROXY and sizing", () => {
  for (const [domains, expected] of [
    [[".amazonaws.com", "api.stripe.com"], []],
    [["Example.com"], [/"Example.com" is no domain/]],
    [["*.example.com"], [/"\*\.example\.com" is no domain/]],
    [["example"], [/"example" is no domain/]],
    [["-bad.example.com"], [/is no domain/]],
    [[".example.com", "api.example.com"], [/"api.example.com" is already covered by ".example.com"/]],
    [[".example.com", "example.com"], [/"example.com" is already covered by ".example.com"/]],
    [["a.example.com", "a.example.com"], [/listed twice/]],
  ] as [string[], RegExp[]][]) {
    it(`${JSON.stringify(domains)}: ${expected.length === 0 ? "accepted" : "rejected"}`, () => {
      const problems = allowedDomainProblems(domains);
      assert.equal(problems.length, expected.length, problems.join("; "));
      expected.forEach((pattern, i) => assert.match(problems[i], pattern));
    });
  }

  it("keeps metadata, the VPC, the internal zone and every endpoint service off the proxy", () => {
    const list = noProxyList({
      region: "eu-west-1",
      vpcCidr: "10.0.0.0/16",
      internalZoneName: "prod.platform.internal",
      interfaceEndpoints: ["ssm", "ecr.api", "ecr.dkr"],
    }).split(",");
    assert.deepEqual(list, [
      "169.254.169.254",
      "169.254.170.2",
      "10.0.0.0/16",
      "prod.platform.internal",
      "ssm.eu-west-1.amazonaws.com",
      "api.ecr.eu-west-1.amazonaws.com",
      "dkr.ecr.eu-west-1.amazonaws.com",
      "s3.eu-west-1.amazonaws.com",
      "dynamodb.eu-west-1.amazonaws.com",
    ]);
  });

  for (const [mbps, bytes] of [
    [1, 7_500_000],
    [300, 2_250_000_000],
  ]) {
    it(`turns ${mbps} Mbit/s into ${bytes} bytes per one-minute NetworkOut period`, () => assert.equal(networkOutTargetBytesPerMinute(mbps), bytes));
  }
});
