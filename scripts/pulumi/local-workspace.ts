import { execFile } from "child_process";
import { promisify } from "util";
import { LocalWorkspace, PulumiCommand, Stack, type EngineEvent } from "@pulumi/pulumi/automation";
import type { PlatformWorkspace, PreviewStep, StackOutput, StackSummary } from "./workspace";

const execFileAsync = promisify(execFile);

/** The workspace over this project directory, driving the Pulumi CLI through the Automation API. */
export class LocalPlatformWorkspace implements PlatformWorkspace {
  private constructor(private readonly workspace: LocalWorkspace) {}

  static async create(workDir: string): Promise<LocalPlatformWorkspace> {
    const pulumiCommand = await PulumiCommand.get();
    return new LocalPlatformWorkspace(await LocalWorkspace.create({ workDir, pulumiCommand }));
  }

  async organization(): Promise<string> {
    try {
      const { stdout } = await execFileAsync(this.workspace.pulumiCommand.command, ["org", "get-default", "--non-interactive"], {
        cwd: this.workspace.workDir,
      });
      return stdout.trim();
    } catch {
      // Self-managed backends have no organizations; their stacks live under the literal "organization".
      return "organization";
    }
  }

  async listStacks(): Promise<StackSummary[]> {
    return (await this.workspace.listStacks()).map(({ name, lastUpdate }) => ({ name, lastUpdate }));
  }

  createStack(stack: string): Promise<void> {
    return this.workspace.createStack(stack);
  }

  removeStack(stack: string): Promise<void> {
    return this.workspace.removeStack(stack);
  }

  async getConfig(stack: string, key: string): Promise<string | undefined> {
    return (await this.workspace.getAllConfig(stack))[key]?.value;
  }

  setConfig(stack: string, key: string, value: string): Promise<void> {
    return this.workspace.setConfig(stack, key, { value, secret: false });
  }

  removeConfig(stack: string, key: string): Promise<void> {
    return this.workspace.removeConfig(stack, key);
  }

  listTags(stack: string): Promise<Record<string, string>> {
    return this.workspace.listTags(stack);
  }

  setTag(stack: string, key: string, value: string): Promise<void> {
    return this.workspace.setTag(stack, key, value);
  }

  async preview(stack: string): Promise<PreviewStep[]> {
    const steps: PreviewStep[] = [];
    const onEvent = (event: EngineEvent) => {
      const metadata = event.resourcePreEvent?.metadata;
      if (metadata) steps.push({ op: metadata.op, type: metadata.type, urn: metadata.urn });
    };
    await (await Stack.select(stack, this.workspace)).preview({ onEvent });
    return steps;
  }

  async up(stack: string, onOutput: (line: string) => void): Promise<void> {
    await (await Stack.select(stack, this.workspace)).up({ onOutput });
  }

  async destroy(stack: string, onOutput: (line: string) => void): Promise<void> {
    await (await Stack.select(stack, this.workspace)).destroy({ onOutput });
  }

  async outputs(stack: string): Promise<Record<string, StackOutput>> {
    const outputs = await (await Stack.select(stack, this.workspace)).outputs();
    return Object.fromEntries(Object.entries(outputs).map(([name, { value, secret }]) => [name, { value, secret }]));
  }
}
