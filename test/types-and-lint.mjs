// npm test's type-check and lint in one process over one TypeScript program: the program tsc --noEmit would build
// (tsconfig.json) gives the compiler's diagnostics, then serves ESLint's typed rules (typescript-eslint's
// parserOptions.programs), which would otherwise build a second program over the same files and type declarations.
// Fails when either finds a problem.
import process from "node:process";
import { ESLint } from "eslint";
import ts from "typescript";

const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => report([diagnostic]) };
const config = ts.getParsedCommandLineOfConfigFile("tsconfig.json", { noEmit: true }, host);
if (!config) process.exit(1);
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, configFileParsingDiagnostics: config.errors });

function report(diagnostics) {
  const formatHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: ts.sys.getCurrentDirectory, getNewLine: () => ts.sys.newLine };
  process.stdout.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
}

const started = Date.now();
const diagnostics = ts.getPreEmitDiagnostics(program);
report(diagnostics);
const typesSeconds = ((Date.now() - started) / 1000).toFixed(1);
process.stdout.write(`${diagnostics.length === 0 ? "ok" : "FAILED"}: types (the TypeScript program of tsconfig.json) in ${typesSeconds} s\n`);

// Every TypeScript file is in the program: ESLint takes each one's syntax tree from it, and the typed rules its types.
const eslint = new ESLint({ overrideConfig: { files: ["**/*.ts"], languageOptions: { parserOptions: { project: false, programs: [program] } } } });
const results = await eslint.lintFiles(["."]);
const formatter = await eslint.loadFormatter("stylish");
process.stdout.write(await formatter.format(results));
const lintProblems = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);

process.exitCode = diagnostics.length === 0 && lintProblems === 0 ? 0 : 1;
