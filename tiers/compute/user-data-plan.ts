import { releasePaths } from "./release-plan";

export interface UserDataInput {
  tier: string;
  region: string;
  releaseBucket: string;
  release?: string;
  port: number;
  logGroupPrefix: string;
  /** Values the application reads from its environment file, e.g. QUEUE_URL. */
  environment: Record<string, string>;
  proxyUrl?: string;
  noProxy?: string;
}

const SHELL_SAFE = /^[A-Za-z0-9_.:/@,+=-]*$/;

function quoted(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The boot script of a tier: proxy settings, the CloudWatch agent, then the release named in config
 * (or the one `releases/current` points to) downloaded, unpacked and started as a systemd unit.
 */
export function renderUserData(input: UserDataInput): string {
  const env: Record<string, string> = { TIER: input.tier, PORT: String(input.port), AWS_REGION: input.region, ...input.environment };
  if (input.proxyUrl) Object.assign(env, { HTTP_PROXY: input.proxyUrl, HTTPS_PROXY: input.proxyUrl, NO_PROXY: input.noProxy ?? "" });
  const proxy = input.proxyUrl
    ? [
        `export HTTP_PROXY=${quoted(input.proxyUrl)} HTTPS_PROXY=${quoted(input.proxyUrl)} NO_PROXY=${quoted(input.noProxy ?? "")}`,
        `echo "proxy=${input.proxyUrl}" >> /etc/dnf/dnf.conf`,
      ]
    : [];
  const release = input.release
    ? `RELEASE=${quoted(input.release)}`
    : `RELEASE="$(aws s3 cp s3://${input.releaseBucket}/${releasePaths.current} - | tr -d '[:space:]')"`;
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    `export AWS_REGION=${quoted(input.region)}`,
    ...proxy,
    "dnf install -y amazon-cloudwatch-agent",
    "cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<'JSON'",
    JSON.stringify({
      agent: { region: input.region },
      logs: {
        logs_collected: {
          files: {
            collect_list: [{ file_path: "/var/log/platform/*.log", log_group_name: `${input.logGroupPrefix}${input.tier}`, log_stream_name: "{instance_id}" }],
          },
        },
      },
      metrics: {
        append_dimensions: { AutoScalingGroupName: "${aws:AutoScalingGroupName}" },
        metrics_collected: { mem: { measurement: ["mem_used_percent"] } },
      },
    }),
    "JSON",
    "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json",
    release,
    `aws s3 cp "s3://${input.releaseBucket}/releases/$RELEASE/app.tar.gz" /tmp/app.tar.gz`,
    'mkdir -p "/opt/platform/$RELEASE" /etc/platform /var/log/platform',
    'tar -xzf /tmp/app.tar.gz -C "/opt/platform/$RELEASE"',
    'ln -sfn "/opt/platform/$RELEASE" /opt/platform/current',
    "cat > /etc/platform/app.env <<'ENV'",
    ...Object.entries(env).map(([key, value]) => `${key}=${value}`),
    "ENV",
    'echo "RELEASE=$RELEASE" >> /etc/platform/app.env',
    `/opt/platform/current/install.sh ${quoted(input.tier)}`,
    `systemctl enable --now platform-${input.tier}.service`,
    "",
  ].join("\n");
}
