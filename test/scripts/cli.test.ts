import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { PROJECT_DIR } from "../../config/stack-files";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a script as `npm run` does (ts-node, transpile only), in its own process. */
function script(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", path.join("scripts", `${name}.ts`), ...args],
      { cwd: PROJECT_DIR, env },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("scripts: command lines", () => {
  const helps: [string, string[], RegExp][] = [
    ["deploy", ["--help"], /--env <stack>[\s\S]*--yes[\s\S]*--preview-only/],
    ["env", ["--help"], /create[\s\S]*destroy[\s\S]*list/],
    ["release", ["--help"], /<version>[\s\S]*--env <stack>/],
    ["rollback", ["--help"], /--env <stack>[\s\S]*--to <version>/],
    ["loadtest", ["run", "--help"], /--mirror <stack>[\s\S]*--duration <duration>[\s\S]*--keep/],
    ["instances", ["--help"], /list[\s\S]*terminate[\s\S]*refresh[\s\S]*restart/],
  ];
  let helpResults: Promise<Result[]>;
  let missingCli: Promise<Result>;

  // The processes run side by side, which keeps this under a few seconds.
  before(() => {
    helpResults = Promise.all(helps.map(([name, args]) => script(name, args)));
    // Only node's own directory on PATH: no pulumi binary to find.
    missingCli = script("rollback", ["--env", "prod", "--yes"], { ...process.env, PATH: path.dirname(process.execPath) });
  });

  it("each script's --help runs and describes its options", async () => {
    (await helpResults).forEach((result, i) => {
      assert.equal(result.code, 0, `${helps[i][0]} ${helps[i][1].join(" ")}: ${result.stderr}`);
      assert.match(result.stdout, helps[i][2]);
    });
  });

  it("says how to install the Pulumi CLI when it is missing, without a stack trace, and exits non-zero", async () => {
    const result = await missingCli;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /The Pulumi CLI was not found/);
    assert.match(result.stderr, /https:\/\/www\.pulumi\.com\/docs\/iac\/download-install\//);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
    assert.equal(result.stdout, "");
  });
});
