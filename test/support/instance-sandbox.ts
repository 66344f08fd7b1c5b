import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * A scratch instance for the boot and deploy scripts: their paths moved under a temporary directory, a fake release
 * bucket, and stubs for aws, curl, systemctl, journalctl, dnf, sleep and the CloudWatch agent first on PATH that record each call. The load balancer stub keeps
 * the target's state in a file (unused after deregister, healthy or unhealthy after register); the health URL answers
 * unless the release `current` points at is listed in BAD_RELEASES.
 */
const STUBS: Record<string, string> = {
  aws: [
    'echo "aws $*" >> "$CALLS"',
    'case "$1 $2" in',
    '  "s3 cp") key=${4#s3://*/}; cp "$BUCKET/$key" "$5" ;;',
    '  "ssm get-parameter") cat "$SANDBOX/pointer" ;;',
    '  "elbv2 deregister-targets") echo unused > "$SANDBOX/target" ;;',
    '  "elbv2 register-targets") if [ -n "${JOIN_UNHEALTHY:-}" ]; then echo unhealthy; else echo healthy; fi > "$SANDBOX/target" ;;',
    '  "elbv2 describe-target-health") cat "$SANDBOX/target" ;;',
    '  "ec2 create-tags") [ -z "${TAG_FAILS:-}" ] || exit 254 ;;',
    "  *) ;;",
    "esac",
  ].join("\n"),
  curl: [
    'echo "curl $*" >> "$CALLS"',
    'case "$*" in',
    "  *api/token*) echo token ;;",
    "  *instance-id*) echo i-0123456789abcdef0 ;;",
    '  *target-lifecycle-state*) if [ -f "$SANDBOX/lifecycle" ]; then cat "$SANDBOX/lifecycle"; else echo "${LIFECYCLE_STATE:-InService}"; fi ;;',
    '  *) current=$(basename "$(readlink "$SANDBOX/opt/current")"); case " ${BAD_RELEASES:-} " in *" $current "*) exit 22 ;; esac ;;',
    "esac",
  ].join("\n"),
  // KILL_ON_RESTART: the first restart TERMs the script (Run Command cancelling it), as its parent shell; LEAVING_STATE
  // is the lifecycle state the instance is in from then on (a scale-in or shutdown that stops the deploy).
  systemctl:
    'echo "systemctl $*" >> "$CALLS"; if [ -n "${KILL_ON_RESTART:-}" ] && [ "$1" = restart ] && [ ! -f "$SANDBOX/killed" ]; then touch "$SANDBOX/killed"; [ -z "${LEAVING_STATE:-}" ] || echo "$LEAVING_STATE" > "$SANDBOX/lifecycle"; kill -TERM "$PPID"; fi',
  dnf: 'echo "dnf $*" >> "$CALLS"',
  // Runs the transient service in the foreground, its stdout and stderr into the unit's journal file, as journald has them.
  "systemd-run": [
    'echo "systemd-run $*" >> "$CALLS"',
    'unit=""; while [ "${1#-}" != "$1" ]; do case "$1" in --unit=*) unit=${1#--unit=} ;; esac; shift; done',
    // UNIT_KILLED: the service is killed outright (SIGKILL, an OOM), so its EXIT trap never runs.
    'mkdir -p "$SANDBOX/journal"; if [ -n "${UNIT_KILLED:-}" ]; then echo "half a deploy" >> "$SANDBOX/journal/$unit"; exit 137; fi',
    '"$@" >> "$SANDBOX/journal/$unit" 2>&1',
  ].join("\n"),
  sleep: 'echo "sleep $*" >> "$CALLS"',
  // A unit's journal file when systemd-run wrote one, else a line naming the request.
  journalctl: [
    'echo "journalctl $*" >> "$CALLS"',
    '[ "$*" != --sync ] || exit 0',
    'request="$*"; unit=""; while [ $# -gt 0 ]; do [ "$1" = --unit ] && unit=$2; shift; done',
    'if [ -n "$unit" ] && [ -f "$SANDBOX/journal/$unit" ]; then cat "$SANDBOX/journal/$unit"; else echo "journal of $request"; fi',
  ].join("\n"),
};

export interface SandboxRun {
  status: number | null;
  /** Every stubbed call, in order, e.g. "aws elbv2 deregister-targets ...". */
  calls: string[];
  stdout: string;
  stderr: string;
  /** The release `current` points at afterwards, or "" when none. */
  current: string;
  /** The application's environment file afterwards. */
  appEnv: string;
}

