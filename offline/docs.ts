import { writeFileSync } from "fs";
import * as path from "path";
import { renderConfigReference } from "./config-reference";
import { PROJECT_DIR } from "../config/stack-files";

/** Where `npm run docs` writes the configuration reference; the README links to it. */
export const CONFIG_REFERENCE = path.join(PROJECT_DIR, "CONFIG.md");

if (require.main === module) {
  writeFileSync(CONFIG_REFERENCE, renderConfigReference());
  console.log(`wrote ${path.relative(process.cwd(), CONFIG_REFERENCE)}`);
}
