import { DEFAULT_LOG_LINES, INSTANCE_LOG_NAMES, MAX_LOG_LINES, type InstanceLog } from "../../tiers/compute/logs-document-plan";
import { ScriptError, type ScriptContext } from "../context";
import { commandState } from "../rollout/in-place-plan";
import { groupOf, type Fleet } from "./instance-actions";

/** SendCommand's InstanceIds takes at most 50 ids (SSM API reference, SendCommand). */
const MAX_TARGETS = 50;
const POLL_MS = 2000;
/** Seconds a log request waits for its instances: the document's own step times out after 60. */
const WAIT_SECONDS = 120;

export interface LogRequest {
  log: string;
  lines: string;
  /** One instance of the tier; default: its instances in service, at most 50. */
  instanceId?: string;
}

/** The request's log and lines, or one message naming every bad value; nothing is sent before it passes. */
export function parseLogRequest(request: LogRequest): { log: InstanceLog; lines: number } {
  const problems: string[] = [];
  const log = INSTANCE_LOG_NAMES.find((name) => name === request.log);
  if (!log) problems.push(`--log ${request.log}: one of ${INSTANCE_LOG_NAMES.join(", ")}`);
  const lines = Number(request.lines);
  if (!/^\d+$/.test(request.lines) || lines < 1 || lines > MAX_LOG_LINES) problems.push(`--lines ${request.lines}: a whole number, 1-${MAX_LOG_LINES}`);
  if (problems.length > 0 || !log) throw new ScriptError(`${problems.join("; ")}. Nothing sent.`);
  return { log, lines };
}

export const DEFAULT_LINES = String(DEFAULT_LOG_LINES);

/**
 * Prints the last lines of a named log of a tier's instances through the logs document (Run Command, read only): one
 * instance, or those in service (at most 50; the CloudWatch log group has them all). Fails, after printing every
 * output, when any instance did not answer.
 */
export async function tierLogs(context: ScriptContext, fleet: Fleet, part: string, request: LogRequest): Promise<void> {
  const { log, lines } = parseLogRequest(request);
  const group = groupOf(fleet, part);
  const documentName = fleet.outputs.logsDocumentName;
  if (!documentName) throw new ScriptError(`${fleet.stack} has no logs document yet: update it with npm run deploy first. Nothing sent.`);
  const inService = (await fleet.aws.groupInstances(group.groupName)).filter((instance) => instance.lifecycleState === "InService");
  const targets = request.instanceId ? inService.filter((instance) => instance.instanceId === request.instanceId) : inService.slice(0, MAX_TARGETS);
  if (request.instanceId && targets.length === 0)
    throw new ScriptError(`${request.instanceId} is not an instance in service of ${group.groupName}. Nothing sent.`);
  if (targets.length === 0) throw new ScriptError(`${group.groupName} has no instance in service. Nothing sent.`);
  if (inService.length > targets.length && !request.instanceId)
    context.print(`${group.groupName} has ${inService.length} instances in service: showing the first ${targets.length}; all of them ship to CloudWatch Logs.`);

  const commandId = await fleet.aws.sendCommand({
    documentName,
    parameters: { Log: [log], Lines: [String(lines)] },
    target: { instanceIds: targets.map((instance) => instance.instanceId) },
    maxConcurrency: String(MAX_TARGETS),
    maxErrors: String(targets.length),
    deliveryTimeoutSeconds: WAIT_SECONDS,
    comment: `${log} log of ${group.groupName}`,
  });
  const deadline = context.now().getTime() + WAIT_SECONDS * 1000;
  while (commandState((await fleet.aws.commandProgress(commandId)).status) === "running") {
    if (context.now().getTime() > deadline)
      throw new ScriptError(`command ${commandId} still runs after ${WAIT_SECONDS} s; see aws ssm list-command-invocations --details.`);
    await context.sleep(POLL_MS);
  }
  const failed: string[] = [];
  for (const instance of targets) {
    const result = await fleet.aws.commandOutput(commandId, instance.instanceId);
    context.print(`== ${instance.instanceId} ${instance.zone} (${result.status}) ==`);
    for (const line of result.output.trimEnd().split("\n")) if (line) context.print(line);
    for (const line of result.error.trimEnd().split("\n")) if (line) context.print(`! ${line}`);
    if (result.status !== "Success") failed.push(instance.instanceId);
  }
  if (failed.length > 0) throw new ScriptError(`The ${log} log could not be read on ${failed.join(", ")} (command ${commandId}).`);
}
