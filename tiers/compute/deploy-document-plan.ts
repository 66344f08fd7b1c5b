import { printLastFunction, retryFunction } from "../../lib/shell";
import { DEPLOY_FACTS_FILE, deployFunctions, LIFECYCLE_STATE_FUNCTION, READ_FACTS, READ_INSTANCE_ID, TAKE_LOCK } from "./deploy-routine-plan";
import { RELEASE_DOWNLOAD_ATTEMPTS, RELEASE_VERSION } from "./release-plan";

/** Where the document writes the routine it runs, one file per run. */
const ROUTINE_FILE = "/run/platform-deploy-$$.sh";
/** The routine's last line, from its EXIT trap: the document prints the journal once it holds it. */
export const ROUTINE_END = "-- end of the deploy routine --";
/** Looks at the journal for ROUTINE_END, half a second apart: a routine killed outright never writes it. */
const JOURNAL_LOOKS = 20;

/**
 * The routine the document runs on one instance, as its own script: `$1` the release, `$2` yes to restart one already
 * on it. Its EXIT trap joins the target group again, or marks the instance Unhealthy, when it ends before serving.
 */
function routineScript(): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    `trap 'echo "${ROUTINE_END}"' EXIT`,
    "export HOME=/root",
    ...READ_INSTANCE_ID,
    // A booting instance holds the lock until its boot is done, facts file written.
    ...TAKE_LOCK,
    `[ -f ${DEPLOY_FACTS_FILE} ] || { echo "no ${DEPLOY_FACTS_FILE}: this instance booted before in-place releases; an instance refresh replaces it" >&2; exit 1; }`,
    ...READ_FACTS,
    retryFunction(RELEASE_DOWNLOAD_ATTEMPTS, 15),
    deployFunctions(),
    "IN_FLIGHT=0",
    `trap 'end_of_deploy; echo "${ROUTINE_END}"' EXIT`,
    "trap 'exit 143' TERM",
    'RESTART="$2"',
    'deploy_release "$1"',
    "",
  ].join("\n");
}

/**
 * The deploy document's script, with the release (and restart) as the document's parameters. It leaves warm and leaving
 * instances be, waits for a booting one's cloud-init, and runs the routine as a transient systemd service: Run Command's
 * cancel and timeout SIGKILL the agent's process group (amazon-ssm-agent, executers_unix.go), which would cut a deploy
 * short with the instance out of its target group; the service finishes (or rolls back) whatever happens to the agent.
 */
export function deployScript(releaseParameter: string, restartParameter = "no"): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    ...READ_INSTANCE_ID,
    // Warm and leaving instances take no deploy: a warm one installs the pointer's release when it starts (user data runs
    // once, so the boot's release unit does it at every start). A pending one has InService as its target and goes on.
    LIFECYCLE_STATE_FUNCTION,
    "state=$(lifecycle_state)",
    'case "$state" in InService | unknown) ;; *) echo "$instance is $state, not in service: it takes the pointer\'s release when it is"; exit 0 ;; esac',
    // The SSM agent is up before a new instance's user data takes the deploy lock.
    "cloud-init status --wait >/dev/null 2>&1 || true",
    `cat > ${ROUTINE_FILE} <<'ROUTINE'`,
    routineScript() + "ROUTINE",
    // The routine writes to the journal, not to the agent's pipe: a pipe would break (and SIGPIPE the routine) when the
    // agent is killed, and the journal is what the logs document's `release` log reads. Run Command gets it at the end.
    'unit="platform-deploy-$(date +%s)-$$"',
    "status=0",
    `systemd-run --wait --collect --quiet --unit="$unit" /bin/bash ${ROUTINE_FILE} ${releaseParameter} ${restartParameter} || status=$?`,
    `rm -f ${ROUTINE_FILE}`,
    printLastFunction(),
    // journald reads a service's stdout on its own time, and systemd 252's journalctl --sync does not wait for it
    // (systemd#32539, fixed in 256): the journal is read once it holds the routine's last line.
    `for look in $(seq ${JOURNAL_LOOKS}); do`,
    `  [ "$(journalctl --no-pager --output cat --unit "$unit" | grep -cxF -- "${ROUTINE_END}" || true)" -gt 0 ] && break`,
    "  sleep 0.5",
    "done",
    'journalctl --no-pager --output cat --unit "$unit" | print_last || true',
    'exit "$status"',
    "",
  ].join("\n");
}

/** The document's parameter, substituted by SSM into the script; its pattern keeps it one plain shell word. */
export const RELEASE_PARAMETER = "{{ Release }}";
/** `yes` cycles an instance already on the release (leave, restart, health, join); `no`, the default, leaves it be. */
export const RESTART_PARAMETER = "{{ Restart }}";
/** Seconds the document's script may run on one instance: a lock wait, downloads with retries, a drain, a restart and a rollback. */
export const DEPLOY_TIMEOUT_SECONDS = 1800;

/** The deploy document's content (SSM Command document, schema 2.2): one shell step, the release as its only parameter. */
export function deployDocumentContent(): object {
  return {
    schemaVersion: "2.2",
    description: "Deploys a release on this instance: download, verify, unpack, switch, restart, check health; back to the previous release on failure.",
    parameters: {
      Release: { type: "String", description: "The release to run, as named in the release bucket, e.g. 1.4.2.", allowedPattern: RELEASE_VERSION.source },
      Restart: {
        type: "String",
        description: "yes: restart an instance that already runs the release, out of its target group.",
        allowedValues: ["no", "yes"],
        default: "no",
      },
    },
    mainSteps: [
      {
        action: "aws:runShellScript",
        name: "deployRelease",
        inputs: { timeoutSeconds: String(DEPLOY_TIMEOUT_SECONDS), runCommand: deployScript(RELEASE_PARAMETER, RESTART_PARAMETER).split("\n") },
      },
    ],
  };
}
