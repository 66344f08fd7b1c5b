import type { z } from "zod";
import { databaseIdentifierProblems, type DataConfigInput } from "./data-schema";
import type { LoadTestConfigInput } from "./load-test-schema";
import { defaultGeneratorRegion } from "../tiers/load-generators/load-generators-plan";
import type { AlertsConfigInput, ObservabilityConfigInput } from "./observability-schema";
import type { EdgeConfigInput } from "./edge-schema";
import { ROLE_DEFAULTS } from "./defaults";
import { isRole, ROLES, type EnvironmentRole, type Role } from "./roles";
import { ROLE_SCHEMAS, type EnvironmentConfigInput, type SharedConfigInput } from "./schema";
import type { NatStrategy } from "../tiers/network/nat-plan";
import type { TierPorts } from "../tiers/network/security-group-rules-plan";

/** Who is running: the Pulumi project, stack and organization, as the engine reports them. */
export interface StackIdentity {
  project: string;
  stack: string;
  organization: string;
}

/** Cost allocation tags every resource carries, through the provider's default tags. */
export interface CostTags {
  environment: string;
  service: string;
  owner: string;
  "cost-center": string;
  ttl?: string;
}

interface BaseConfig {
  identity: StackIdentity;
  /** Prefix of every physical name, unique per project and stack: two dev stacks never collide. */
  namePrefix: string;
  region: string;
  tags: CostTags;
  /** Protect stateful resources from `pulumi destroy`. */
  protect: boolean;
}

export interface SharedConfig extends BaseConfig {
  role: "shared";
  domain: string;
  publicZone: SharedConfigInput["platform:publicZone"];
  /** Who the organization's alert topic notifies. */
  alerts: SharedConfigInput["platform:alerts"];
  releases: SharedConfigInput["platform:releases"];
  registry: SharedConfigInput["platform:registry"];
  baseImage: SharedConfigInput["platform:baseImage"];
}

export interface NetworkSettings {
  cidr: string;
  azCount: number;
  availabilityZones?: string[];
  nat: NatStrategy;
  flowLogRetentionDays: number;
  interfaceEndpoints: string[];
}

export type WebTier = EnvironmentConfigInput["platform:web"];
export type WorkerTier = EnvironmentConfigInput["platform:worker"];
export type TierCapacity = Pick<WebTier, "min" | "desired" | "max">;
export type ComputeSettings = EnvironmentConfigInput["platform:compute"];
export type JobsSettings = EnvironmentConfigInput["platform:jobs"];
export type ProxyTier = EnvironmentConfigInput["platform:proxy"];
export type ContainerSettings = EnvironmentConfigInput["platform:containers"];
export type BetaSettings = NonNullable<EnvironmentConfigInput["platform:beta"]>;

export interface EnvironmentConfig extends BaseConfig {
  role: EnvironmentRole;
  /** Full name (org/project/stack) of the shared stack this environment reads. */
  sharedStack: string;
  network: NetworkSettings;
  ports: TierPorts;
  /** The data tier: database, cache, queues, buckets, backups. */
  data: DataConfigInput;
  web: WebTier;
  worker: WorkerTier;
  compute: ComputeSettings;
  jobs: JobsSettings;
  /** The release the tiers boot (`platform:release`), or undefined to follow the release bucket's `current` pointer. */
  release?: string;
  proxy: ProxyTier;
  /** Task size and rollout of the tiers whose runtime is containers. */
  containers: ContainerSettings;
  /** A second web target running another release for a share of the traffic (`platform:beta`); none when unset. */
  beta?: BetaSettings;
  /** Alarm thresholds, latency objective, budget and log retention. */
  observability: ObservabilityConfigInput;
  /** Who hears the alarms and budget notifications. */
  alerts: AlertsConfigInput;
  /** Role load-test: full name of the stack whose shape and release it copies (`platform:mirror`, default prod). */
  mirrorStack?: string;
  /** Role load-test: the generator fleet and its scenario, with the generators' region resolved. */
  loadTest?: LoadTestSettings;
  /** CloudFront and AWS WAF in front of the assets bucket and the ALB, when enabled. */
  edge: EdgeConfigInput;
}

export type LoadTestSettings = LoadTestConfigInput & { region: string };

export type PlatformConfig = SharedConfig | EnvironmentConfig;

