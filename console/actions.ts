import { z } from "zod";
import { RELEASE_GROUP_PARTS } from "../contracts/outputs";
import type { Command } from "commander";
import type { ScriptContext } from "../scripts/context";
import { deployProgram } from "../scripts/deploy";
import { envProgram } from "../scripts/env";
import { instancesProgram } from "../scripts/instances";
import { releaseProgram } from "../scripts/release";
import { rollbackProgram } from "../scripts/rollback";
import { BATCH_PERCENT_RANGE } from "../scripts/rollout/in-place-plan";
import { DEFAULT_LOG_LINES, INSTANCE_LOG_NAMES, INSTANCE_LOGS, MAX_LOG_LINES } from "../tiers/compute/logs-document-plan";
import { RELEASE_VERSION } from "../tiers/compute/release-plan";

const stack = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, "a stack name: letters, digits, _ . -");
const version = z.string().regex(RELEASE_VERSION, "a release version such as 1.4.2");
const name = z.string().regex(/^[a-z0-9][a-z0-9-]{0,19}$/, "an environment name: lower-case letters, digits, -");
const batchPercent = z
  .number()
  .int()
  .min(BATCH_PERCENT_RANGE.min)
  .max(BATCH_PERCENT_RANGE.max)
  .describe("Share of each group that takes the release at once after the canary.");
const batchArgs = (percent: number | undefined) => (percent === undefined ? [] : ["--batch-percent", String(percent)]);
const instanceId = z.string().regex(/^i-[0-9a-f]{8,17}$/, "an EC2 instance id such as i-0123456789abcdef0");
const group = z.enum(RELEASE_GROUP_PARTS, { error: `one of ${RELEASE_GROUP_PARTS.join(", ")}` });
const confirm = z.string().describe("The environment's name typed back; required by destructive actions.");

/** What a console action runs: a script's own command line, given the checked input. */
export interface ActionDefinition<T extends z.ZodType = z.ZodType> {
  summary: string;
  input: T;
  /** The stack the action touches, for the audit log and the typed-back name. */
  stackOf: (input: z.infer<T>) => string;
  /** Whether the environment's name must be typed back (`confirm`). */
  destructive: (input: z.infer<T>) => boolean;
  program: (context: ScriptContext) => Command;
  argv: (input: z.infer<T>) => string[];
}

const define = <T extends z.ZodType>(action: ActionDefinition<T>) => action as unknown as ActionDefinition;

