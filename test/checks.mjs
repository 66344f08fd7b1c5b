// npm test: the type-check and lint, the format check and the mocha suite, run side by side on the machine's cores
// (each is one process on one core; run one after another they took the sum of their times), the longest first.
// Each one's output is printed whole when it ends; the run fails when any of them fails.
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import process from "node:process";

const CHECKS = [
  ["mocha", "ts-mocha"],
  // tsc --noEmit and eslint . over one TypeScript program, which each would otherwise build.
  ["types and lint", "node test/types-and-lint.mjs"],
  ["prettier", "prettier --check --log-level warn ."],
];

function run([name, command]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, { shell: true, stdio: ["ignore", "pipe", "pipe"] });
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    child.on("close", (code) => {
      process.stdout.write(Buffer.concat(output));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`${code === 0 ? "ok" : "FAILED"}: ${name} (${command}) in ${seconds} s\n`);
      resolve(code === 0);
    });
  });
}

const queue = [...CHECKS];
const slots = Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
  let ok = true;
  for (let check = queue.shift(); check; check = queue.shift()) ok = (await run(check)) && ok;
  return ok;
});
const results = await Promise.all(slots);
process.exitCode = results.every(Boolean) ? 0 : 1;
