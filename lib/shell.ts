/** Pieces of the boot scripts' bash, written once. */

const SHELL_SAFE = /^[A-Za-z0-9_.:/@,+=-]*$/;

/** A value as one single-quoted shell word, whatever printable characters it holds. */
export function quotedWord(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A value as one shell word: as it is when it needs no quoting, else single-quoted. */
export function shellWord(value: string): string {
  return SHELL_SAFE.test(value) ? value : quotedWord(value);
}

/** A bash function `retry <command...>`: up to `attempts` tries, `pauseSeconds` apart, each failure said on stderr. */
export function retryFunction(attempts: number, pauseSeconds: number): string {
  return [
    "retry() {",
    "  local attempt",
    `  for attempt in $(seq ${attempts}); do`,
    '    "$@" && return 0',
    `    echo "attempt $attempt of ${attempts} failed: $*" >&2`,
    `    [ "$attempt" -lt ${attempts} ] && sleep ${pauseSeconds}`,
    "  done",
    "  return 1",
    "}",
  ].join("\n");
}

/**
 * Bytes of a Run Command step's stdout that GetCommandInvocation returns: the first 24,000 (SSM API reference,
 * StandardOutputContent, says characters; the agent reads through an io.LimitReader, so bytes; stderr keeps 8,000).
 * A script prints at most RUN_COMMAND_KEPT_BYTES, the end of its text, so that what is returned is the latest part
 * with room for the marker that says so.
 */
export const RUN_COMMAND_KEPT_BYTES = 23000;

/** A bash function `print_last`: its stdin as it is, or, when longer than Run Command returns, a marker and its end. */
export function printLastFunction(): string {
  const kept = RUN_COMMAND_KEPT_BYTES;
  return [
    "print_last() {",
    // In the C locale bash counts and cuts bytes, as the agent does (a UTF-8 character at the cut may be split).
    "  local LC_ALL=C text",
    "  text=$(cat)",
    `  if [ "\${#text}" -gt ${kept} ]; then`,
    `    echo "[the first $((\${#text} - ${kept})) bytes are left out: Run Command returns 24,000]"`,
    `    text=\${text: -${kept}}`,
    "  fi",
    `  printf '%s\\n' "$text"`,
    "}",
  ].join("\n");
}