export const ACTIONS: Record<string, ActionDefinition> = {
  preview: define({
    summary: "Preview a stack and the stacks it reads (npm run deploy --preview-only).",
    input: z.strictObject({ stack }),
    stackOf: (i) => i.stack,
    destructive: () => false,
    program: deployProgram,
    argv: (i) => ["--env", i.stack, "--preview-only"],
  }),
  deploy: define({
    summary: "Deploy a stack and the stacks it reads (npm run deploy --yes).",
    input: z.strictObject({ stack, overBudget: z.boolean().optional() }),
    stackOf: (i) => i.stack,
    destructive: () => false,
    program: deployProgram,
    argv: (i) => ["--env", i.stack, "--yes", ...(i.overBudget ? ["--over-budget"] : [])],
  }),
  release: define({
    summary: "Release a version to a stack in place, canary first, stopping on errors and alarms (npm run release).",
    input: z.strictObject({ stack, version, migrate: z.boolean().optional(), batchPercent: batchPercent.optional() }),
    stackOf: (i) => i.stack,
    destructive: () => false,
    program: releaseProgram,
    argv: (i) => [i.version, "--env", i.stack, "--yes", ...(i.migrate ? ["--migrate"] : []), ...batchArgs(i.batchPercent)],
  }),
  rollback: define({
    summary: "Put a stack back on its previous release, or on `to` (npm run rollback); prod needs its name typed back.",
    input: z.strictObject({ stack, to: version.optional(), confirm: confirm.optional(), batchPercent: batchPercent.optional() }),
    stackOf: (i) => i.stack,
    destructive: (i) => i.stack === "prod",
    program: rollbackProgram,
    argv: (i) => ["--env", i.stack, "--yes", ...(i.to ? ["--to", i.to] : []), ...batchArgs(i.batchPercent)],
  }),
  "beta-start": define({
    summary: "Run a release as beta beside the main one for a share of web traffic (npm run release --beta --weight).",
    input: z.strictObject({ stack, version, weight: z.number().int().min(0).max(100) }),
    stackOf: (i) => i.stack,
    destructive: () => false,
    program: releaseProgram,
    argv: (i) => ["--beta", i.version, "--weight", String(i.weight), "--env", i.stack, "--yes"],
  }),
  "beta-weigh": define({
    summary: "Change the running beta's share of web traffic (npm run release --weight).",
    input: z.strictObject({ stack, weight: z.number().int().min(0).max(100) }),
    stackOf: (i) => i.stack,
    destructive: () => false,
    program: releaseProgram,
    argv: (i) => ["--weight", String(i.weight), "--env", i.stack, "--yes"],
  }),
  "beta-promote": define({
    summary: "Make beta's release the main release (npm run release promote).",
    input: z.strictObject({ stack }),
    stackOf: (i) => i.stack,
    destructive: () => false,
    program: releaseProgram,
    argv: (i) => ["promote", "--env", i.stack, "--yes"],
  }),
  "beta-abort": define({
    summary: "Send beta's share back to the main release (npm run release abort).",
    input: z.strictObject({ stack }),
    stackOf: (i) => i.stack,
    destructive: () => false,
    program: releaseProgram,
    argv: (i) => ["abort", "--env", i.stack, "--yes"],
  }),
  "instance-terminate": define({
    summary: "Terminate an instance of a stack's groups; its group launches a replacement (npm run instances terminate); needs the stack's name typed back.",
    input: z.strictObject({ stack, instanceId, confirm: confirm.optional() }),
    stackOf: (i) => i.stack,
    destructive: () => true,
    program: instancesProgram,
    argv: (i) => ["terminate", i.instanceId, "--env", i.stack, "--yes"],
  }),
  "tier-refresh": define({
    summary: "Replace every instance of a tier's group with an instance refresh (npm run instances refresh); needs the stack's name typed back.",
    input: z.strictObject({ stack, tier: group, confirm: confirm.optional() }),
    stackOf: (i) => i.stack,
    destructive: () => true,
    program: instancesProgram,
    argv: (i) => ["refresh", "--env", i.stack, "--tier", i.tier, "--yes"],
  }),
  "tier-restart": define({
    summary: "Restart a tier's instances on their release, canary first, each out of its target group meanwhile (npm run instances restart).",
    input: z.strictObject({ stack, tier: group, batchPercent: batchPercent.optional() }),
    stackOf: (i) => i.stack,
    destructive: () => false,
    program: instancesProgram,
    argv: (i) => ["restart", "--env", i.stack, "--tier", i.tier, "--yes", ...batchArgs(i.batchPercent)],
  }),
  "tier-logs": define({
    summary: "Print the last lines of a named log of a tier's instances through Run Command (npm run instances logs); changes nothing.",
    input: z.strictObject({
      stack,
      tier: group,
      log: z.enum(INSTANCE_LOG_NAMES, { error: `one of ${INSTANCE_LOG_NAMES.join(", ")}` }).describe(
        Object.entries(INSTANCE_LOGS)
          .map(([n, what]) => `${n}: ${what}`)
          .join("; "),
      ),
      lines: z
        .number()
        .int()
        .min(1)
        .max(MAX_LOG_LINES)
        .optional()
        .describe(`Last lines of each instance's log, 1-${MAX_LOG_LINES} (default ${DEFAULT_LOG_LINES}).`),
      instanceId: instanceId.optional().describe("One instance of the tier; default: its instances in service, at most 50."),
    }),
    stackOf: (i) => i.stack,
    destructive: () => false,
    program: instancesProgram,
    argv: (i) => [
      "logs",
      "--env",
      i.stack,
      "--tier",
      i.tier,
      "--log",
      i.log,
      ...(i.lines === undefined ? [] : ["--lines", String(i.lines)]),
      ...(i.instanceId === undefined ? [] : ["--instance", i.instanceId]),
    ],
  }),
  "env-create": define({
    summary: "Create and bring up ephemeral environment dev-<name> (npm run env create).",
    input: z.strictObject({
      name,
      from: stack.optional(),
      ttl: z
        .string()
        .regex(/^[1-9]\d*[hd]$/, "hours or days, e.g. 72h or 3d")
        .optional(),
    }),
    stackOf: (i) => `dev-${i.name}`,
    destructive: () => false,
    program: envProgram,
    argv: (i) => ["create", i.name, ...(i.from ? ["--from", i.from] : []), ...(i.ttl ? ["--ttl", i.ttl] : [])],
  }),
  "env-destroy": define({
    summary: "Destroy ephemeral environment dev-<name> and remove its stack (npm run env destroy); needs dev-<name> typed back.",
    input: z.strictObject({ name, confirm: confirm.optional() }),
    stackOf: (i) => `dev-${i.name}`,
    destructive: () => true,
    program: envProgram,
    argv: (i) => ["destroy", i.name, "--yes"],
  }),
};
