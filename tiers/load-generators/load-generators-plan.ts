import { formatCidr, parseCidr } from "../network/network-plan";
import type { PolicyDocument } from "../compute/app-access-plan";

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

export interface GeneratorUserDataInput {
  k6Version: string;
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

/** A value as one single-quoted shell word (a health path may hold any printable character). */
function shellWord(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Boot script: k6 from Grafana's signed RPM repository (install page of the k6 docs), pinned and
 * retried (a generator may boot before its route to the internet works), a wait for the target's
 * health path, then one run whose summary and raw metrics go to
 * s3://<results>/load-tests/<run>/<start>-<instance>/. Each upload is tried even if another fails;
 * the script still exits non-zero if any did, or if the target never became healthy.
 */
export function renderGeneratorUserData(input: GeneratorUserDataInput): string {
  const destination = `s3://${input.resultsBucket}/${RESULTS_PREFIX}/${input.run}`;
  const health = shellWord(input.targetUrl.replace(/\/$/, "") + input.healthCheckPath);
  return `#!/bin/bash
set -euo pipefail
retry() {
  local attempt
  for attempt in $(seq ${PACKAGE_INSTALL_ATTEMPTS}); do
    "$@" && return 0
    echo "attempt $attempt of ${PACKAGE_INSTALL_ATTEMPTS} failed: $*" >&2
    [ "$attempt" -lt ${PACKAGE_INSTALL_ATTEMPTS} ] && sleep 20
  done
  return 1
}
retry dnf install -y https://dl.k6.io/rpm/repo.rpm
retry dnf install -y k6-${input.k6Version}
mkdir -p /opt/load-test && cd /opt/load-test
cat > scenario.js <<'SCENARIO'
${input.script}SCENARIO
token=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
instance=$(curl -sS -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)
prefix="${destination}/$(date -u +%Y%m%dT%H%M%SZ)-$instance"
failed=0
health=${health}
deadline=$((SECONDS + ${READINESS_TIMEOUT_SECONDS}))
until curl -fsS -o /dev/null --max-time 5 "$health"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "$health not healthy after ${READINESS_TIMEOUT_SECONDS}s: k6 not run" | tee k6.log >&2
    echo "target-not-ready" > exit-code
    failed=1
    break
  fi
  sleep 15
done
if [ "$failed" -eq 0 ]; then
  set +e
  k6 run --quiet --summary-export summary.json --out json=metrics.json scenario.js > k6.log 2>&1
  echo $? > exit-code
  set -e
  if [ -f metrics.json ]; then gzip -f metrics.json; fi
fi
for file in summary.json metrics.json.gz k6.log exit-code; do
  [ -f "$file" ] || continue
  if ! aws s3 cp --only-show-errors --region ${input.resultsRegion} "$file" "$prefix/$file"; then
    echo "upload of $file to $prefix/ failed" >&2
    failed=1
  fi
done
exit "$failed"
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
