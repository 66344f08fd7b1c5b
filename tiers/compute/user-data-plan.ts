import { proxyEnvironment } from "../../lib/proxy-environment";
import { retryFunction, shellWord } from "../../lib/shell";
import {
  APP_ENV_FILE,
  BOOTED_FILE,
  DEPLOY_FACTS_FILE,
  deployFactsFile,
  PLATFORM_DIR,
  READ_FACTS,
  READ_INSTANCE_ID,
  TAKE_LOCK,
  type DeployFacts,
} from "./deploy-routine-plan";
import { POINTER_INSTALLER, POINTER_UNIT, pointerInstaller, pointerUnit, reportFailure } from "./pointer-installer-plan";
import { RELEASE_DOWNLOAD_ATTEMPTS } from "./release-plan";

export interface UserDataInput {
  /** The tier the instance serves: web or worker (the systemd unit is platform-<tier>). */
  tier: "web" | "worker";
  region: string;
  /** The shared stack's release bucket. */
  releaseBucket: string;
  /** The SSM parameter naming the release the group runs (releasePointerName); the script installs what it says at boot. */
  releasePointer: string;
  /** The web tier's target group and its timings, for the deploy routine (DeployFacts.targetGroup). Default: none (worker). */
  targetGroup?: DeployFacts["targetGroup"];
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
 * The boot script of a tier: proxy settings, the CloudWatch agent, then the release its group's pointer names,
 * installed by the deploy routine (deploy-routine-plan.ts) the deploy document also runs. The script holds no
 * release, so a release changes no launch template. Any failing step ends the script, and its EXIT trap marks
 * the instance Unhealthy at once (not waiting out the grace period), so Auto Scaling replaces it instead of
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
  const facts = deployFactsFile({
    tier: input.tier,
    region: input.region,
    releaseBucket: input.releaseBucket,
    releasePointer: input.releasePointer,
    targetGroup: input.targetGroup,
    proxy: input.proxyUrl ? proxyVariables : undefined,
  });
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    `export AWS_REGION=${shellWord(input.region)}`,
    ...proxy,
    ...reportFailure("boot"),
    ...READ_INSTANCE_ID,
    // Held until the boot ends: a deploy that reaches the instance meanwhile waits (the installer inherits it).
    ...TAKE_LOCK,
    `mkdir -p ${PLATFORM_DIR}/releases /etc/platform /var/log/platform`,
    `cat > ${DEPLOY_FACTS_FILE} <<'FACTS'`,
    facts,
    "FACTS",
    ...READ_FACTS,
    retryFunction(RELEASE_DOWNLOAD_ATTEMPTS, 15),
    "retry dnf install -y amazon-cloudwatch-agent",
    `mkdir -p ${AGENT_DIR}/etc`,
    ...agentProxy,
    `cat > ${AGENT_DIR}/etc/amazon-cloudwatch-agent.json <<'JSON'`,
    JSON.stringify(agentConfiguration(input)),
    "JSON",
    `${AGENT_DIR}/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${AGENT_DIR}/etc/amazon-cloudwatch-agent.json`,
    `cat > ${APP_ENV_FILE} <<'ENV'`,
    ...Object.entries(env).map(([key, value]) => `${key}=${value}`),
    "ENV",
    `cat > ${POINTER_INSTALLER} <<'INSTALLER'`,
    pointerInstaller() + "INSTALLER",
    `chmod 755 ${POINTER_INSTALLER}`,
    `cat > ${POINTER_UNIT} <<'UNIT'`,
    pointerUnit(input.tier) + "UNIT",
    "systemctl daemon-reload",
    "systemctl enable platform-release.service",
    // The load balancer's health check admits a web instance; Auto Scaling registers it once it is in service.
    POINTER_INSTALLER,
    `touch ${BOOTED_FILE}`,
    "",
  ].join("\n");
}
