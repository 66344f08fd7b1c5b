/** A release is a path segment of the release bucket and a git tag: no slashes, no "..". */
export const RELEASE_VERSION = /^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.)){0,63}$/;

/**
 * Where releases live in the shared release bucket: `releases/<version>/app.tar.gz` and beside it
 * `app.tar.gz.sha256`, whose first word is the archive's SHA-256 in hex (what `sha256sum app.tar.gz` prints).
 */
export const releasePaths = {
  artifact: (version: string) => `releases/${version}/app.tar.gz`,
  checksum: (version: string) => `releases/${version}/app.tar.gz.sha256`,
};

/**
 * The SSM parameter naming the release an Auto Scaling group runs (its `current` pointer): written by the program
 * from platform:release (or platform:beta.release for web-beta), read by each instance at boot and by nothing else.
 */
export function releasePointerName(namePrefix: string, groupPart: string): string {
  return `/${namePrefix}/release/${groupPart}`;
}

/** Attempts of each download before a boot or a deploy gives up: a new instance may boot before its proxy route works. */
export const RELEASE_DOWNLOAD_ATTEMPTS = 5;

/** The instance tag each instance writes with the release it installed and started, read by the formation. */
export const RELEASE_TAG_KEY = "platform:release";
