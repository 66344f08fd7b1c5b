import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as path from "path";

const PACK_DIR = path.resolve(__dirname, "..", "..", "policy");
// A guard against a pack that never starts, not a speed target: a loaded two-core machine takes seconds, not minutes.
const LOAD_TIMEOUT_MS = 240_000;

/**
 * Loads the pack as the engine does, in its own directory, in a child process: constructing a
 * PolicyPack checks the pack and starts the analyzer server, which prints its port, or exits on an
 * invalid pack. Resolves with the port; the child is always killed.
 */
function servePack(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "index.ts"], {
      cwd: PACK_DIR,
      env: { ...process.env, TS_NODE_PROJECT: path.join(PACK_DIR, "tsconfig.json") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      outcome();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`the pack did not start within ${LOAD_TIMEOUT_MS} ms; stderr: ${stderr}`))), LOAD_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /^(\d+)\s*$/m.exec(stdout);
      if (port) finish(() => resolve(Number(port[1])));
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => finish(() => reject(error)));
    child.on("exit", (code) => finish(() => reject(new Error(`the pack exited with code ${code} before serving; stderr: ${stderr}`))));
  });
}

describe("policy pack", () => {
  it("loads under @pulumi/policy and serves the analyzer", async function () {
    this.timeout(LOAD_TIMEOUT_MS + 5000);
    const port = await servePack();
    assert.ok(port > 0 && port < 65536, `port ${port}`);
  });
});
