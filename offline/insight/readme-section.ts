import type { Evaluation } from "../evaluate";
import { diagramModel } from "./diagram-model";
import { graphOf } from "./graph";
import { mermaid } from "./mermaid";
import { devPercentOfProd } from "./report";
import { svg } from "./svg";

export const SECTION_START = "<!-- diagram:prod -->";
export const SECTION_END = "<!-- /diagram:prod -->";
/** Where the prod drawing is committed, beside the README. */
export const SVG_FILE = "docs/prod-architecture.svg";
/** The share of prod's estimate that dev stays below; test/insight/cost.test.ts holds the shipped stacks to it. */
export const DEV_SHARE_LIMIT_PERCENT = 20;

/** The README's generated section: prod drawn from its evaluation, and dev's estimate as a share of prod's. */
export function readmeSection(documented: Evaluation[]): { markdown: string; svg: string } {
  const prod = documented.find((e) => e.stack === "prod");
  if (!prod) throw new Error("the README's diagram needs the prod stack evaluated");
  const model = diagramModel(graphOf(prod));
  const percent = devPercentOfProd(documented);
  const markdown = [
    SECTION_START,
    "<!-- Made by `npm run diagram` from the evaluated prod stack; test/insight/readme.test.ts fails when it is stale. -->",
    "",
    `Prod as \`npm run plan -- --stack prod --diagram\` draws it from the evaluated resources: a column per zone, the subnets by tier, what runs in each tier, and an arrow for each path the security groups allow ([SVG](${SVG_FILE})).`,
    "",
    "```mermaid",
    mermaid(model),
    "```",
    "",
    `Dev's monthly estimate is ${percent?.toFixed(1)}% of prod's (\`npm run plan -- --stack dev --cost\`, list prices and the assumptions it prints); a test holds the shipped stacks below ${DEV_SHARE_LIMIT_PERCENT}%.`,
    SECTION_END,
  ].join("\n");
  return { markdown, svg: `${svg(model)}\n` };
}

/** The README with its generated section replaced, or the section added after the first Mermaid block when it has none. */
export function withSection(readme: string, section: string): string {
  const start = readme.indexOf(SECTION_START);
  const end = readme.indexOf(SECTION_END);
  if (start >= 0 && end > start) return readme.slice(0, start) + section + readme.slice(end + SECTION_END.length);
  const block = readme.indexOf("```mermaid");
  const close = block >= 0 ? readme.indexOf("\n```", block + 3) : -1;
  if (close < 0) return `${readme.trimEnd()}\n\n${section}\n`;
  const after = close + "\n```".length;
  return `${readme.slice(0, after)}\n\n${section}${readme.slice(after)}`;
}
