import { shellWord } from "../../lib/shell";
import { RELEASE_TAG_KEY, releasePaths } from "./release-plan";

/** Where releases are unpacked, one directory each, and the `current` link the tier's unit runs from. */
export const PLATFORM_DIR = "/opt/platform";
/** The instance's own facts, written at boot, read by the boot script and by every run of the deploy document. */
export const DEPLOY_FACTS_FILE = "/etc/platform/deploy.env";
/** Written when the first boot has ended: a later start (a reboot, a warm instance's start) finds it. */
export const BOOTED_FILE = "/etc/platform/booted";
/** The application's environment file; the routine keeps its RELEASE line. */
export const APP_ENV_FILE = "/etc/platform/app.env";
/** Held by the boot and by each deploy, so a deploy that reaches a booting instance waits for its boot to finish. */
const LOCK_FILE = "/run/platform-deploy.lock";
/** Seconds a deploy waits for a boot or another deploy holding the lock. */
const LOCK_WAIT_SECONDS = 900;

/** What an instance knows about itself to deploy a release, written once at boot into DEPLOY_FACTS_FILE. */
export interface DeployFacts {
  /** web or worker; the systemd unit is platform-<tier>. */
  tier: "web" | "worker";
  region: string;
  /** The shared stack's release bucket. */
  releaseBucket: string;
  /** The SSM parameter naming the release this instance's group runs (releasePointerName). */
  releasePointer: string;
  /**
   * The web tier's target group, which the instance leaves while it restarts and joins again once healthy, and
   * its local health URL. Default: none, a worker, which has no target group and counts as healthy when its unit is active.
   */
  targetGroup?: {
    arn: string;
    /** e.g. http://127.0.0.1:8080/healthz, asked directly, never through the proxy. */
    healthUrl: string;
    /** Seconds the target group drains a leaving target (its deregistration delay). */
    drainSeconds: number;
    /** Seconds the load balancer takes to call a joining target healthy: interval x healthy threshold. */
    healthySeconds: number;
  };
  /** Proxy variables (proxyEnvironment) every AWS call of the routine goes through. Default: none. */
  proxy?: Record<string, string>;
}

/** Releases an instance keeps unpacked, newest first (the one it runs always among them): room to go back, not a full disk. */
export const KEPT_RELEASES = 3;

/** Seconds of slack over the target group's own timings before the routine calls a drain or a join failed. */
// Target registration latency is not documented for ALBs (NLBs are reported at 90-180 s,
// kubernetes-sigs/aws-load-balancer-controller#1834): two minutes before a join counts as failed.
const TARGET_WAIT_SLACK_SECONDS = 120;
/** Local health checks after a restart, LOCAL_HEALTH_PAUSE_SECONDS apart, before the release counts as failed. */
export const LOCAL_HEALTH_ATTEMPTS = 30;
export const LOCAL_HEALTH_PAUSE_SECONDS = 2;
/** Checks in a row a worker's unit must be active at, as it has no health URL (a unit that crashes at start fails them). */
export const WORKER_ACTIVE_CHECKS = 3;
/** Seconds between the routine's looks at its target's state while it drains or joins. */
export const TARGET_POLL_SECONDS = 5;

/** The facts file's lines, KEY=value with shell quoting where needed. */
export function deployFactsFile(facts: DeployFacts): string {
  const values: Record<string, string> = {
    TIER: facts.tier,
    AWS_REGION: facts.region,
    RELEASE_BUCKET: facts.releaseBucket,
    RELEASE_POINTER: facts.releasePointer,
    ...(facts.targetGroup
      ? {
          TARGET_GROUP_ARN: facts.targetGroup.arn,
          HEALTH_URL: facts.targetGroup.healthUrl,
          DRAIN_WAIT_SECONDS: String(facts.targetGroup.drainSeconds + TARGET_WAIT_SLACK_SECONDS),
          HEALTHY_WAIT_SECONDS: String(facts.targetGroup.healthySeconds + TARGET_WAIT_SLACK_SECONDS),
        }
      : {}),
    ...facts.proxy,
  };
  return Object.entries(values)
    .map(([key, value]) => `${key}=${shellWord(value)}`)
    .join("\n");
}

