import { loadConfig } from "../../config/load";
import { readProjectFile, readStackFile, toEngineConfig } from "../../config/stack-files";
import { referencedStacks } from "../../config/references";

export interface StackReferences {
  /** Stacks of this project the stack reads, by the name the workspace selects them with. */
  inProject: string[];
  /** Full names of stacks of other projects it reads: they must be deployed from their own project. */
  external: string[];
}

/** `org/project/stack` as the workspace names it: the short name in the default organization. */
export function workspaceStackName(fullName: string, organization: string): string {
  const [org, , stack] = fullName.split("/");
  return org === organization ? stack : fullName;
}

/**
 * What a stack reads, from its stack file as the engine would see it (the project's values under
 * the stack file's), through the program's own config loading and `referencedStacks`; it loads no
 * stack program and no @pulumi/aws.
 */
export function stackReferences(name: string, organization: string, projectDir: string): StackReferences {
  const parts = name.split("/");
  const stack = parts[parts.length - 1];
  const project = readProjectFile(projectDir);
  const raw = toEngineConfig({ ...project.config, ...readStackFile(stack, projectDir).config });
  const config = loadConfig(raw, { project: project.name, stack, organization: parts.length === 3 ? parts[0] : organization });
  const references: StackReferences = { inProject: [], external: [] };
  for (const fullName of referencedStacks(config)) {
    if (fullName.split("/")[1] === project.name) references.inProject.push(workspaceStackName(fullName, organization));
    else references.external.push(fullName);
  }
  return references;
}
