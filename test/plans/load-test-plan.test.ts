import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  defaultGeneratorRegion,
  generatorPolicy,
  generatorSubnets,
  k6Script,
  READINESS_TIMEOUT_SECONDS,
  renderGeneratorUserData,
  type GeneratorUserDataInput,
} from "../../tiers/load-generators/load-generators-plan";

const scenario = { arrivalRate: 20000, rampUp: "15m", duration: "30m", paths: ["/", "/api/catalog"], maxVirtualUsers: 500 };

const boot: GeneratorUserDataInput = {
  k6Version: "1.4.2",
  architecture: "arm64",
  script: "// s\n",
  targetUrl: "https://load-test.example.com/",
  healthCheckPath: "/healthz",
  resultsBucket: "results",
  resultsRegion: "eu-west-1",
  run: "peak",
};

/** Stand-ins for the commands the boot script runs; each logs its call, and fails as the test says. */
const STUBS: Record<string, string> = {
  curl: [
    `case "$*" in`,
    `  *169.254.169.254*token) echo token ;;`,
    `  *169.254.169.254*) echo i-0abc ;;`,
    `  *github.com*) echo "download $*" >> "$CALLS"; n=$(grep -c '^download ' "$CALLS"); [ "$n" -gt "\${DOWNLOAD_FAILURES:-0}" ] && echo build > k6.tar.gz ;;`,
    `  *) echo "health $*" >> "$CALLS"; n=$(grep -c '^health ' "$CALLS"); [ "$n" -gt "\${HEALTH_FAILURES:-0}" ] ;;`,
    `esac`,
  ].join("\n"),
  sha256sum: `echo "sha256sum $* $(cat)" >> "$CALLS"; [ -z "\${BAD_CHECKSUM:-}" ]`,
  tar: `echo "tar $*" >> "$CALLS"; mkdir -p k6-build && touch k6-build/k6`,
  install: `echo "install $*" >> "$CALLS"`,
  sleep: `echo "sleep $*" >> "$CALLS"`,
  k6: `echo "k6 $*" >> "$CALLS"; echo '{}' > summary.json; echo '{}' > metrics.json; echo ran`,
  aws: `echo "aws $*" >> "$CALLS"; case "$*" in *\${FAIL_UPLOAD:-none}*) exit 1 ;; esac`,
};

