/** Where releases live in the shared release bucket. */
export const releasePaths = {
  artifact: (version: string) => `releases/${version}/app.tar.gz`,
};
