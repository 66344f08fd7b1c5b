import type { z } from "zod";
import { environmentOutputs, RELEASE_GROUP_PARTS } from "../../contracts/outputs";
import { readStackOutputs } from "../aws/stack-in-aws";
import type { ScriptContext } from "../context";
import type { PlatformWorkspace } from "../pulumi/workspace";
import { assembleFormation, type LiveFormation, type LiveQueue } from "./formation-plan";

/** What the formation reads of a stack. */
const formationOutputs = environmentOutputs.pick({
  region: true,
  url: true,
  loadBalancerDnsName: true,
  availabilityZones: true,
  releaseGroups: true,
  sessionDocumentName: true,
  databaseClusterId: true,
  cacheReplicationGroupId: true,
  queues: true,
  alarmNames: true,
});
export type FormationOutputs = z.infer<typeof formationOutputs>;

/**
 * The environment as AWS reports it now: its groups (sizes, instances with their target health, zone, release and age),
 * the database's writer and readers, the cache, the queues' depths and the alarms in ALARM. Read only.
 */
export async function readLiveFormation(context: ScriptContext, workspace: PlatformWorkspace, stack: string): Promise<LiveFormation> {
  const outputs = await readStackOutputs(workspace, stack, formationOutputs, "its formation");
  const aws = await context.formationAws(outputs.region);
  const parts = RELEASE_GROUP_PARTS.filter((part) => outputs.releaseGroups[part]);
  const groupNames = parts.map((part) => outputs.releaseGroups[part]?.groupName ?? "");
  const [states, database, cache, queues, openAlarms] = await Promise.all([
    aws.groups(groupNames),
    aws.database(outputs.databaseClusterId),
    aws.cache(outputs.cacheReplicationGroupId),
    Promise.all(
      Object.entries(outputs.queues).map(async ([name, queue]): Promise<LiveQueue> => ({
        name,
        depth: await aws.queueDepth(queue.url),
        deadLetter: await aws.queueDepth(queue.deadLetterUrl),
      })),
    ),
    aws.openAlarms(outputs.alarmNames),
  ]);
  const groups = parts.flatMap((part, i) => states.filter((state) => state.groupName === groupNames[i]).map((state) => ({ part, state })));
  const targetGroupArns = [...new Set(states.flatMap((state) => state.targetGroupArns))];
  const instanceIds = states.flatMap((state) => state.instances.map((instance) => instance.instanceId));
  const [health, instances] = await Promise.all([
    Promise.all(targetGroupArns.map(async (arn) => [arn, await aws.targetHealth(arn)] as const)),
    aws.instances(instanceIds),
  ]);
  return assembleFormation({ stack, ...outputs }, { groups, targetHealth: new Map(health), instances, database, cache, queues, openAlarms }, context.now());
}
