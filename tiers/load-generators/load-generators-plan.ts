import { formatCidr, parseCidr } from "../network/network-plan";
import type { PolicyDocument } from "../compute/app-access-plan";
import type { Architecture } from "../../lib/instance-types";
import { quotedWord, retryFunction } from "../../lib/shell";

/** A project cap, as for the tiers; a group has no instance maximum of its own (Auto Scaling quotas page). */
export const MAX_GENERATORS = 1000;
export const K6_DURATION = /^[1-9]\d*(s|m|h)$/;
/** Where results land in the results bucket: the generators may write nowhere else. */
export const RESULTS_PREFIX = "load-tests";

/** The generators' region when config names none: another region, so the load crosses the internet like users'. */
export function defaultGeneratorRegion(targetRegion: string): string {
  return targetRegion === "us-east-1" ? "us-west-2" : "us-east-1";
}

/** Two public subnets, one per zone, each half of the generator VPC: a /20 gives 2043 usable addresses a zone. */
export function generatorSubnets(vpcCidr: string): string[] {
  const { base, prefix } = parseCidr(vpcCidr);
  const half = 2 ** (32 - (prefix + 1));
  return [0, 1].map((i) => formatCidr({ base: base + i * half, prefix: prefix + 1 }));
}

export interface Scenario {
  /** Requests per second of the whole fleet once ramped up. */
  arrivalRate: number;
  /** k6 duration of the ramp from zero to the rate, e.g. 10m. */
  rampUp: string;
  /** k6 duration the rate is held, e.g. 30m. */
  duration: string;
  /** Paths requested at random, each starting with /. */
  paths: string[];
  /** Virtual users each generator may start to keep the rate. */
  maxVirtualUsers: number;
}

/**
 * The k6 script each generator runs: an open model (ramping-arrival-rate), so a slow target
 * does not slow the arrivals down; the fleet's rate is split evenly over the generators.
 */
export function k6Script(scenario: Scenario, targetUrl: string, generators: number): string {
  const rate = Math.max(1, Math.ceil(scenario.arrivalRate / generators));
  const options = {
    discardResponseBodies: true,
    scenarios: {
      load: {
        executor: "ramping-arrival-rate",
        startRate: 0,
        timeUnit: "1s",
        preAllocatedVUs: Math.min(scenario.maxVirtualUsers, Math.max(1, rate)),
        maxVUs: scenario.maxVirtualUsers,
        stages: [
          { duration: scenario.rampUp, target: rate },
          { duration: scenario.duration, target: rate },
        ],
      },
    },
    thresholds: { http_req_failed: ["rate<0.01"] },
  };
  return [
    `import http from "k6/http";`,
    `export const options = ${JSON.stringify(options)};`,
    `const target = ${JSON.stringify(targetUrl.replace(/\/$/, ""))};`,
    `const paths = ${JSON.stringify(scenario.paths)};`,
    `export default function () {`,
    `  http.get(target + paths[Math.floor(Math.random() * paths.length)]);`,
    `}`,
    ``,
  ].join("\n");
}

/**
 * k6 releases the generators may install, with the SHA-256 of each Linux build (the release's
 * k6-v<version>-checksums.txt on GitHub). A release build rather than Grafana's RPM repository, which has
 * no aarch64 packages (grafana/k6#5120) while the generators default to Graviton. A version is added
 * here, with its checksums, before a stack may ask for it.
 */
export const K6_RELEASES: Record<string, Record<Architecture, string>> = {
  "1.4.2": {
    x86_64: "c827501f510265db9c3313e4164d2585a97c7a3485ed440b93f7b1cfe6facd28",
    arm64: "0e9515502f80edb562f12c0b12a59085c0b113c6416d728e3c2a9e5a7506cc5c",
  },
};

/** Where a k6 release build for an architecture is downloaded from, and its checksum. */
export function k6Build(version: string, architecture: Architecture): { url: string; sha256: string } {
  const sha256 = K6_RELEASES[version]?.[architecture];
  if (!sha256) throw new Error(`k6 ${version} has no known checksum for ${architecture} (K6_RELEASES)`);
  const name = `k6-v${version}-linux-${architecture === "arm64" ? "arm64" : "amd64"}`;
  return { url: `https://github.com/grafana/k6/releases/download/v${version}/${name}.tar.gz`, sha256 };
}

export interface GeneratorUserDataInput {
  /** The k6 release to install, a key of K6_RELEASES. */
  k6Version: string;
  /** The generators' CPU architecture, which picks the k6 build. */
  architecture: Architecture;
  /** The k6 script to run (k6Script). */
  script: string;
  /** The system under test's public entry, polled on its health path before the run starts. */
  targetUrl: string;
  healthCheckPath: string;
  resultsBucket: string;
  resultsRegion: string;
  run: string;
}

