import { mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../config/stack-files";
import { evaluateDocumented } from "./insight/documented-stacks";
import { SVG_FILE, readmeSection, withSection } from "./insight/readme-section";

/** Regenerates the README's prod diagram section and docs/prod-architecture.svg from the evaluated stacks. */
async function main(): Promise<void> {
  const section = readmeSection(await evaluateDocumented());
  const readme = path.join(PROJECT_DIR, "README.md");
  writeFileSync(readme, withSection(readFileSync(readme, "utf8"), section.markdown));
  mkdirSync(path.dirname(path.join(PROJECT_DIR, SVG_FILE)), { recursive: true });
  writeFileSync(path.join(PROJECT_DIR, SVG_FILE), section.svg);
  console.log(`Wrote the prod diagram into README.md and ${SVG_FILE}.`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
