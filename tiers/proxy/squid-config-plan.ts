/** What the proxy instances are told: where they listen, whom they serve, where they may go, where they log. */
export interface ProxySettings {
  port: number;
  /** The only clients the proxy serves. */
  vpcCidr: string;
  /** Squid dstdomain entries: `.example.com` is the domain and its subdomains, `api.example.com` that host only. */
  allowedDomains: string[];
}

/** Where the CloudWatch agent reads and writes. */
export const SQUID_ACCESS_LOG = "/var/log/squid/access.log";
export const SQUID_CACHE_LOG = "/var/log/squid/cache.log";
const AGENT_CONFIG = "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json";

/**
 * squid.conf of a forward proxy that serves only the VPC, and only CONNECT to 443 and plain HTTP
 * to 80 for allowlisted domains. Squid stops at the first http_access line that matches, so every
 * deny comes before the two allows, and the last line denies whatever is left.
 */
export function renderSquidConfig({ port, vpcCidr, allowedDomains }: ProxySettings): string {
  return [
    `http_port ${port}`,
    "",
    `acl vpc_clients src ${vpcCidr}`,
    // -n: match the name in the request only; a reverse lookup of a bare IP (any EC2 address is *.amazonaws.com) must not pass.
    `acl allowed_domains dstdomain -n ${allowedDomains.join(" ")}`,
    "acl tls_port port 443",
    "acl plain_port port 80",
    "acl plain_http proto HTTP",
    "acl CONNECT method CONNECT",
    "",
    "http_access deny !vpc_clients",
    "http_access deny !allowed_domains",
    "http_access allow CONNECT tls_port",
    "http_access allow !CONNECT plain_http plain_port",
    "http_access deny all",
    "",
    // A pure egress proxy: nothing is cached, and clients' addresses do not leave the VPC.
    "cache deny all",
    "forwarded_for delete",
    "via off",
    `access_log stdio:${SQUID_ACCESS_LOG} squid`,
    `cache_log ${SQUID_CACHE_LOG}`,
    // Shorter than the target group's deregistration delay, so a draining proxy stops before it is cut off.
    "shutdown_lifetime 20 seconds",
    "",
  ].join("\n");
}

/** CloudWatch agent configuration that ships Squid's access and cache logs, one stream per instance and file. */
export function renderCloudWatchAgentConfig(logGroupName: string): string {
  const collect = (file: string, stream: string) => ({ file_path: file, log_group_name: logGroupName, log_stream_name: `{instance_id}/${stream}` });
  return JSON.stringify(
    {
      // Squid's log directory is readable by root and squid only.
      agent: { run_as_user: "root" },
      logs: { logs_collected: { files: { collect_list: [collect(SQUID_ACCESS_LOG, "access"), collect(SQUID_CACHE_LOG, "cache")] } } },
    },
    null,
    2,
  );
}

/**
 * Boot script of a proxy instance: installs Squid and the CloudWatch agent from the Amazon Linux
 * repositories, writes both configurations, checks Squid's before starting it, and starts both.
 */
export function renderUserData(settings: ProxySettings, logGroupName: string): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "dnf install -y squid amazon-cloudwatch-agent",
    "cat > /etc/squid/squid.conf <<'SQUID_CONF'",
    renderSquidConfig(settings) + "SQUID_CONF",
    "squid -k parse",
    `cat > ${AGENT_CONFIG} <<'AGENT_CONF'`,
    renderCloudWatchAgentConfig(logGroupName),
    "AGENT_CONF",
    "systemctl enable --now squid",
    `/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${AGENT_CONFIG}`,
    "",
  ].join("\n");
}

/** Host names under which an interface endpoint's private DNS answers, for a NO_PROXY list. */
export function endpointHostName(region: string, service: string): string {
  // ECR's endpoints are named api.ecr.<region> and <registry>.dkr.ecr.<region>, not <service>.<region>.
  if (service === "ecr.api") return `api.ecr.${region}.amazonaws.com`;
  if (service === "ecr.dkr") return `dkr.ecr.${region}.amazonaws.com`;
  return `${service}.${region}.amazonaws.com`;
}

export interface NoProxyScope {
  region: string;
  vpcCidr: string;
  internalZoneName: string;
  /** Interface endpoint services of the VPC (ssm, logs, ecr.api, ...). */
  interfaceEndpoints: string[];
}

/**
 * What clients reach directly rather than through the proxy: instance metadata, the ECS task metadata and
 * credentials endpoint (169.254.170.2, which the ECS proxy guide lists beside it), the VPC, its private zone,
 * and the AWS APIs that have a VPC endpoint (S3 and DynamoDB through their gateway endpoints).
 * Entries without a leading dot: curl, Go and Python's requests all match them as a domain and its subdomains.
 */
export function noProxyList({ region, vpcCidr, internalZoneName, interfaceEndpoints }: NoProxyScope): string {
  const endpoints = [...interfaceEndpoints, "s3", "dynamodb"].map((service) => endpointHostName(region, service));
  return ["169.254.169.254", "169.254.170.2", vpcCidr, internalZoneName, ...endpoints].join(",");
}

// A DNS name in lower case, optionally with Squid's leading dot for "and its subdomains".
const ALLOWED_DOMAIN = /^\.?(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Problems of a Squid dstdomain allowlist: each entry a lower-case domain, and none covered by another,
 * since Squid ignores, with a warning, an entry inside another (api.example.com beside .example.com).
 */
export function allowedDomainProblems(domains: string[]): string[] {
  const problems = domains
    .filter((domain) => !ALLOWED_DOMAIN.test(domain))
    .map((domain) => `"${domain}" is no domain (expected lower-case names such as .amazonaws.com or api.example.com)`);
  const covers = (wide: string, narrow: string) => wide.startsWith(".") && (narrow === wide.slice(1) || narrow.endsWith(wide));
  domains.forEach((domain, i) => {
    if (domains.indexOf(domain) !== i) problems.push(`"${domain}" is listed twice`);
    const cover = domains.find((other) => other !== domain && covers(other, domain));
    if (cover) problems.push(`"${domain}" is already covered by "${cover}"`);
  });
  return problems;
}
