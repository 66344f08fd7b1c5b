import { FakeFormationAws } from "./fake-formation-aws";
import { PROJECT_DIR } from "../../config/stack-files";
import type {
  CommandProgress,
  FleetCommand,
  GroupInstance,
  Invocation,
  InvocationOutput,
  ReleaseAws,
  StoppedTask,
  TaskLaunch,
} from "../../scripts/aws/release-aws";
import type { BudgetVerdict } from "../../offline/insight/budget";
import type { ScriptContext } from "../../scripts/context";
import type { PlatformWorkspace, PreviewStep, StackOutput, StackSummary } from "../../scripts/pulumi/workspace";

/** A workspace that records every call in order and answers from what the test set up. */
export class FakeWorkspace implements PlatformWorkspace {
  readonly calls: string[] = [];
  readonly config = new Map<string, Record<string, string>>();
  readonly tags = new Map<string, Record<string, string>>();
  readonly stacks: StackSummary[] = [];
  readonly previews = new Map<string, PreviewStep[]>();
  readonly stackOutputs = new Map<string, Record<string, StackOutput>>();
  /** Stacks whose `up` (or preview, or destroy) throws, with the error message. */
  readonly failing = new Map<string, string>();

  private record(call: string): void {
    this.calls.push(call);
  }

  private failIf(operation: string, stack: string): void {
    const message = this.failing.get(`${operation} ${stack}`);
    if (message !== undefined) throw new Error(message);
  }

  async organization(): Promise<string> {
    return "organization";
  }
  async listStacks(): Promise<StackSummary[]> {
    return this.stacks;
  }
  async createStack(stack: string): Promise<void> {
    this.record(`createStack ${stack}`);
    this.stacks.push({ name: stack });
  }
  async removeStack(stack: string): Promise<void> {
    this.record(`removeStack ${stack}`);
  }
  async getConfig(stack: string, key: string): Promise<string | undefined> {
    return this.config.get(stack)?.[key];
  }
  async setConfig(stack: string, key: string, value: string): Promise<void> {
    this.record(`setConfig ${stack} ${key} ${value}`);
    this.config.set(stack, { ...this.config.get(stack), [key]: value });
  }
  async removeConfig(stack: string, key: string): Promise<void> {
    this.record(`removeConfig ${stack} ${key}`);
    const { [key]: _removed, ...rest } = this.config.get(stack) ?? {};
    this.config.set(stack, rest);
  }
  async listTags(stack: string): Promise<Record<string, string>> {
    return this.tags.get(stack) ?? {};
  }
  async setTag(stack: string, key: string, value: string): Promise<void> {
    this.record(`setTag ${stack} ${key} ${value}`);
    this.tags.set(stack, { ...this.tags.get(stack), [key]: value });
  }
  async preview(stack: string): Promise<PreviewStep[]> {
    this.record(`preview ${stack}`);
    this.failIf("preview", stack);
    return this.previews.get(stack) ?? [{ op: "update", type: "aws:ec2/launchTemplate:LaunchTemplate", urn: `urn:pulumi:${stack}::platform::lt` }];
  }
  async up(stack: string, onOutput: (line: string) => void): Promise<void> {
    this.record(`up ${stack}`);
    onOutput(`Updating (${stack})\n`);
    this.failIf("up", stack);
  }
  async destroy(stack: string, onOutput: (line: string) => void): Promise<void> {
    this.record(`destroy ${stack}`);
    onOutput(`Destroying (${stack})\n`);
    this.failIf("destroy", stack);
  }
  async outputs(stack: string): Promise<Record<string, StackOutput>> {
    return this.stackOutputs.get(stack) ?? {};
  }
}

/** AWS that records its calls in the workspace's call list (so their order against `up` shows) and answers from what the test set up. */
export class FakeAws implements ReleaseAws {
  readonly regions: string[] = [];
  /** Image of each task definition's container. */
  readonly images = new Map<string, string>();
  /** How the migration task stops. */
  stopped: Omit<StoppedTask, "taskArn"> = { exitCode: 0 };
  /** Versions the release bucket lacks; every other one is there. */
  readonly missingReleases = new Set<string>();
  /** InService instances per group. */
  readonly instances = new Map<string, string[]>();
  /** ListCommands answers for the n-th command sent, one per poll, the last one repeating; default: at once a Success on every target. */
  readonly progress: CommandProgress[][] = [];
  /** Alarms in ALARM at each poll, the last answer repeating; default: none. */
  readonly firing: string[][] = [];
  /** What ListCommandInvocations says of any command. */
  invocationStates: Invocation[] = [];
  /** Called at each progress poll, e.g. to press Ctrl-C. */
  onPoll?: (poll: number) => void;
  /** What GetCommandInvocation says per instance; default: a Success that printed "log of <id>". */
  readonly outputs = new Map<string, InvocationOutput>();
  /** Instances whose SSM Agent is not online; every other one is. */
  readonly offline = new Set<string>();
  /** The commands sent, in order. */
  readonly sent: FleetCommand[] = [];
  private revisions = 0;
  private polls = 0;