/** The lines that read the facts file into the environment of the script and of every command it runs. */
export const READ_FACTS = ["set -a", `. ${DEPLOY_FACTS_FILE}`, "set +a"];

/** The instance id from IMDSv2 into `instance`, never through the proxy. */
export const READ_INSTANCE_ID = [
  'token=$(curl -fsS --noproxy "*" -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
  'instance=$(curl -fsS --noproxy "*" -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)',
];

/**
 * A bash function `lifecycle_state`: the state Auto Scaling is taking the instance to (IMDS
 * autoscaling/target-lifecycle-state: InService, Terminated, Warmed:Stopped...), or `unknown`. A fresh token each
 * time, as a deploy may outlast the one its script started with; never through the proxy.
 */
export const LIFECYCLE_STATE_FUNCTION = [
  "lifecycle_state() {",
  "  local token",
  '  token=$(curl -fsS --noproxy "*" -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60") || { echo unknown; return 0; }',
  '  curl -fsS --noproxy "*" -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/autoscaling/target-lifecycle-state || echo unknown',
  "}",
].join("\n");

/** Takes the deploy lock on file descriptor 9 (opened unless inherited from the boot, which holds it), or fails after LOCK_WAIT_SECONDS. */
export const TAKE_LOCK = [
  `{ true >&9; } 2>/dev/null || exec 9>${LOCK_FILE}`,
  `flock -w ${LOCK_WAIT_SECONDS} 9 || { echo "another boot or deploy holds ${LOCK_FILE} after ${LOCK_WAIT_SECONDS} s" >&2; exit 1; }`,
];

/**
 * The bash functions of the deploy routine, the same text in the boot script and in the deploy document (one copy):
 * - `fetch_release R`: download R and its SHA-256, verify it, unpack it beside the running release;
 * - `switch_to R`: point `current` at R in one rename, install it and restart the tier's unit;
 * - `locally_healthy`: the tier answers its health URL on this instance (web) or its unit stays active (worker);
 * - `leave_target_group` / `join_target_group`: deregister and wait out the drain, register and wait until healthy;
 * - `deploy_release R`: all of it on a serving instance, going back to the previous release when R is not healthy;
 * - `prune_releases`: removes unpacked releases beyond the KEPT_RELEASES newest, never the one running.
 * They expect the facts in the environment, `instance` set, and `retry` defined.
 */