/** Runs the boot script in a scratch directory with the stubs first on PATH: its exit status and the calls it made. */
function runBoot(input: GeneratorUserDataInput, env: Record<string, string>): { status: number | null; calls: string[]; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "generator-boot-"));
  try {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    for (const [name, body] of Object.entries(STUBS)) fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    const calls = path.join(dir, "calls");
    fs.writeFileSync(calls, "");
    const script = renderGeneratorUserData(input)
      .replaceAll("/opt/load-test", path.join(dir, "work"))
      .replaceAll("/usr/local/bin/k6", path.join(bin, "k6"))
      .replaceAll("/var/log/cloud-init-output.log", path.join(dir, "cloud-init-output.log"));
    fs.writeFileSync(path.join(dir, "cloud-init-output.log"), "boot output\n");
    // No startup files and no socket on stdin: a bash started with SHLVL unset or 0 (a job started with `&`) and a
    // socket as stdin reads ~/.bashrc, which may put other directories (a real aws) before the stubs on PATH.
    const run = spawnSync("bash", ["--norc", "--noprofile", "-c", script], {
      env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, ...env, CALLS: calls },
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
    return { status: run.status, calls: fs.readFileSync(calls, "utf8").trim().split("\n"), stderr: run.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The options object the k6 script declares. */
function optionsOf(script: string) {
  const line = script.split("\n").find((l) => l.startsWith("export const options = "));
  return JSON.parse(String(line).slice("export const options = ".length, -1));
}

describe("load generators plan", () => {
  for (const [target, expected] of [
    ["eu-west-1", "us-east-1"],
    ["ap-southeast-2", "us-east-1"],
    ["us-east-1", "us-west-2"],
  ]) {
    it(`sends load to ${target} from ${expected} unless told otherwise`, () => {
      assert.equal(defaultGeneratorRegion(target), expected);
      assert.notEqual(defaultGeneratorRegion(target), target);
    });
  }

  it("halves the generator VPC into two zones' public subnets", () => {
    assert.deepEqual(generatorSubnets("10.31.0.0/20"), ["10.31.0.0/21", "10.31.8.0/21"]);
    assert.deepEqual(generatorSubnets("172.16.0.0/16"), ["172.16.0.0/17", "172.16.128.0/17"]);
  });

  for (const [generators, perGenerator] of [
    [200, 100],
    [3, 6667],
    [50000, 1],
  ]) {
    it(`splits 20000 requests/s over ${generators} generators as ${perGenerator} each, ramped then held`, () => {
      const load = optionsOf(k6Script(scenario, "https://load-test.example.com/", generators)).scenarios.load;
      assert.equal(load.executor, "ramping-arrival-rate");
      assert.deepEqual(load.stages, [
        { duration: "15m", target: perGenerator },
        { duration: "30m", target: perGenerator },
      ]);
      assert.ok(load.preAllocatedVUs <= load.maxVUs);
    });
  }

  it("requests the configured paths of the target, without a doubled slash", () => {
    const script = k6Script(scenario, "https://load-test.example.com/", 1);
    assert.ok(script.includes('const target = "https://load-test.example.com";'));
    assert.ok(script.includes('const paths = ["/","/api/catalog"];'));
  });

  for (const [architecture, build, sha256] of [
    ["arm64", "k6-v1.4.2-linux-arm64", "0e9515502f80edb562f12c0b12a59085c0b113c6416d728e3c2a9e5a7506cc5c"],
    ["x86_64", "k6-v1.4.2-linux-amd64", "c827501f510265db9c3313e4164d2585a97c7a3485ed440b93f7b1cfe6facd28"],
  ] as const) {
    it(`installs the ${architecture} build of the pinned k6 after checking its SHA-256`, () => {
      const { status, calls, stderr } = runBoot({ ...boot, architecture }, {});
      assert.equal(status, 0, stderr);
      assert.ok(calls.includes(`download -fsSL -o k6.tar.gz https://github.com/grafana/k6/releases/download/v1.4.2/${build}.tar.gz`), calls.join("\n"));
      assert.ok(calls.includes(`sha256sum --check --strict - ${sha256}  k6.tar.gz`), calls.join("\n"));
      const order = ["download ", "sha256sum ", "tar ", "install ", "k6 run"].map((step) => calls.findIndex((c) => c.startsWith(step)));
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        order,
        "downloaded, checked, unpacked, installed, then run",
      );
      assert.ok(!order.includes(-1), calls.join("\n"));
    });
  }

  it("refuses a k6 version whose checksums the project does not hold", () => {
    assert.throws(() => renderGeneratorUserData({ ...boot, k6Version: "1.0.0" }), /k6 1\.0\.0 has no known checksum for arm64/);
  });

  it("runs nothing from a download whose checksum differs, and still uploads the boot log and how it ended", () => {
    const { status, calls } = runBoot(boot, { BAD_CHECKSUM: "1" });
    assert.equal(status, 1);
    assert.ok(!calls.some((c) => c.startsWith("tar ") || c.startsWith("k6 ")));
    assert.deepEqual(
      calls.filter((c) => c.startsWith("aws ")).map((c) => c.split(" ")[6]),
      ["boot.log", "exit-code"],
    );
  });

  it("uploads every result file under the run's prefix, in the bucket's region", () => {
    const userData = renderGeneratorUserData(boot);
    assert.ok(userData.startsWith("#!/bin/bash\nset -euo pipefail\n"));
    assert.ok(userData.includes("cat > scenario.js <<'SCENARIO'\n// s\nSCENARIO\n"));
    assert.ok(userData.includes('prefix="s3://results/load-tests/peak/'));
    const { status, calls, stderr } = runBoot(boot, {});
    assert.equal(status, 0, stderr);
    const uploads = calls.filter((c) => c.startsWith("aws "));
    const files = ["summary.json", "metrics.json.gz", "k6.log", "boot.log", "exit-code"];
    assert.equal(uploads.length, files.length, uploads.join("\n"));
    files.forEach((file, i) =>
      assert.match(
        uploads[i],
        new RegExp(`^aws s3 cp --only-show-errors --region eu-west-1 ${file} s3://results/load-tests/peak/\\d{8}T\\d{6}Z-i-0abc/${file}$`),
      ),
    );
  });

  it("tries every upload when one fails, and still exits non-zero", () => {
    const { status, calls } = runBoot(boot, { FAIL_UPLOAD: "metrics.json.gz" });
    assert.equal(status, 1);
    assert.deepEqual(
      calls.filter((c) => c.startsWith("aws ")).map((c) => c.split(" ")[6]),
      ["summary.json", "metrics.json.gz", "k6.log", "boot.log", "exit-code"],
    );
  });

  it("retries the k6 download while the network is not there yet, and gives up visibly after five tries", () => {
    const flaky = runBoot(boot, { DOWNLOAD_FAILURES: "2" });
    assert.equal(flaky.status, 0);
    assert.equal(flaky.calls.filter((c) => c.startsWith("download ")).length, 3);
    assert.ok(flaky.calls.some((c) => c.startsWith("k6 run")));
    const offline = runBoot(boot, { DOWNLOAD_FAILURES: "100" });
    assert.equal(offline.status, 1);
    assert.equal(offline.calls.filter((c) => c.startsWith("download ")).length, 5);
    assert.ok(!offline.calls.some((c) => c.startsWith("k6 ")));
    assert.deepEqual(
      offline.calls.filter((c) => c.startsWith("aws ")).map((c) => c.split(" ")[6]),
      ["boot.log", "exit-code"],
      "the boot's log and status still reach the bucket",
    );
  });

  it("starts k6 only once the target answers on its health path, and waits a bounded time", () => {
    const { status, calls } = runBoot(boot, { HEALTH_FAILURES: "3" });
    assert.equal(status, 0);
    const health = calls.filter((c) => c.startsWith("health "));
    assert.equal(health.length, 4);
    assert.ok(
      health.every((c) => c.endsWith(" https://load-test.example.com/healthz")),
      health[0],
    );
    assert.ok(calls.findIndex((c) => c.startsWith("k6 run")) > calls.lastIndexOf(health[3]));
    const userData = renderGeneratorUserData(boot);
    assert.ok(userData.includes(`deadline=$((SECONDS + ${READINESS_TIMEOUT_SECONDS}))`));
    assert.ok(READINESS_TIMEOUT_SECONDS > 0 && READINESS_TIMEOUT_SECONDS <= 3600);
  });

  it("quotes the health URL as one shell word, whatever the path holds", () => {
    const { calls } = runBoot({ ...boot, healthCheckPath: "/health?check='deep'&x=$HOME" }, {});
    assert.ok(calls.includes("health -fsS -o /dev/null --max-time 5 https://load-test.example.com/health?check='deep'&x=$HOME"), calls.join("\n"));
  });

  it("lets a generator put objects under its run's prefix only, and use the key only through S3", () => {
    const policy = generatorPolicy({
      resultsBucketArn: "arn:aws:s3:::results",
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
      resultsRegion: "eu-west-1",
      run: "peak",
    });
    assert.deepEqual(
      policy.Statement.map((s) => [s.Action, s.Resource]),
      [
        [["s3:PutObject"], ["arn:aws:s3:::results/load-tests/peak/*"]],
        // Decrypt too: the parts of a multipart upload (what `aws s3 cp` does for large files).
        [["kms:GenerateDataKey", "kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/k"]],
      ],
    );
    assert.deepEqual(policy.Statement[1].Condition, { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } });
  });
});
