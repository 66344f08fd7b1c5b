/** Where releases live in the shared release bucket. */
export const releasePaths = {
  current: "releases/current",
  artifact: (version: string) => `releases/${version}/app.tar.gz`,
};
