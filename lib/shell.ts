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
