import { proxyEnvironment } from "../../lib/proxy-environment";
import { retryFunction, shellWord } from "../../lib/shell";

export interface UserDataInput {
  /** The tier the instance serves: web or worker (the systemd unit is platform-<tier>). */
  tier: string;
  region: string;
  /** The shared stack's release bucket. */
  releaseBucket: string;
  /** The release to install; undefined when none is pinned, and the script then refuses to boot (the group has no capacity). */
  release: string | undefined;
  /** The port the application listens on. */
  port: number;
  /** Log groups' name prefix, e.g. /platform-prod/; the tier logs to <prefix><tier>. */
  logGroupPrefix: string;
  /** Values the application reads from its environment file, e.g. QUEUE_URL. */
  environment: Record<string, string>;
  /** The egress proxy's URL, e.g. http://proxy.internal:3128. Default: no proxy. */
  proxyUrl?: string;
  /** What is reached around the proxy, comma separated (noProxyList). */
  noProxy?: string;
}

/** Attempts of each download before the boot gives up: a new instance may boot before its proxy route works. */
export const BOOT_DOWNLOAD_ATTEMPTS = 5;
const AGENT_DIR = "/opt/aws/amazon-cloudwatch-agent";

/** The CloudWatch agent's configuration: the tier's log files, and memory use by Auto Scaling group. */
export function agentConfiguration(input: Pick<UserDataInput, "region" | "logGroupPrefix" | "tier">): object {
  return {
    agent: { region: input.region },
    logs: {
      logs_collected: {
        files: {
          collect_list: [{ file_path: "/var/log/platform/*.log", log_group_name: `${input.logGroupPrefix}${input.tier}`, log_stream_name: "{instance_id}" }],
        },
      },
    },
    metrics: {
      // Resolved by the agent with ec2:DescribeTags, through the VPC's ec2 endpoint (listed in no_proxy).
      append_dimensions: { AutoScalingGroupName: "${aws:AutoScalingGroupName}" },
      metrics_collected: { mem: { measurement: ["mem_used_percent"] } },
    },
  };
}

/**
 * The agent's own proxy settings (CloudWatch agent guide, "common-config.toml"): `fetch-config` would
 * otherwise copy HTTPS_PROXY from the shell but miss the upper-case NO_PROXY, and send its calls to the
 * metadata service and to the VPC endpoints through the proxy.
 */
export function agentProxyToml(proxyUrl: string, noProxy: string): string {
  return [
    "[proxy]",
    `  http_proxy = ${JSON.stringify(proxyUrl)}`,
    `  https_proxy = ${JSON.stringify(proxyUrl)}`,
    `  no_proxy = ${JSON.stringify(noProxy)}`,
    "",
  ].join("\n");
}

/**
 * The boot script of a tier: proxy settings, the CloudWatch agent, then the pinned release downloaded,
 * unpacked and started as a systemd unit. Any failing step ends the script, and its EXIT trap marks the
 * instance Unhealthy at once (not waiting out the grace period), so Auto Scaling replaces it instead of
 * keeping, under EC2 health checks, a worker that never started.
 */
export function renderUserData(input: UserDataInput): string {
  const proxyVariables = input.proxyUrl ? proxyEnvironment(input.proxyUrl, input.noProxy ?? "") : {};
  const env: Record<string, string> = { TIER: input.tier, PORT: String(input.port), AWS_REGION: input.region, ...input.environment, ...proxyVariables };
  const proxy = input.proxyUrl
    ? [
        `export ${Object.entries(proxyVariables)
          .map(([key, value]) => `${key}=${shellWord(value)}`)
          .join(" ")}`,
        `echo "proxy=${input.proxyUrl}" >> /etc/dnf/dnf.conf`,
      ]
    : [];
  const agentProxy = input.proxyUrl ? [`cat > ${AGENT_DIR}/etc/common-config.toml <<'TOML'`, agentProxyToml(input.proxyUrl, input.noProxy ?? "") + "TOML"] : [];
  const release = input.release
    ? [`RELEASE=${shellWord(input.release)}`]
    : ['echo "no release is pinned (platform:release): nothing to install; npm run release -- --version <v> sets one" >&2', "exit 1"];
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    `export AWS_REGION=${shellWord(input.region)}`,
    ...proxy,
    'instance=""',
    "report_failed_boot() {",
    "  local status=$?",
    '  [ "$status" -eq 0 ] && return 0',
    '  [ -n "$instance" ] || { echo "boot failed with status $status before the instance id was known" >&2; return 0; }',
    '  echo "boot failed with status $status: marking $instance Unhealthy" >&2',
    '  aws autoscaling set-instance-health --instance-id "$instance" --health-status Unhealthy --no-should-respect-grace-period ||',
    '    echo "could not mark $instance Unhealthy; Auto Scaling keeps it until its health check fails" >&2',
    "}",
    "trap report_failed_boot EXIT",
    'token=$(curl -fsS --noproxy "*" -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
    'instance=$(curl -fsS --noproxy "*" -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)',
    retryFunction(BOOT_DOWNLOAD_ATTEMPTS, 15),
    ...release,
    "retry dnf install -y amazon-cloudwatch-agent",
    `mkdir -p ${AGENT_DIR}/etc`,
    ...agentProxy,
    `cat > ${AGENT_DIR}/etc/amazon-cloudwatch-agent.json <<'JSON'`,
    JSON.stringify(agentConfiguration(input)),
    "JSON",
    `${AGENT_DIR}/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${AGENT_DIR}/etc/amazon-cloudwatch-agent.json`,
    `retry aws s3 cp --only-show-errors "s3://${input.releaseBucket}/releases/$RELEASE/app.tar.gz" /tmp/app.tar.gz`,
    'mkdir -p "/opt/platform/$RELEASE" /etc/platform /var/log/platform',
    'tar -xzf /tmp/app.tar.gz -C "/opt/platform/$RELEASE"',
    'ln -sfn "/opt/platform/$RELEASE" /opt/platform/current',
    "cat > /etc/platform/app.env <<'ENV'",
    ...Object.entries(env).map(([key, value]) => `${key}=${value}`),
    "ENV",
    'echo "RELEASE=$RELEASE" >> /etc/platform/app.env',
    `/opt/platform/current/install.sh ${shellWord(input.tier)}`,
    `systemctl enable --now platform-${input.tier}.service`,
    "",
  ].join("\n");
}