  constructor(private readonly calls: string[]) {}

  async containerImage(taskDefinitionArn: string, container: string): Promise<string> {
    this.calls.push(`describeTaskDefinition ${taskDefinitionArn} ${container}`);
    return this.images.get(taskDefinitionArn) ?? "123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform:1.4.2";
  }
  async registerWithImage(taskDefinitionArn: string, container: string, image: string): Promise<string> {
    this.calls.push(`registerTaskDefinition ${container} ${image}`);
    this.revisions += 1;
    return `${taskDefinitionArn.replace(/:\d+$/, "")}:${100 + this.revisions}`;
  }
  async deregisterTaskDefinition(taskDefinitionArn: string): Promise<void> {
    this.calls.push(`deregisterTaskDefinition ${taskDefinitionArn}`);
  }
  async runTask(launch: TaskLaunch): Promise<string> {
    this.calls.push(`runTask ${launch.clusterArn} ${launch.taskDefinitionArn} ${launch.subnetIds.join(",")} ${launch.securityGroupIds.join(",")}`);
    return "arn:aws:ecs:eu-west-1:123456789012:task/prod-jobs/0123456789abcdef";
  }
  async waitForTaskStopped(clusterArn: string, taskArn: string, container: string, maxWaitSeconds: number): Promise<StoppedTask> {
    this.calls.push(`waitForTaskStopped ${clusterArn} ${taskArn} ${container} ${maxWaitSeconds}s`);
    return { taskArn, ...this.stopped };
  }
  async releaseExists(bucket: string, version: string): Promise<boolean> {
    this.calls.push(`headObject ${bucket} ${version}`);
    return !this.missingReleases.has(version);
  }
  async groupInstances(groupName: string): Promise<GroupInstance[]> {
    this.calls.push(`describeAutoScalingGroups ${groupName}`);
    const ids = this.instances.get(groupName) ?? [`${groupName}-i1`, `${groupName}-i2`, `${groupName}-i3`];
    const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
    return ids.map((instanceId, i) => ({ instanceId, zone: zones[i % 3], lifecycleState: "InService", healthStatus: "Healthy", instanceType: "m7g.large" }));
  }
  async terminateInGroup(instanceId: string): Promise<void> {
    this.calls.push(`terminateInstanceInAutoScalingGroup ${instanceId} keep-desired`);
  }
  async startInstanceRefresh(groupName: string): Promise<string> {
    this.calls.push(`startInstanceRefresh ${groupName}`);
    return `${groupName}-refresh`;
  }
  async onlineInstances(instanceIds: string[]): Promise<string[]> {
    this.calls.push(`describeInstanceInformation ${instanceIds.join(",")} Online`);
    return instanceIds.filter((id) => !this.offline.has(id));
  }
  async sendCommand(command: FleetCommand): Promise<string> {
    const target = "instanceIds" in command.target ? command.target.instanceIds.join(",") : `tag:${command.target.groupName}`;
    const parameters = Object.values(command.parameters).flat().join(";");
    this.calls.push(`sendCommand ${command.documentName} ${parameters} ${target} ${command.maxConcurrency} ${command.maxErrors} ${command.alarmName ?? "-"}`);
    this.sent.push(command);
    return `command-${this.sent.length}`;
  }
  async commandProgress(commandId: string): Promise<CommandProgress> {
    this.calls.push(`listCommands ${commandId}`);
    this.onPoll?.(++this.polls);
    const index = Number(commandId.split("-")[1]) - 1;
    const answers = this.progress[index];
    if (!answers) {
      const command = this.sent[index];
      const targets = "instanceIds" in command.target ? command.target.instanceIds.length : 3;
      return { status: "Success", targets, completed: targets, errors: 0 };
    }
    return (answers.length > 1 ? answers.shift() : answers[0]) as CommandProgress;
  }
  async invocations(commandId: string): Promise<Invocation[]> {
    this.calls.push(`listCommandInvocations ${commandId}`);
    return this.invocationStates;
  }
  async commandOutput(commandId: string, instanceId: string): Promise<InvocationOutput> {
    this.calls.push(`getCommandInvocation ${commandId} ${instanceId}`);
    return this.outputs.get(instanceId) ?? { instanceId, status: "Success", output: `log of ${instanceId}\n`, error: "" };
  }
  async cancelOn(commandId: string, instanceIds: string[]): Promise<void> {
    this.calls.push(`cancelCommand ${commandId} ${instanceIds.join(",")}`);
  }
  async alarmsFiring(alarmNames: string[]): Promise<string[]> {
    this.calls.push(`describeAlarms ${alarmNames.join(",")}`);
    return (this.firing.length > 1 ? this.firing.shift() : this.firing[0]) ?? [];
  }
}