export function deployFunctions(): string {
  const artifact = `s3://$RELEASE_BUCKET/${releasePaths.artifact("$1")}`;
  const checksum = `s3://$RELEASE_BUCKET/${releasePaths.checksum("$1")}`;
  return [
    "current_release() {",
    `  [ -L ${PLATFORM_DIR}/current ] || return 0`,
    `  basename "$(readlink ${PLATFORM_DIR}/current)"`,
    "}",
    "fetch_release() {",
    `  local dir="${PLATFORM_DIR}/releases/$1" work expected actual`,
    '  [ -f "$dir/.complete" ] && return 0',
    "  work=$(mktemp -d) || return 1",
    `  retry aws s3 cp --only-show-errors "${artifact}" "$work/app.tar.gz" || { rm -rf "$work"; return 1; }`,
    `  retry aws s3 cp --only-show-errors "${checksum}" "$work/app.tar.gz.sha256" || { rm -rf "$work"; return 1; }`,
    "  expected=$(cut -d ' ' -f 1 \"$work/app.tar.gz.sha256\")",
    "  actual=$(sha256sum \"$work/app.tar.gz\" | cut -d ' ' -f 1)",
    '  if [ "$expected" != "$actual" ]; then',
    '    echo "release $1: app.tar.gz has SHA-256 $actual, its app.tar.gz.sha256 says $expected: not installed" >&2',
    '    rm -rf "$work"',
    "    return 1",
    "  fi",
    '  rm -rf "$dir.partial" && mkdir -p "$dir.partial" && tar -xzf "$work/app.tar.gz" -C "$dir.partial" || { rm -rf "$work"; return 1; }',
    '  rm -rf "$work" "$dir" && mv "$dir.partial" "$dir" && touch "$dir/.complete"',
    "}",
    "switch_to() {",
    // Each step says its own failure: a caller in an `if` runs the function without set -e.
    // Touched, so that a release already on disk counts as the newest for prune_releases.
    `  touch "${PLATFORM_DIR}/releases/$1" && ln -sfn "${PLATFORM_DIR}/releases/$1" ${PLATFORM_DIR}/current.next || return 1`,
    `  mv -T ${PLATFORM_DIR}/current.next ${PLATFORM_DIR}/current || return 1`,
    `  { sed -i '/^RELEASE=/d' ${APP_ENV_FILE} && echo "RELEASE=$1" >> ${APP_ENV_FILE}; } || return 1`,
    `  ${PLATFORM_DIR}/current/install.sh "$TIER" || { echo "release $1: install.sh failed" >&2; return 1; }`,
    '  systemctl enable "platform-$TIER.service" || return 1',
    // Under the release unit at a start, the tier's unit starts next: a restart now would wait for this unit forever.
    '  if [ "${PLATFORM_AT_BOOT:-}" != 1 ]; then',
    '    systemctl restart "platform-$TIER.service" || { echo "release $1: platform-$TIER did not restart" >&2; return 1; }',
    "  fi",
    '  tag_release "$1"',
    "}",
    // The formation (npm run instances -- list, the console) reads each instance's release from this tag. A tag that
    // cannot be written leaves the release serving and says so: the formation then shows the release as unknown.
    "tag_release() {",
    `  aws ec2 create-tags --resources "$instance" --tags "Key=${RELEASE_TAG_KEY},Value=$1" ||`,
    `    echo "could not tag $instance ${RELEASE_TAG_KEY}=$1: the formation shows its release as unknown" >&2`,
    "  return 0",
    "}",
    // Release names are plain shell words (the document's pattern), so the list splits safely.
    "prune_releases() {",
    "  local old",
    `  for old in $(ls -1t ${PLATFORM_DIR}/releases | grep -v '[.]partial$' | tail -n +${KEPT_RELEASES + 1}); do`,
    `    [ "$old" = "$(current_release)" ] || rm -rf "${PLATFORM_DIR}/releases/$old"`,
    "  done",
    "  return 0",
    "}",
    "locally_healthy() {",
    "  local attempt",
    `  for attempt in $(seq ${LOCAL_HEALTH_ATTEMPTS}); do`,
    `    sleep ${LOCAL_HEALTH_PAUSE_SECONDS}`,
    '    if [ -n "${HEALTH_URL:-}" ]; then',
    '      curl -fsS --noproxy "*" --max-time 2 -o /dev/null "$HEALTH_URL" && return 0',
    "    else",
    '      systemctl is-active --quiet "platform-$TIER.service" && [ "$attempt" -ge ' + `${WORKER_ACTIVE_CHECKS}` + " ] && return 0",
    "    fi",
    "  done",
    '  echo "platform-$TIER on $instance is not healthy after ' + `${LOCAL_HEALTH_ATTEMPTS * LOCAL_HEALTH_PAUSE_SECONDS}` + ' s" >&2',
    "  return 1",
    "}",
    "target_state() {",
    '  aws elbv2 describe-target-health --target-group-arn "$TARGET_GROUP_ARN" --targets "Id=$instance" \\',
    "    --query 'TargetHealthDescriptions[0].TargetHealth.State' --output text || true",
    "}",
    "wait_for_target() {",
    "  local deadline=$((SECONDS + $2))",
    '  until [ "$(target_state)" = "$1" ]; do',
    '    [ "$SECONDS" -lt "$deadline" ] || { echo "$instance is not $1 in its target group after $2 s" >&2; return 1; }',
    `    sleep ${TARGET_POLL_SECONDS}`,
    "  done",
    "}",
    "leave_target_group() {",
    '  [ -n "${TARGET_GROUP_ARN:-}" ] || return 0',
    '  aws elbv2 deregister-targets --target-group-arn "$TARGET_GROUP_ARN" --targets "Id=$instance" || return 1',
    '  wait_for_target unused "$DRAIN_WAIT_SECONDS"',
    "}",
    "join_target_group() {",
    '  [ -n "${TARGET_GROUP_ARN:-}" ] || return 0',
    '  aws elbv2 register-targets --target-group-arn "$TARGET_GROUP_ARN" --targets "Id=$instance" || return 1',
    '  wait_for_target healthy "$HEALTHY_WAIT_SECONDS"',
    "}",
    // IN_FLIGHT is 1 from leaving the target group until the instance serves again, for the script's EXIT trap.
    "deploy_release() {",
    "  local previous",
    "  previous=$(current_release)",
    '  if [ "$previous" = "$1" ] && [ "${RESTART:-no}" != yes ]; then echo "$instance already runs $1"; tag_release "$1"; return 0; fi',
    // A restart of the running release is the same cycle: out of the target group, restart, health, back in.
    '  [ "$previous" = "$1" ] && previous=""',
    '  fetch_release "$1" || return 1',
    "  IN_FLIGHT=1",
    "  if ! leave_target_group; then",
    '    echo "$instance did not drain: joining its target group again, on ${previous:-none}" >&2',
    "    join_target_group || true",
    "    IN_FLIGHT=0",
    "    return 1",
    "  fi",
    '  if switch_to "$1" && locally_healthy && join_target_group; then',
    "    IN_FLIGHT=0",
    '    echo "$instance runs $1 (was ${previous:-none})"',
    "    prune_releases",
    "    return 0",
    "  fi",
    '  echo "release $1 is not healthy on $instance: going back to ${previous:-none}" >&2',
    '  if [ -n "$previous" ]; then',
    "    leave_target_group || true",
    '    if switch_to "$previous" && locally_healthy && join_target_group; then',
    "      IN_FLIGHT=0",
    '      echo "$instance is back on $previous" >&2',
    "    else",
    '      echo "$instance is not healthy on $previous either" >&2',
    "    fi",
    "  fi",
    "  return 1",
    "}",
    // Killed part-way (a timeout, a cancel) or failed beyond its rollback: an instance that does not serve is replaced.
    LIFECYCLE_STATE_FUNCTION,
    "end_of_deploy() {",
    "  local status=$? state",
    '  [ "${IN_FLIGHT:-0}" = 1 ] || return 0',
    // Stopped because Auto Scaling takes the instance out (its target state Terminated, Detached, Standby: EC2 Auto
    // Scaling guide, "Retrieve the target lifecycle state through instance metadata"): joining again would send it traffic.
    "  state=$(lifecycle_state)",
    '  case "$state" in InService | unknown) ;; *) echo "deploy ended with status $status on $instance, which is $state: not joining again" >&2; return 0 ;; esac',
    '  echo "deploy ended with status $status on $instance before it served again: joining and checking it" >&2',
    "  join_target_group || true",
    "  if ! locally_healthy; then",
    '    echo "$instance does not serve: marking it Unhealthy, Auto Scaling replaces it from the pointer" >&2',
    '    aws autoscaling set-instance-health --instance-id "$instance" --health-status Unhealthy --no-should-respect-grace-period || true',
    "  fi",
    "}",
  ].join("\n");
}
