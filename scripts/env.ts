import { Command } from "commander";
import { loadConfig } from "../config/load";
import { readProjectFile, readStackFile, toEngineConfig } from "../config/stack-files";
import { confirmApply, main, run, ScriptError, type ScriptContext } from "./context";
import { environmentAge, formatAge } from "./durations";
import { destroyStack, upStack } from "./pulumi/update";

const PREFIX = "dev-";

/** The config an ephemeral environment starts from: the source stack file's, as role dev, with its TTL. */
function ephemeralConfig(context: ScriptContext, from: string, ttl: string): Record<string, unknown> {
  const source = readStackFile(from, context.projectDir);
  if (source.secretKeys.length > 0) {
    // A secret cannot be read from the file offline; copying its placeholder would deploy a wrong value.
    throw new ScriptError(
      `Pulumi.${from}.yaml holds secrets (${source.secretKeys.join(", ")}), which cannot be copied; start from a stack file without secrets.`,
    );
  }
  return { ...source.config, "platform:role": "dev", "platform:ttl": ttl };
}

async function create(context: ScriptContext, name: string, options: { from: string; ttl: string }): Promise<void> {
  await run(context, async (workspace) => {
    const stack = `${PREFIX}${name}`;
    const config = ephemeralConfig(context, options.from, options.ttl);
    const project = readProjectFile(context.projectDir);
    // Validate before creating anything: the stack name, the TTL and every copied value.
    loadConfig(toEngineConfig({ ...project.config, ...config }), { project: project.name, stack, organization: await workspace.organization() });

    await workspace.createStack(stack);
    for (const [key, value] of Object.entries(toEngineConfig(config))) await workspace.setConfig(stack, key, value);
    await workspace.setTag(stack, "ttl", options.ttl);
    await workspace.setTag(stack, "created", context.now().toISOString());
    context.print(`Created ${stack} from Pulumi.${options.from}.yaml, ttl ${options.ttl}.`);
    await upStack(context, workspace, stack);
    context.print(`${stack} is up. Destroy it with: npm run env -- destroy ${name}`);
  });
}

async function destroy(context: ScriptContext, name: string, options: { yes: boolean }): Promise<void> {
  await run(context, async (workspace) => {
    const stack = `${PREFIX}${name}`;
    await confirmApply(context, `destroying ${stack} and every resource in it`, options.yes);
    await destroyStack(context, workspace, stack);
    await workspace.removeStack(stack);
    context.print(`Destroyed and removed ${stack}.`);
  });
}

async function list(context: ScriptContext): Promise<void> {
  await run(context, async (workspace) => {
    const now = context.now();
    const stacks = (await workspace.listStacks()).filter(({ name }) => name.split("/").pop()?.startsWith(PREFIX));
    if (stacks.length === 0) {
      context.print("No ephemeral environments.");
      return;
    }
    for (const { name } of stacks) {
      const tags = await workspace.listTags(name);
      const { ageMs, expired } = environmentAge(tags, now);
      const age = ageMs === undefined ? "age unknown" : `age ${formatAge(ageMs)}`;
      context.print(`${name.padEnd(24)} ${age.padEnd(16)} ttl ${(tags.ttl ?? "none").padEnd(6)}${expired ? " EXPIRED: destroy it" : ""}`);
    }
  });
}

export function envProgram(context: ScriptContext): Command {
  const program = new Command("env").description("Ephemeral dev environments: stacks dev-<name> with a TTL, listed with their age.");
  program
    .command("create")
    .description("Create stack dev-<name> from a stack file's config as role dev, tag it with its TTL, and bring it up.")
    .argument("<name>", "environment name; the stack is dev-<name>")
    .option("--from <stack>", "stack file to copy the config of", "dev")
    .option("--ttl <duration>", "how long it may live, in hours or days (72h, 3d)", "3d")
    .action((name: string, options: { from: string; ttl: string }) => create(context, name, options));
  program
    .command("destroy")
    .description("Destroy every resource of dev-<name> and remove the stack.")
    .argument("<name>", "environment name; the stack is dev-<name>")
    .option("-y, --yes", "destroy without asking", false)
    .action((name: string, options: { yes: boolean }) => destroy(context, name, options));
  program
    .command("list")
    .description("List the dev-<name> stacks with their age and TTL; expired ones are flagged.")
    .action(() => list(context));
  return program;
}

if (require.main === module) main(envProgram);