export interface FakeRun {
  aws: FakeAws;
  formationAws: FakeFormationAws;
  workspace: FakeWorkspace;
  context: ScriptContext;
  printed: string[];
  failures: string[];
  slept: number[];
  /** Presses Ctrl-C: calls every listener the script registered. */
  interrupt(): void;
}

/** A script context over a fake workspace: non-interactive unless `answer` is given, no CLI checks. */
export function fakeRun(options: { answer?: boolean; problems?: string[]; now?: Date; budgets?: Record<string, BudgetVerdict> } = {}): FakeRun {
  const workspace = new FakeWorkspace();
  const aws = new FakeAws(workspace.calls);
  const formationAws = new FakeFormationAws();
  const printed: string[] = [];
  const failures: string[] = [];
  const slept: number[] = [];
  const interruptListeners = new Set<() => void>();
  const context: ScriptContext = {
    projectDir: PROJECT_DIR,
    preflight: async () => options.problems ?? [],
    workspace: async () => workspace,
    aws: async (region) => {
      aws.regions.push(region);
      return aws;
    },
    formationAws: async (region) => {
      formationAws.calls.push(`region ${region}`);
      return formationAws;
    },
    budget: async (stack) => options.budgets?.[stack],
    print: (line) => printed.push(line),
    fail: (message) => failures.push(message),
    interactive: options.answer !== undefined,
    confirm: async (question) => {
      printed.push(`? ${question}`);
      return options.answer ?? false;
    },
    sleep: async (ms) => {
      slept.push(ms);
    },
    // The clock moves only by what the script sleeps, so a wait runs out after the sleeps it allows and no sooner.
    now: () => new Date((options.now ?? new Date("2026-01-10T12:00:00Z")).getTime() + slept.reduce((sum, ms) => sum + ms, 0)),
    onInterrupt(listener) {
      interruptListeners.add(listener);
      return () => interruptListeners.delete(listener);
    },
  };
  const interrupt = () => interruptListeners.forEach((listener) => listener());
  return { aws, formationAws, workspace, context, printed, failures, slept, interrupt };
}

/** Parses argv as the script's own command line (after `npm run <name> --`). */
export async function runScript(program: { parseAsync(argv: string[], options: { from: "user" }): Promise<unknown> }, args: string[]): Promise<void> {
  await program.parseAsync(args, { from: "user" });
}

/** Outputs of an environment stack as the release script reads them (the environment contract). */
export function environmentStackOutputs(values: Record<string, unknown>): Record<string, StackOutput> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, secret: false }]));
}

/** `stack` deployed with web and worker groups on instances (three in service each), its deploy document, stop alarms and what its formation reads. */
export function deployedWithGroups(run: FakeRun, stack: string, extra: Record<string, unknown> = {}): void {
  const group = (part: string) => ({ groupName: `${stack}-${part}`, canaryInstances: 1, batchPercent: 25 });
  run.workspace.stackOutputs.set(
    stack,
    environmentStackOutputs({
      region: "eu-west-1",
      webGroupName: `${stack}-web`,
      workerGroupName: `${stack}-worker`,
      releaseBucketName: "platform-shared-releases",
      deployDocumentName: `platform-${stack}-deploy`,
      logsDocumentName: `platform-${stack}-logs`,
      releaseGroups: { web: group("web"), worker: group("worker") },
      releaseStopAlarmNames: [`platform-${stack}-front-door-5xx-ratio`, `platform-${stack}-front-door-no-healthy-hosts`],
      sessionDocumentName: `platform-${stack}-shell`,
      url: `https://${stack}.example.com`,
      loadBalancerDnsName: `platform-${stack}-123.eu-west-1.elb.amazonaws.com`,
      availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      databaseClusterId: `platform-${stack}-db`,
      cacheReplicationGroupId: `platform-${stack}-cache`,
      queues: Object.fromEntries(
        ["events", "tasks", "notifications"].map((name) => {
          const queue = `platform-${stack}-${name}`;
          return [
            name,
            {
              url: `https://sqs.eu-west-1.amazonaws.com/123456789012/${queue}`,
              arn: `arn:aws:sqs:eu-west-1:123456789012:${queue}`,
              deadLetterUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/${queue}-dlq`,
              deadLetterArn: `arn:aws:sqs:eu-west-1:123456789012:${queue}-dlq`,
            },
          ];
        }),
      ),
      alarmNames: [`platform-${stack}-front-door-5xx-ratio`, `platform-${stack}-front-door-no-healthy-hosts`, `platform-${stack}-service-down`],
      ...extra,
    }),
  );
}