/** Every problem found in a stack's configuration, as one message. */
export class ConfigError extends Error {
  constructor(
    readonly stack: string,
    readonly problems: string[],
  ) {
    super(
      `Invalid configuration for stack "${stack}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

const STACK_NAME = /^[a-z][a-z0-9-]{0,19}$/;
const PROJECT_NAMESPACE = "platform:";

/**
 * Pulumi passes every config value as a string; structured values arrive as JSON. A number is
 * taken as one only when it reads back the same, so a release "1.10" stays text, not 1.1.
 */
export function parseConfigValue(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "number" && String(value) !== text ? text : value;
  } catch {
    return text;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Stack values over role defaults: objects merge key by key, anything else replaces. */
export function mergeOver(defaults: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    const base = merged[key];
    merged[key] = isPlainObject(base) && isPlainObject(value) ? mergeOver(base, value) : value;
  }
  return merged;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function keyOf(path: PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return [head ?? "(config)", ...rest].join(".");
}

export function formatIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const where = issue.path.length > 0 ? ` in ${keyOf(issue.path)}` : "";
      return `${issue.keys.join(", ")}: unknown key${issue.keys.length > 1 ? "s" : ""}${where}; check the spelling against the config reference in CONFIG.md`;
    }
    return `${keyOf(issue.path)}: found ${describe(issue.input)}; ${issue.message}`;
  });
}

function fullStackName(reference: string, identity: StackIdentity, org: string | undefined): string {
  const parts = reference.split("/");
  if (parts.length === 3) return reference;
  if (parts.length === 2) return `${org ?? identity.organization}/${reference}`;
  return `${org ?? identity.organization}/${identity.project}/${reference}`;
}

/** A stack's role: `platform:role`, or the stack's own name when that is not set. */
export function roleOf(raw: Record<string, string>, identity: StackIdentity): string {
  return raw["platform:role"] === undefined ? identity.stack : String(parseConfigValue(raw["platform:role"]));
}

/**
 * Turns the engine's raw config (every namespace, values as strings) into a typed, validated
 * configuration, or throws one ConfigError that lists every problem. Declares nothing.
 */
export function loadConfig(raw: Record<string, string>, identity: StackIdentity): PlatformConfig {
  const role = roleOf(raw, identity);
  const problems: string[] = [];
  if (!STACK_NAME.test(identity.stack)) {
    problems.push(
      `stack name: found ${describe(identity.stack)}; expected 1-20 lower-case letters, digits or hyphens starting with a letter, as it prefixes AWS resource names`,
    );
  }
  if (!isRole(role)) {
    const source = raw["platform:role"] === undefined ? "the stack name, since platform:role is not set" : "platform:role";
    throw new ConfigError(identity.stack, [...problems, `platform:role: found ${describe(role)} (from ${source}); expected one of ${ROLES.join(", ")}`]);
  }

  const given: Record<string, unknown> = { "platform:role": role };
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith(PROJECT_NAMESPACE) || key === "aws:region") given[key] = parseConfigValue(value);
  }
  const result = ROLE_SCHEMAS[role].safeParse(mergeOver(ROLE_DEFAULTS[role], given), { reportInput: true });
  if (!result.success) problems.push(...formatIssues(result.error.issues));
  else if ("platform:data" in result.data)
    problems.push(...databaseIdentifierProblems(`${identity.project}-${identity.stack}`, result.data["platform:data"].readers));
  if (problems.length > 0 || !result.success) throw new ConfigError(identity.stack, problems);

  return toPlatformConfig(role, result.data, identity);
}

function toPlatformConfig(role: Role, input: SharedConfigInput | EnvironmentConfigInput, identity: StackIdentity): PlatformConfig {
  const base: BaseConfig = {
    identity,
    namePrefix: `${identity.project}-${identity.stack}`,
    region: input["aws:region"],
    protect: input["platform:protect"],
    tags: {
      environment: identity.stack,
      service: input["platform:service"],
      owner: input["platform:owner"],
      "cost-center": input["platform:costCenter"],
    },
  };
  if (role === "shared") {
    const shared = input as SharedConfigInput;
    return {
      ...base,
      role,
      domain: shared["platform:domain"],
      publicZone: shared["platform:publicZone"],
      alerts: shared["platform:alerts"],
      releases: shared["platform:releases"],
      registry: shared["platform:registry"],
      baseImage: shared["platform:baseImage"],
    };
  }
  const env = input as EnvironmentConfigInput;
  const ttl = env["platform:ttl"];
  return {
    ...base,
    role,
    tags: ttl === undefined ? base.tags : { ...base.tags, ttl },
    sharedStack: fullStackName(env["platform:sharedStack"] ?? "shared", identity, env["platform:org"]),
    network: env["platform:network"],
    ports: env["platform:ports"],
    data: env["platform:data"],
    web: env["platform:web"],
    worker: env["platform:worker"],
    compute: env["platform:compute"],
    jobs: env["platform:jobs"],
    release: env["platform:release"],
    proxy: env["platform:proxy"],
    containers: env["platform:containers"],
    beta: env["platform:beta"],
    observability: env["platform:observability"],
    alerts: env["platform:alerts"],
    ...(role === "load-test" && {
      mirrorStack: fullStackName(env["platform:mirror"] ?? "prod", identity, env["platform:org"]),
      loadTest: loadTestSettings(env["platform:loadTest"], base.region),
    }),
    edge: env["platform:edge"],
  };
}

function loadTestSettings(input: LoadTestConfigInput | undefined, targetRegion: string): LoadTestSettings | undefined {
  return input && { ...input, region: input.region ?? defaultGeneratorRegion(targetRegion) };
}
