import { strict as assert } from "assert";
import { execFile } from "child_process";
import { PROJECT_DIR } from "../../config/stack-files";

/** The files a fresh process has loaded after requiring one module, as `npm run` loads it (ts-node, transpile only). */
function loadedBy(module: string): Promise<string[]> {
  const program = `require(${JSON.stringify(module)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", program], { cwd: PROJECT_DIR }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as string[]),
    );
  });
}

describe("scripts: the deploy order comes from config alone", function () {
  // A fresh Node process compiling TypeScript: seconds when the machine is idle, far more when it is not.
  this.timeout(180000);

  for (const module of ["./scripts/pulumi/stack-references", "./scripts/deploy"]) {
    it(`${module} loads neither @pulumi/aws nor the stack programs`, async () => {
      const loaded = await loadedBy(module);
      assert.ok(
        loaded.some((file) => file.endsWith("config/references.ts")),
        "the stack references were read through config/references.ts",
      );
      assert.deepEqual(
        loaded.filter((file) => file.includes("/node_modules/@pulumi/aws/")),
        [],
      );
      assert.deepEqual(
        loaded.filter((file) => file.startsWith(`${PROJECT_DIR}/stacks/`) || file === `${PROJECT_DIR}/index.ts`),
        [],
      );
    });
  }
});