export class InstanceSandbox {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "instance-"));
  private readonly bin = path.join(this.dir, "bin");
  private readonly bucket = path.join(this.dir, "bucket");

  constructor() {
    fs.mkdirSync(this.bin);
    for (const [name, body] of Object.entries(STUBS)) fs.writeFileSync(path.join(this.bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    for (const sub of ["opt/releases", "etc", "bucket", "agent/bin"]) fs.mkdirSync(path.join(this.dir, sub), { recursive: true });
    fs.writeFileSync(path.join(this.dir, "agent/bin/amazon-cloudwatch-agent-ctl"), '#!/bin/bash\necho "agent-ctl $*" >> "$CALLS"\n', { mode: 0o755 });
    fs.writeFileSync(path.join(this.dir, "target"), "healthy\n");
  }

  /** Puts a release in the fake bucket: an archive whose install.sh records its call (and fails, if asked), and its SHA-256 (or a wrong one). */
  publish(version: string, options: { wrongChecksum?: boolean; failingInstall?: boolean } = {}): void {
    const source = path.join(this.dir, "build", version);
    fs.mkdirSync(source, { recursive: true });
    const fails = options.failingInstall ? "exit 3\n" : "";
    fs.writeFileSync(path.join(source, "install.sh"), `#!/bin/bash\necho "install ${version} $*" >> "$CALLS"\n${fails}`, { mode: 0o755 });
    const target = path.join(this.bucket, "releases", version);
    fs.mkdirSync(target, { recursive: true });
    const archive = path.join(target, "app.tar.gz");
    const tar = spawnSync("tar", ["-czf", archive, "-C", source, "."]);
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
    const digest = options.wrongChecksum ? "0".repeat(64) : createHash("sha256").update(fs.readFileSync(archive)).digest("hex");
    fs.writeFileSync(path.join(target, "app.tar.gz.sha256"), `${digest}  app.tar.gz\n`);
  }

  /** Makes `version` the installed, running release, as a finished boot leaves it. */
  installed(version: string): void {
    const dir = path.join(this.dir, "opt/releases", version);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "install.sh"), `#!/bin/bash\necho "install ${version} $*" >> "$CALLS"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, ".complete"), "");
    fs.symlinkSync(dir, path.join(this.dir, "opt/current"));
    fs.writeFileSync(path.join(this.dir, "etc/app.env"), `TIER=web\nRELEASE=${version}\n`);
  }

  /** Sets the value the release pointer parameter holds. */
  pointer(version: string): void {
    fs.writeFileSync(path.join(this.dir, "pointer"), `${version}\n`);
  }

  /** Writes a file the scripts read, at its path inside the sandbox. */
  write(file: string, content: string): void {
    fs.writeFileSync(this.path(file), content);
  }

  /** A script's text with the instance's paths moved into the sandbox. */
  localize(script: string): string {
    return script
      .replaceAll("/opt/platform", path.join(this.dir, "opt"))
      .replaceAll("/etc/platform", path.join(this.dir, "etc"))
      .replaceAll("/var/log/platform", path.join(this.dir, "log"))
      .replaceAll("/var/log/cloud-init-output.log", path.join(this.dir, "cloud-init-output.log"))
      .replaceAll("/run/platform-deploy.lock", path.join(this.dir, "lock"))
      .replaceAll("/run/platform-deploy-", path.join(this.dir, "platform-deploy-"))
      .replaceAll("/opt/aws/amazon-cloudwatch-agent", path.join(this.dir, "agent"))
      .replaceAll("/etc/dnf/dnf.conf", path.join(this.dir, "dnf.conf"))
      .replaceAll("/usr/local/sbin/platform-release", path.join(this.dir, "platform-release"))
      .replaceAll("/etc/systemd/system/platform-release.service", path.join(this.dir, "platform-release.service"));
  }

  private path(file: string): string {
    return this.localize(file);
  }

  /** Runs a script under bash with no startup files, the stubs first on PATH and `env` added. */
  run(script: string, env: Record<string, string> = {}): SandboxRun {
    const calls = path.join(this.dir, "calls");
    fs.writeFileSync(calls, "");
    const run = spawnSync("bash", ["--norc", "--noprofile", "-c", this.localize(script)], {
      env: { PATH: `${this.bin}:${process.env.PATH}`, HOME: this.dir, SANDBOX: this.dir, BUCKET: this.bucket, CALLS: calls, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
    const link = path.join(this.dir, "opt/current");
    const current = fs.existsSync(link) ? path.basename(fs.readlinkSync(link)) : "";
    const appEnv = fs.existsSync(path.join(this.dir, "etc/app.env")) ? fs.readFileSync(path.join(this.dir, "etc/app.env"), "utf8") : "";
    const recorded = fs.readFileSync(calls, "utf8").trim();
    return { status: run.status, calls: recorded ? recorded.split("\n") : [], stdout: run.stdout, stderr: run.stderr, current, appEnv };
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