/**
 * How long a generator waits for the target to answer its health path. The group is created only
 * once the environment exists, so what is left is the web tier's instances booting and passing the
 * load balancer's checks, DNS and the edge settling: minutes. Half an hour covers that with room and
 * is short beside a run's ramp and hold; past it the generator gives up rather than wait forever.
 */
export const READINESS_TIMEOUT_SECONDS = 1800;
export const PACKAGE_INSTALL_ATTEMPTS = 5;
/** What each generator uploads, when it exists: k6's summary, metrics and log, the boot's log and how it ended. */
export const RESULT_FILES = ["summary.json", "metrics.json.gz", "k6.log", "boot.log", "exit-code"];

/**
 * Boot script: a pinned k6 build for the instance's architecture, checked against its SHA-256, a wait for
 * the target's health path, then one run whose summary and raw metrics go to
 * s3://<results>/load-tests/<run>/<start>-<instance>/. The upload is the EXIT trap's, so it happens however
 * the script ends: `exit-code` holds k6's status, `target-not-ready`, or `boot-failed:<status>` when a step
 * before the run failed, and `boot.log` (cloud-init's output) says which. Each upload is tried even if another
 * fails; the script exits non-zero if any did, or if the boot failed.
 */
export function renderGeneratorUserData(input: GeneratorUserDataInput): string {
  const destination = `s3://${input.resultsBucket}/${RESULTS_PREFIX}/${input.run}`;
  // A health path may hold any printable character.
  const health = quotedWord(input.targetUrl.replace(/\/$/, "") + input.healthCheckPath);
  const k6 = k6Build(input.k6Version, input.architecture);
  return `#!/bin/bash
set -euo pipefail
mkdir -p /opt/load-test && cd /opt/load-test
prefix=""
upload_results() {
  local status=$? failed=0 file
  [ -f exit-code ] || echo "boot-failed:$status" > exit-code
  cp /var/log/cloud-init-output.log boot.log 2>/dev/null || true
  if [ -z "$prefix" ]; then
    echo "the instance id is unknown: results not uploaded" >&2
    exit 1
  fi
  for file in ${RESULT_FILES.join(" ")}; do
    [ -f "$file" ] || continue
    if ! aws s3 cp --only-show-errors --region ${input.resultsRegion} "$file" "$prefix/$file"; then
      echo "upload of $file to $prefix/ failed" >&2
      failed=1
    fi
  done
  [ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && exit 0
  exit 1
}
trap upload_results EXIT
token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
instance=$(curl -fsS -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)
prefix="${destination}/$(date -u +%Y%m%dT%H%M%SZ)-$instance"
${retryFunction(PACKAGE_INSTALL_ATTEMPTS, 20)}
retry curl -fsSL -o k6.tar.gz ${k6.url}
echo "${k6.sha256}  k6.tar.gz" | sha256sum --check --strict -
mkdir -p k6-build && tar -xzf k6.tar.gz -C k6-build --strip-components=1
install -m 0755 k6-build/k6 /usr/local/bin/k6
cat > scenario.js <<'SCENARIO'
${input.script}SCENARIO
health=${health}
deadline=$((SECONDS + ${READINESS_TIMEOUT_SECONDS}))
until curl -fsS -o /dev/null --max-time 5 "$health"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "$health not healthy after ${READINESS_TIMEOUT_SECONDS}s: k6 not run" | tee k6.log >&2
    echo "target-not-ready" > exit-code
    exit 1
  fi
  sleep 15
done
set +e
/usr/local/bin/k6 run --quiet --summary-export summary.json --out json=metrics.json scenario.js > k6.log 2>&1
echo $? > exit-code
set -e
if [ -f metrics.json ]; then gzip -f metrics.json; fi
`;
}

/** What a generator may do: put objects under its run's prefix, encrypted with the bucket's key through S3 only. */
export function generatorPolicy(input: { resultsBucketArn: string; kmsKeyArn: string; resultsRegion: string; run: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "WriteThisRunsResults", Effect: "Allow", Action: ["s3:PutObject"], Resource: [`${input.resultsBucketArn}/${RESULTS_PREFIX}/${input.run}/*`] },
      {
        Sid: "EncryptResultsThroughS3",
        Effect: "Allow",
        // Decrypt too: `aws s3 cp` uploads a large file in parts, and a multipart upload to an SSE-KMS
        // bucket needs both (S3 user guide, "Multipart upload API and permissions").
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: [input.kmsKeyArn],
        Condition: { StringEquals: { "kms:ViaService": `s3.${input.resultsRegion}.amazonaws.com` } },
      },
    ],
  };
}
