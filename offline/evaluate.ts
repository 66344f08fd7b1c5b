import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { loadConfig, roleOf, type PlatformConfig, type StackIdentity } from "../config/load";
import { referencedStacks } from "../config/references";
import { AwsMocks, type DeclaredResource } from "./aws-mocks";
import { recordRegistrations, registrationKey } from "./registrations";
import { suspendStackTraces } from "./stack-traces";
import { PROJECT_DIR, readProjectFile, readStackFile, toEngineConfig } from "../config/stack-files";

export const OFFLINE_ORGANIZATION = "organization";

export interface EvaluateOptions {
  /** Stack file to read config from when it differs from the stack's name (e.g. dev for dev-alice). */
  stackFile?: string;
  /** Config values laid over the stack file's, by full key (`platform:network`). */
  config?: Record<string, unknown>;
  /** Outputs of stacks this one references, by full name; missing ones are evaluated from their files. */
  references?: Record<string, Record<string, unknown>>;
  /**
   * A release to run where a stack pins none, for it and the stacks it reads: an environment without
   * `platform:release` has no instances (instance-tiers.ts), and the shipped stack files pin none. Default: none.
   */
  release?: string;
  organization?: string;
  timeoutMs?: number;
}

export interface Evaluation {
  stack: string;
  role: string;
  config: PlatformConfig;
  resources: DeclaredResource[];
  outputs: Record<string, unknown>;
  /** Evaluations of the stacks this one read, by full name. */
  references: Record<string, Evaluation>;
}

/** Thrown when a stack's program fails offline; `resources` is what it declared before failing. */
export class EvaluationError extends Error {
  constructor(
    readonly stack: string,
    readonly cause: Error,
    readonly resources: DeclaredResource[],
  ) {
    super(`Stack "${stack}": ${cause.message}`);
    this.name = "EvaluationError";
  }
}

const ENTRY = path.join(PROJECT_DIR, "index.ts");

/**
 * Forgets the program's entry module, whose load runs the program, so the next evaluation runs it afresh. The modules
 * it imports stay loaded: none holds state or reads config at load (a test evaluates each stack file this way), and
 * loading them again cost a third of every evaluation.
 */
function forgetEntryModule(): void {
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- forgetting a module is what makes the next evaluation load it afresh
  delete require.cache[require.resolve(ENTRY)];
}

const referenced = new Map<string, Promise<Evaluation>>();

/**
 * A stack evaluated from its own file with no overrides, once per process for each organization and release: what every
 * stack that reads it sees (shared is read by every environment), and what a caller with no overrides may share.
 */
export function fileEvaluation(stack: string, options: Pick<EvaluateOptions, "organization" | "timeoutMs" | "release"> = {}): Promise<Evaluation> {
  const key = `${options.organization ?? OFFLINE_ORGANIZATION}/${stack}/${options.release ?? ""}`;
  let evaluation = referenced.get(key);
  if (!evaluation) {
    evaluation = evaluateStack(stack, options);
    referenced.set(key, evaluation);
    // A failure is not kept: the next reader evaluates again and reports it with its own stack.
    evaluation.catch(() => referenced.delete(key));
  }
  return evaluation;
}

function resolveAll(value: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve) => pulumi.output(value).apply((resolved) => resolve(resolved as Record<string, unknown>)));
}

/** Lets callbacks still queued after the last registration (a reference's checks) run and fail while we listen. */
async function settled(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** The stack's raw engine config: project file values, then its stack file, then overrides. */
export function stackConfig(stack: string, options: EvaluateOptions = {}): { raw: Record<string, string>; secretKeys: string[]; project: string } {
  const project = readProjectFile();
  const file = readStackFile(options.stackFile ?? stack);
  const raw = toEngineConfig({ ...project.config, ...file.config, ...options.config });
  const role = roleOf(raw, { project: project.name, stack, organization: options.organization ?? OFFLINE_ORGANIZATION });
  if (options.release && role !== "shared" && raw["platform:release"] === undefined) raw["platform:release"] = options.release;
  return { raw, secretKeys: file.secretKeys, project: project.name };
}

/**
 * Runs `index.ts` for one stack in this process under AWS-shaped mocks, with its real stack
 * file, after evaluating the stacks it references. No credentials, no CLI, nothing deployed.
 */
export async function evaluateStack(stack: string, options: EvaluateOptions = {}): Promise<Evaluation> {
  const organization = options.organization ?? OFFLINE_ORGANIZATION;
  const { raw, secretKeys, project } = stackConfig(stack, options);
  const identity: StackIdentity = { project, stack, organization };

  // Validate first: a bad stack file fails here, before anything (a referenced stack included) is evaluated.
  let config: PlatformConfig;
  try {
    config = loadConfig(raw, identity);
  } catch (error) {
    throw new EvaluationError(stack, error as Error, []);
  }

  const references: Record<string, Evaluation> = {};
  const given = options.references ?? {};
  for (const fullName of referencedStacks(config)) {
    if (given[fullName]) continue;
    const [refOrg, , refStack] = fullName.split("/");
    references[fullName] = await fileEvaluation(refStack, { organization: refOrg, timeoutMs: options.timeoutMs, release: options.release });
  }
  const outputsOf = (fullName: string) => given[fullName] ?? references[fullName]?.outputs;

  const mocks = new AwsMocks({ defaultRegion: config.region, stackOutputs: outputsOf });
  pulumi.runtime.setAllConfig(raw, secretKeys);
  pulumi.runtime.setMocks(mocks, project, stack, false, organization);
  const registrations = recordRegistrations();
  forgetEntryModule();

  let failure: Error | undefined;
  let rejectRun: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (rejectRun = reject));
  const onRejection = (reason: unknown) => {
    failure ??= reason instanceof Error ? reason : new Error(String(reason));
    rejectRun(failure);
  };
  process.on("unhandledRejection", onRejection);
  // A guard against an output that never resolves, not a speed target: prod evaluates in seconds even on a loaded machine.
  const timeoutMs = options.timeoutMs ?? 240_000;
  const restoreStackTraces = suspendStackTraces();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`evaluation did not finish within ${timeoutMs} ms (an output that never resolves?)`)), timeoutMs);
  });
  try {
    const outputs = await Promise.race([
      (async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = require(ENTRY) as Record<string, unknown>;
        const resolved = await resolveAll(program);
        await pulumi.runtime.disconnect();
        await settled();
        return resolved;
      })(),
      failed,
      timedOut,
    ]);
    if (failure) throw failure;
    const resources = mocks.declared.map((r) => ({ ...r, options: registrations.get(registrationKey(r.type, r.name)) }));
    return { stack, role: roleOf(raw, identity), config, resources, outputs, references };
  } catch (error) {
    throw new EvaluationError(stack, error as Error, mocks.declared);
  } finally {
    restoreStackTraces();
    clearTimeout(timer);
    process.removeListener("unhandledRejection", onRejection);
  }
}
