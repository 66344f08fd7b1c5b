import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PROJECT_DIR } from "../../config/stack-files";

/** Which folders may not import which (DESIGN.md, "Layout and the direction of dependencies"); paths from the repo root. */
const RULES: { rule: string; importers: string[]; forbidden: string[] }[] = [
  { rule: "a tier knows no config, stack, evaluator or script", importers: ["tiers/"], forbidden: ["config/", "stacks/", "offline/", "scripts/"] },
  { rule: "lib/ knows no tier, config or stack", importers: ["lib/"], forbidden: ["tiers/", "config/", "stacks/"] },
  {
    rule: "nothing that deploys imports the evaluator or the scripts",
    importers: ["index.ts", "stacks/", "tiers/", "lib/", "config/", "contracts/"],
    forbidden: ["offline/", "scripts/"],
  },
  { rule: "the policy pack imports no tier", importers: ["policy/"], forbidden: ["tiers/"] },
];

/**
 * Imports that break a rule today, each fixed on the branch named beside it: empty this list once
 * those branches are merged (the test fails on an entry that no longer breaks a rule).
 */
const KNOWN_OFFENDERS: string[] = [];

const SKIPPED_DIRECTORIES = new Set(["node_modules", "bin", ".git"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(PROJECT_DIR, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : sourceFiles(relative);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [relative] : [];
  });
}

/** Every module a source file names (import, import type, export from, require, import()), as written. */
function importedSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/** A relative specifier as the repo file it loads (`../config/load` -> `config/load.ts`); undefined for a package. */
function resolved(importer: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(importer), specifier));
  const candidates = [`${target}.ts`, `${target}/index.ts`, target];
  return candidates.find((candidate) => fs.existsSync(path.join(PROJECT_DIR, candidate)) && fs.statSync(path.join(PROJECT_DIR, candidate)).isFile()) ?? target;
}

const under = (file: string, places: string[]) => places.some((place) => (place.endsWith("/") ? file.startsWith(place) : file === place));

/** `importer -> imported` for each import that breaks a rule, with the rule it breaks. */
function violations(files: string[], read: (file: string) => string): Map<string, string> {
  const found = new Map<string, string>();
  for (const importer of files) {
    for (const specifier of importedSpecifiers(read(importer))) {
      const target = resolved(importer, specifier);
      if (target === undefined) continue;
      for (const { rule, importers, forbidden } of RULES) {
        if (under(importer, importers) && under(target, forbidden)) found.set(`${importer} -> ${target}`, rule);
      }
    }
  }
  return found;
}

describe("dependencies point one way", () => {
  const files = sourceFiles("");
  const found = violations(files, (file) => fs.readFileSync(path.join(PROJECT_DIR, file), "utf8"));

  it("reads every kind of import a file can make", () => {
    const source = [
      'import type { A } from "../../config/a";',
      'import { b } from "../../tiers/y/b";',
      'export { c } from "../../stacks/c";',
      'const d = require("../../offline/d");',
      'async function e() { return import("../../scripts/e"); }',
      'import "../../lib/f";',
      'import * as aws from "@pulumi/aws";',
    ].join("\n");
    assert.deepEqual(importedSpecifiers(source), [
      "../../config/a",
      "../../tiers/y/b",
      "../../stacks/c",
      "../../offline/d",
      "../../scripts/e",
      "../../lib/f",
      "@pulumi/aws",
    ]);
    const reported = violations(["tiers/x/x.ts"], () => source);
    assert.deepEqual([...reported.keys()], ["tiers/x/x.ts -> config/a", "tiers/x/x.ts -> stacks/c", "tiers/x/x.ts -> offline/d", "tiers/x/x.ts -> scripts/e"]);
  });

  it("finds the source files of every folder that has rules", () => {
    for (const place of ["index.ts", "stacks/", "tiers/", "lib/", "config/", "contracts/", "policy/"])
      assert.ok(
        files.some((file) => under(file, [place])),
        place,
      );
  });

  it("breaks no rule beyond the known offenders", () => {
    const unexpected = [...found].filter(([edge]) => !KNOWN_OFFENDERS.includes(edge)).map(([edge, rule]) => `${edge} (${rule})`);
    assert.deepEqual(unexpected, []);
  });

  it("lists only offenders that still break a rule", () => {
    assert.deepEqual(
      KNOWN_OFFENDERS.filter((edge) => !found.has(edge)),
      [],
      "remove these from KNOWN_OFFENDERS",
    );
  });
});
