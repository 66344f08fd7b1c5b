import { DEFAULT_LOG_LINES, INSTANCE_LOG_NAMES, LOGS_STEP_TIMEOUT_SECONDS, MAX_LOG_LINES, type InstanceLog } from "../../tiers/compute/logs-document-plan";
import { ScriptError, type ScriptContext } from "../context";
import { commandState } from "../rollout/in-place-plan";
import { groupOf, type Fleet } from "./instance-actions";

/** SendCommand's InstanceIds takes at most 50 ids (SSM API reference, SendCommand). */
const MAX_TARGETS = 50;
/** Instances of a tier a request looks at, of which the first 50 online are asked. */
const MAX_CHECKED = 100;
const POLL_MS = 2000;
/** Seconds an instance has to pick the command up (SendCommand's TimeoutSeconds, 30 at least). */
const DELIVERY_TIMEOUT_SECONDS = 120;
/** Seconds a log request waits: delivery, then the document's own step, and slack for the status to settle. */
const WAIT_SECONDS = DELIVERY_TIMEOUT_SECONDS + LOGS_STEP_TIMEOUT_SECONDS + 20;

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
 * instance, or those in service (at most 50; the CloudWatch log group has them all). Instances whose SSM Agent is not
 * online are named and skipped, as SendCommand would refuse the whole request. Fails, after printing every output it
 * got, when any instance did not answer.
 */
export async function tierLogs(context: ScriptContext, fleet: Fleet, part: string, request: LogRequest): Promise<void> {
  const { log, lines } = parseLogRequest(request);
  const group = groupOf(fleet, part);
  const documentName = fleet.outputs.logsDocumentName;
  if (!documentName) throw new ScriptError(`${fleet.stack} has no logs document yet: update it with npm run deploy first. Nothing sent.`);
  const inService = (await fleet.aws.groupInstances(group.groupName)).filter((instance) => instance.lifecycleState === "InService");
  const asked = request.instanceId ? inService.filter((instance) => instance.instanceId === request.instanceId) : inService.slice(0, MAX_CHECKED);
  if (request.instanceId && asked.length === 0)
    throw new ScriptError(`${request.instanceId} is not an instance in service of ${group.groupName}. Nothing sent.`);
  if (asked.length === 0) throw new ScriptError(`${group.groupName} has no instance in service. Nothing sent.`);
  const online = new Set(await fleet.aws.onlineInstances(asked.map((instance) => instance.instanceId)));
  const offline = asked.filter((instance) => !online.has(instance.instanceId)).map((instance) => instance.instanceId);
  const targets = asked.filter((instance) => online.has(instance.instanceId)).slice(0, MAX_TARGETS);
  const notOnline = `SSM Agent not online (aws ssm describe-instance-information)`;
  if (targets.length === 0) throw new ScriptError(`The ${log} log could not be read on ${offline.join(", ")}: ${notOnline}. Nothing sent.`);
  if (inService.length > targets.length + offline.length && !request.instanceId)
    context.print(`${group.groupName} has ${inService.length} instances in service: showing ${targets.length}; all of them ship to CloudWatch Logs.`);

  const commandId = await fleet.aws.sendCommand({
    documentName,
    parameters: { Log: [log], Lines: [String(lines)] },
    target: { instanceIds: targets.map((instance) => instance.instanceId) },
    maxConcurrency: String(MAX_TARGETS),
    maxErrors: String(targets.length),
    deliveryTimeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
    comment: `${log} log of ${group.groupName}`,
  });
  const deadline = context.now().getTime() + WAIT_SECONDS * 1000;
  let running = commandState((await fleet.aws.commandProgress(commandId)).status) === "running";
  while (running && context.now().getTime() <= deadline) {
    await context.sleep(POLL_MS);
    running = commandState((await fleet.aws.commandProgress(commandId)).status) === "running";
  }
  const failed: string[] = [];
  for (const instance of targets) {
    const result = await fleet.aws.commandOutput(commandId, instance.instanceId);
    context.print(`== ${instance.instanceId} ${instance.zone} (${result.status}) ==`);
    for (const line of result.output.trimEnd().split("\n")) if (line) context.print(line);
    for (const line of result.error.trimEnd().split("\n")) if (line) context.print(`! ${line}`);
    if (result.status !== "Success") failed.push(instance.instanceId);
  }
  const problems = [
    ...(failed.length > 0 ? [`${failed.join(", ")} (command ${commandId}${running ? `, still running after ${WAIT_SECONDS} s` : ""})`] : []),
    ...(offline.length > 0 ? [`${offline.join(", ")} (${notOnline})`] : []),
  ];
  if (problems.length > 0) throw new ScriptError(`The ${log} log could not be read on ${problems.join("; ")}.`);
}
