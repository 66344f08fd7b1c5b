import { printLastFunction } from "../../lib/shell";
import { DEPLOY_FACTS_FILE } from "./deploy-routine-plan";

/** The logs an instance can be asked for, by name: what each shows. */
export const INSTANCE_LOGS = {
  app: "the application's own files, /var/log/platform/*.log (what the CloudWatch agent ships)",
  unit: "the tier's systemd unit, platform-<tier>.service, from the journal",
  release: "the release installs: the pointer unit at each start and every deploy routine run, from the journal",
  boot: "the first boot's user data, /var/log/cloud-init-output.log",
} as const;
export type InstanceLog = keyof typeof INSTANCE_LOGS;
export const INSTANCE_LOG_NAMES = Object.keys(INSTANCE_LOGS) as InstanceLog[];

/**
 * Lines a log request may ask for: 200 lines of ~120 characters fill what Run Command returns of a step's output
 * (RUN_COMMAND_KEPT_BYTES); longer lines are cut from the start by print_last, which says so.
 */
export const MAX_LOG_LINES = 200;
export const DEFAULT_LOG_LINES = 50;
/** Seconds the logs document's step may run on an instance. */
export const LOGS_STEP_TIMEOUT_SECONDS = 60;
const LINES_PATTERN = "^([1-9][0-9]?|1[0-9][0-9]|200)$";

/** The script of the logs document; SSM substitutes `{{ Log }}` and `{{ Lines }}`, each checked by its parameter's rule. */
export function logsScript(): string {
  const journal = `journalctl --no-pager --output short-iso --lines "$lines"`;
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    `[ -f ${DEPLOY_FACTS_FILE} ] || { echo "no ${DEPLOY_FACTS_FILE}: this instance has not finished its boot" >&2; exit 1; }`,
    "set -a",
    `. ${DEPLOY_FACTS_FILE}`,
    "set +a",
    'lines="{{ Lines }}"',
    printLastFunction(),
    "shopt -s nullglob",
    "files=(/var/log/platform/*.log)",
    // Each branch's stderr joins its stdout: Run Command returns only 8,000 characters of stderr.
    'case "{{ Log }}" in',
    "  app)",
    '    [ "${#files[@]}" -gt 0 ] || { echo "no /var/log/platform/*.log on this instance" >&2; exit 1; }',
    '    tail --lines "$lines" "${files[@]}" 2>&1 | print_last ;;',
    `  unit) ${journal} --unit "platform-$TIER.service" 2>&1 | print_last ;;`,
    `  release) ${journal} --unit platform-release.service --unit "platform-deploy-*" 2>&1 | print_last ;;`,
    '  boot) tail --lines "$lines" /var/log/cloud-init-output.log 2>&1 | print_last ;;',
    "esac",
    "",
  ].join("\n");
}

/** The logs document's content (SSM Command document, schema 2.2): a named log's last lines, read only. */
export function logsDocumentContent(): object {
  return {
    schemaVersion: "2.2",
    description: "Prints the last lines of one of this instance's logs, by name; changes nothing.",
    parameters: {
      Log: { type: "String", description: "Which log.", allowedValues: INSTANCE_LOG_NAMES },
      Lines: {
        type: "String",
        description: `How many of its last lines, 1-${MAX_LOG_LINES}.`,
        allowedPattern: LINES_PATTERN,
        default: String(DEFAULT_LOG_LINES),
      },
    },
    mainSteps: [
      { action: "aws:runShellScript", name: "printLog", inputs: { timeoutSeconds: String(LOGS_STEP_TIMEOUT_SECONDS), runCommand: logsScript().split("\n") } },
    ],
  };
}
