import { strict as assert } from "assert";
import * as path from "path";
import { PROJECT_DIR } from "../../config/stack-files";
import { formatSummary, summarizeChanges } from "../../scripts/pulumi/change-summary";
import { environmentAge, formatAge, parseRunDuration } from "../../scripts/durations";
import { credentialProblems } from "../../scripts/pulumi/preflight";
import { releaseTo, rollbackTarget } from "../../scripts/rollout/releases";
import { stackReferences, workspaceStackName } from "../../scripts/pulumi/stack-references";
import { deployOrder } from "../../scripts/pulumi/stack-order";

const HOUR = 3_600_000;

describe("scripts: plans", () => {
  describe("deployOrder", () => {
    const graph: Record<string, string[]> = { shared: [], prod: ["shared"], "load-test": ["shared", "prod"], a: ["b"], b: ["a"] };
    const cases: [string, string[]][] = [
      ["shared", ["shared"]],
      ["prod", ["shared", "prod"]],
      ["load-test", ["shared", "prod", "load-test"]],
    ];
    for (const [target, order] of cases)
      it(`${target} -> ${order.join(", ")}`, () =>
        assert.deepEqual(
          deployOrder(target, (s) => graph[s]),
          order,
        ));
    it("rejects a cycle, naming it", () => assert.throws(() => deployOrder("a", (s) => graph[s]), /cycle: a -> b -> a/));
  });

  describe("stackReferences, from the stack files", () => {
    it("prod reads shared of this project", () =>
      assert.deepEqual(stackReferences("prod", "organization", PROJECT_DIR), { inProject: ["shared"], external: [] }));
    it("shared reads nothing", () => assert.deepEqual(stackReferences("shared", "organization", PROJECT_DIR), { inProject: [], external: [] }));
    it("load-test reads shared and the stack it mirrors, so it deploys after both", () => {
      assert.deepEqual(stackReferences("load-test", "organization", PROJECT_DIR), { inProject: ["shared", "prod"], external: [] });
      const order = deployOrder("load-test", (s) => stackReferences(s, "organization", PROJECT_DIR).inProject);
      assert.deepEqual(order, ["shared", "prod", "load-test"]);
    });
    const cases: [string, string, string][] = [
      ["acme/platform/shared", "acme", "shared"],
      ["other/platform/shared", "acme", "other/platform/shared"],
    ];
    for (const [full, org, name] of cases) it(`names ${full} as ${name} in organization ${org}`, () => assert.equal(workspaceStackName(full, org), name));
  });

  describe("summarizeChanges", () => {
    const urn = (name: string) => `urn:pulumi:prod::platform::x::${name}`;
    const cases: { name: string; steps: { op: string; type: string; urn: string }[]; counts: number[]; dangerous: string[] }[] = [
      { name: "nothing", steps: [{ op: "same", type: "aws:s3/bucket:Bucket", urn: urn("b") }], counts: [0, 0, 0, 0], dangerous: [] },
      {
        name: "creates and updates are never dangerous",
        steps: [
          { op: "create", type: "aws:rds/instance:Instance", urn: urn("db") },
          { op: "update", type: "aws:kms/key:Key", urn: urn("key") },
        ],
        counts: [1, 1, 0, 0],
        dangerous: [],
      },
      {
        name: "a bucket deleted",
        steps: [{ op: "delete", type: "aws:s3/bucket:Bucket", urn: urn("logs") }],
        counts: [0, 0, 0, 1],
        dangerous: ["delete logs"],
      },
      {
        name: "a launch template replaced is not stateful",
        steps: [
          { op: "create-replacement", type: "aws:ec2/launchTemplate:LaunchTemplate", urn: urn("lt") },
          { op: "replace", type: "aws:ec2/launchTemplate:LaunchTemplate", urn: urn("lt") },
        ],
        counts: [0, 0, 1, 0],
        dangerous: [],
      },
      {
        name: "a cache replaced",
        steps: [{ op: "replace", type: "aws:elasticache/replicationGroup:ReplicationGroup", urn: urn("cache") }],
        counts: [0, 0, 1, 0],
        dangerous: ["replace cache"],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const summary = summarizeChanges(c.steps);
        const { create, update, replace, delete: remove } = summary.counts;
        assert.deepEqual([create, update, replace, remove], c.counts);
        assert.deepEqual(
          summary.dangerous.map((d) => `${d.kind} ${d.urn.split("::").pop()}`),
          c.dangerous,
        );
      });
    }
    it("formats the warning with the type and the logical name", () => {
      const lines = formatSummary("prod", summarizeChanges([{ op: "delete", type: "aws:sqs/queue:Queue", urn: urn("events") }]));
      assert.equal(lines[1], '  !!! WARNING: DELETE of stateful aws:sqs/queue:Queue "events": its data or identity is lost !!!');
    });
  });

  describe("durations", () => {
    const runs: [string, number | RegExp][] = [
      ["90s", 90_000],
      ["30m", 30 * 60_000],
      ["2h", 2 * HOUR],
      ["1d", /expected a whole number of s, m or h/],
    ];
    for (const [text, expected] of runs) {
      it(`run ${text}`, () =>
        typeof expected === "number" ? assert.equal(parseRunDuration(text), expected) : assert.throws(() => parseRunDuration(text), expected));
    }
    const ages: [number, string][] = [
      [59_000, "0m"],
      [45 * 60_000, "45m"],
      [26 * HOUR + 5 * 60_000, "1d 2h"],
    ];
    for (const [ms, text] of ages) it(`age ${text}`, () => assert.equal(formatAge(ms), text));

    const now = new Date("2026-01-10T12:00:00Z");
    const expiries: [Record<string, string>, boolean, number | undefined][] = [
      [{ created: "2026-01-09T12:00:00Z", ttl: "24h" }, true, 24 * HOUR],
      [{ created: "2026-01-09T12:00:01Z", ttl: "24h" }, false, 24 * HOUR - 1000],
      [{ created: "2026-01-01T00:00:00Z" }, false, 228 * HOUR],
      [{ ttl: "1h" }, false, undefined],
      [{ created: "2026-01-01T00:00:00Z", ttl: "3w" }, false, 228 * HOUR],
    ];
    for (const [tags, expired, ageMs] of expiries) {
      it(`expired=${expired} for ${JSON.stringify(tags)}`, () =>
        assert.deepEqual(environmentAge(tags, now), ageMs === undefined ? { expired } : { ageMs, expired }));
    }
  });

  describe("releases", () => {
    const moves: [{ release?: string; previousRelease?: string }, string, { release?: string; previousRelease?: string }][] = [
      [{}, "1.0.0", { release: "1.0.0", previousRelease: undefined }],
      [{ release: "1.0.0" }, "1.1.0", { release: "1.1.0", previousRelease: "1.0.0" }],
      [{ release: "1.1.0", previousRelease: "1.0.0" }, "1.1.0", { release: "1.1.0", previousRelease: "1.0.0" }],
      [{ release: "r17", previousRelease: "r16" }, "r18", { release: "r18", previousRelease: "r17" }],
    ];
    for (const [from, version, to] of moves) it(`${JSON.stringify(from)} + ${version}`, () => assert.deepEqual(releaseTo(from, version), to));
    for (const bad of ["", "../x", "1..2", "a/b", ".hidden", "x".repeat(65)]) {
      it(`rejects ${JSON.stringify(bad)}`, () => assert.throws(() => releaseTo({}, bad), /release version: found/));
    }
    it("rolls back to the previous release", () => assert.equal(rollbackTarget({ release: "2", previousRelease: "1" }), "1"));
    it("rolls back to --to when given", () => assert.equal(rollbackTarget({ release: "2", previousRelease: "1" }, "0.9"), "0.9"));
    it("needs --to when nothing is remembered", () => assert.throws(() => rollbackTarget({ release: "2" }), /--to/));
  });

  describe("credentialProblems", () => {
    const home = "/home/op";
    const none = () => false;
    const cases: [string, NodeJS.ProcessEnv, (file: string) => boolean, RegExp[]][] = [
      ["nothing at all", {}, none, [/No AWS credentials/, /Not logged in to a Pulumi backend/]],
      ["keys and a token", { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b", PULUMI_ACCESS_TOKEN: "t" }, none, []],
      ["a key id without its secret", { AWS_ACCESS_KEY_ID: "a", PULUMI_BACKEND_URL: "file://~" }, none, [/No AWS credentials/]],
      ["a profile and a local login", { AWS_PROFILE: "ops" }, (file) => file === path.join(home, ".pulumi", "credentials.json"), []],
      ["aws config files, no login", {}, (file) => file === path.join(home, ".aws", "config"), [/Not logged in/]],
    ];
    for (const [name, env, exists, expected] of cases) {
      it(name, () => {
        const problems = credentialProblems(env, exists, home);
        assert.equal(problems.length, expected.length, problems.join("\n"));
        expected.forEach((pattern, i) => assert.match(problems[i], pattern));
      });
    }
  });
});
