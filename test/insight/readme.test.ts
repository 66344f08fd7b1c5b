import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../config/stack-files";
import { SECTION_END, SECTION_START, SVG_FILE, readmeSection, withSection } from "../../offline/insight/readme-section";
import { documented } from "./stacks";

describe("insight: the README's prod diagram", () => {
  it("is what `npm run diagram` makes of the stacks now (run it when this fails)", async () => {
    const section = readmeSection(await documented());
    const readme = readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    const start = readme.indexOf(SECTION_START);
    assert.ok(start >= 0, `README.md has a ${SECTION_START} section`);
    assert.equal(readme.slice(start, readme.indexOf(SECTION_END) + SECTION_END.length), section.markdown, "README.md's diagram is stale: npm run diagram");
    assert.equal(readFileSync(path.join(PROJECT_DIR, SVG_FILE), "utf8"), section.svg, `${SVG_FILE} is stale: npm run diagram`);
  });

  it("replaces only its own section, or adds it after the first Mermaid block", () => {
    const section = `${SECTION_START}\nnew\n${SECTION_END}`;
    assert.equal(withSection(`a\n${SECTION_START}\nold\n${SECTION_END}\nb\n`, section), `a\n${section}\nb\n`);
    assert.equal(
      withSection("# t\n\n```mermaid\nflowchart LR\n```\n\n## next\n", section),
      `# t\n\n\`\`\`mermaid\nflowchart LR\n\`\`\`\n\n${section}\n\n## next\n`,
    );
  });
});
