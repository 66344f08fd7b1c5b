import { execFileSync } from "child_process";
import { performance } from "perf_hooks";
import { Command } from "commander";
import { evaluateStack } from "./evaluate";

const STACKS = ["shared", "dev", "prod", "load-test"];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Time to require the SDKs in a new Node process, less that process's own start-up. */
function packageLoadMs(): number {
  const time = (script: string) => {
    const start = performance.now();
    execFileSync(process.execPath, ["-e", script], { cwd: __dirname });
    return performance.now() - start;
  };
  return time('require("@pulumi/pulumi"); require("@pulumi/aws")') - time("");
}

const program = new Command("bench")
  .description("Evaluate every stack several times offline; print resource counts and median evaluation times.")
  .option("-r, --runs <n>", "evaluations per stack", "5")
  .action(async (options: { runs: string }) => {
    const runs = Math.max(1, Number(options.runs));
    console.log(`Loading @pulumi/pulumi and @pulumi/aws alone, in a fresh process: ${packageLoadMs().toFixed(0)} ms`);
    console.log(`${"stack".padEnd(10)} ${"resources".padStart(9)} ${"median ms".padStart(10)}  (over ${runs} runs; referenced stacks are evaluated too)`);
    for (const stack of STACKS) {
      const times: number[] = [];
      let count = 0;
      for (let run = 0; run < runs; run++) {
        const start = performance.now();
        const evaluation = await evaluateStack(stack);
        times.push(performance.now() - start);
        count = evaluation.resources.filter((r) => r.custom).length;
      }
      console.log(`${stack.padEnd(10)} ${String(count).padStart(9)} ${median(times).toFixed(0).padStart(10)}`);
    }
  });

program.parseAsync().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
