import { retryFunction } from "../../lib/shell";
import { BOOTED_FILE, deployFunctions, READ_FACTS, READ_INSTANCE_ID, TAKE_LOCK } from "./deploy-routine-plan";
import { RELEASE_DOWNLOAD_ATTEMPTS } from "./release-plan";

/** Where the boot installs the pointer's release from, and the unit that runs it again at every start. */
export const POINTER_INSTALLER = "/usr/local/sbin/platform-release";
export const POINTER_UNIT = "/etc/systemd/system/platform-release.service";

/** The EXIT trap lines that mark the instance Unhealthy when a script fails, so Auto Scaling replaces it. */
export function reportFailure(what: string): string[] {
  return [
    'instance="${instance:-}"',
    "report_failure() {",
    "  local status=$?",
    '  [ "$status" -eq 0 ] && return 0',
    `  [ -n "$instance" ] || { echo "${what} failed with status $status before the instance id was known" >&2; return 0; }`,
    `  echo "${what} failed with status $status: marking $instance Unhealthy" >&2`,
    '  aws autoscaling set-instance-health --instance-id "$instance" --health-status Unhealthy --no-should-respect-grace-period ||',
    '    echo "could not mark $instance Unhealthy; Auto Scaling keeps it until its health check fails" >&2',
    "}",
    "trap report_failure EXIT",
  ];
}

/**
 * The pointer installer: installs the release the group's pointer names unless it runs already, then reads the pointer
 * again (a release may have moved it meanwhile). The boot runs it, and its unit at every later start, so a warm-pool
 * instance that starts after a release serves that release (user data runs only on the first boot). Auto Scaling
 * registers the instance in its target group as it puts it in service, not after a reboot: a later start that finds it
 * in service but unregistered (a deploy it cut short had left it out) registers it; the first boot leaves that alone.
 */
export function pointerInstaller(): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    ...READ_FACTS,
    ...reportFailure("installing the pointer's release"),
    ...READ_INSTANCE_ID,
    retryFunction(RELEASE_DOWNLOAD_ATTEMPTS, 15),
    deployFunctions(),
    "rejoin_if_left_out() {",
    `  [ -f ${BOOTED_FILE} ] && [ -n "\${TARGET_GROUP_ARN:-}" ] || return 0`,
    '  [ "$(lifecycle_state)" = InService ] && [ "$(target_state)" = unused ] || return 0',
    '  echo "$instance is in service but not in its target group: registering it" >&2',
    '  aws elbv2 register-targets --target-group-arn "$TARGET_GROUP_ARN" --targets "Id=$instance" ||',
    '    echo "could not register $instance: replace it with npm run instances -- terminate" >&2',
    "}",
    ...TAKE_LOCK,
    "for pass in 1 2 3; do",
    '  release=$(retry aws ssm get-parameter --name "$RELEASE_POINTER" --query Parameter.Value --output text) ||',
    '    { echo "no release in $RELEASE_POINTER (platform:release): nothing to install; npm run release -- <version> sets one" >&2; exit 1; }',
    // Tagged again when this start installed nothing: a tag an earlier install could not write is written now.
    '  if [ "$(current_release)" = "$release" ]; then',
    '    [ "$pass" -gt 1 ] || tag_release "$release"',
    "    rejoin_if_left_out",
    "    exit 0",
    "  fi",
    '  fetch_release "$release"',
    '  switch_to "$release"',
    "  prune_releases",
    "done",
    'echo "$RELEASE_POINTER kept moving while $instance installed it" >&2',
    "exit 1",
    "",
  ].join("\n");
}

/** The unit that runs the pointer installer at every start, before the tier's own unit. */
export function pointerUnit(tier: string): string {
  return [
    "[Unit]",
    "Description=Install the release the group's pointer names",
    "Wants=network-online.target",
    "After=network-online.target",
    `Before=platform-${tier}.service`,
    "",
    "[Service]",
    "Type=oneshot",
    "Environment=PLATFORM_AT_BOOT=1",
    `ExecStart=${POINTER_INSTALLER}`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}
