import type { ReleaseGroupPart } from "../../contracts/outputs";
import type { DataState, GroupState, InstanceFacts, OpenAlarm, QueueDepth, TargetState } from "../aws/formation-aws";

/** An instance of a group as the formation shows it: where it is, how its group and load balancer see it, what it runs. */
export interface LiveInstance {
  instanceId: string;
  zone: string;
  /** InService, Pending, Terminating, Warmed:Stopped, ... */
  lifecycleState: string;
  /** Healthy or Unhealthy, as its Auto Scaling group sees it. */
  healthStatus: string;
  instanceType?: string;
  /** Its state in each of its group's target groups, by target group name; none for a worker. */
  targets: { targetGroup: string; state: string; reason?: string }[];
  /** The release it tagged itself with; absent until its first install, or where tagging failed. */
  release?: string;
  /** Seconds since it launched. */
  ageSeconds?: number;
  /** The logged Session Manager command (the environment's session document). */
  sessionCommand: string;
}

export interface LiveGroup {
  part: ReleaseGroupPart;
  groupName: string;
  min: number;
  desired: number;
  max: number;
  /** Names of the target groups it registers with. */
  targetGroups: string[];
  /** By zone, then id. */
  instances: LiveInstance[];
}

export interface LiveQueue {
  name: string;
  depth: QueueDepth;
  deadLetter: QueueDepth;
}

/** An environment as AWS reports it at `observedAt`. */
export interface LiveFormation {
  stack: string;
  region: string;
  observedAt: string;
  url: string;
  loadBalancerDnsName: string;
  zones: string[];
  groups: LiveGroup[];
  database: DataState;
  cache: DataState;
  queues: LiveQueue[];
  /** The environment's alarms in ALARM now. */
  openAlarms: { name: string; reason: string; since?: string }[];
  /** The Systems Manager console's page to start a session: an unlogged one, as the console uses the account's default document. */
  sessionConsoleUrl: string;
  sessionDocumentName: string;
}

/** What the formation read of AWS, before it is put together. */
export interface FormationReads {
  groups: { part: ReleaseGroupPart; state: GroupState }[];
  targetHealth: Map<string, TargetState[]>;
  instances: InstanceFacts[];
  database: DataState;
  cache: DataState;
  queues: LiveQueue[];
  openAlarms: OpenAlarm[];
}

export interface FormationFacts {
  stack: string;
  region: string;
  url: string;
  loadBalancerDnsName: string;
  availabilityZones: string[];
  sessionDocumentName: string;
}

/** `arn:...:targetgroup/<name>/<id>` -> name. */
export const targetGroupName = (arn: string): string => /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn;

/** The logged Session Manager command for an instance: the environment's document streams the session to its log group. */
export const sessionCommand = (region: string, instanceId: string, documentName: string): string =>
  `aws ssm start-session --region ${region} --target ${instanceId} --document-name ${documentName}`;

/**
 * The console's Start session page. Sessions the AWS console starts (Session Manager, Fleet Manager, EC2 Connect) use
 * the account's default document, SSM-SessionManagerRunShell, never the environment's logged one (Systems Manager
 * User Guide, "Start a default shell session by specifying the default session document in IAM policies").
 */
export const sessionConsoleUrl = (region: string): string =>
  `https://${region}.console.aws.amazon.com/systems-manager/session-manager/start-session?region=${region}`;

/** Puts the reads together: each group's instances with their target health, release and age. */
export function assembleFormation(facts: FormationFacts, reads: FormationReads, now: Date): LiveFormation {
  const byId = new Map(reads.instances.map((instance) => [instance.instanceId, instance]));
  const groups = reads.groups.map(({ part, state }): LiveGroup => {
    const instances = state.instances
      .map((instance): LiveInstance => {
        const described = byId.get(instance.instanceId);
        const targets = state.targetGroupArns.flatMap((arn) => {
          const target = reads.targetHealth.get(arn)?.find((t) => t.instanceId === instance.instanceId);
          return [{ targetGroup: targetGroupName(arn), state: target?.state ?? "not registered", reason: target?.reason }];
        });
        const launched = described?.launchTime?.getTime();
        return {
          ...instance,
          targets,
          release: described?.release,
          ageSeconds: launched === undefined ? undefined : Math.max(0, Math.round((now.getTime() - launched) / 1000)),
          sessionCommand: sessionCommand(facts.region, instance.instanceId, facts.sessionDocumentName),
        };
      })
      .sort((a, b) => a.zone.localeCompare(b.zone) || a.instanceId.localeCompare(b.instanceId));
    return {
      part,
      groupName: state.groupName,
      min: state.min,
      desired: state.desired,
      max: state.max,
      targetGroups: state.targetGroupArns.map(targetGroupName),
      instances,
    };
  });
  return {
    stack: facts.stack,
    region: facts.region,
    observedAt: now.toISOString(),
    url: facts.url,
    loadBalancerDnsName: facts.loadBalancerDnsName,
    zones: facts.availabilityZones,
    groups,
    database: reads.database,
    cache: reads.cache,
    queues: reads.queues,
    openAlarms: reads.openAlarms.map((alarm) => ({ name: alarm.name, reason: alarm.reason, since: alarm.since?.toISOString() })),
    sessionConsoleUrl: sessionConsoleUrl(facts.region),
    sessionDocumentName: facts.sessionDocumentName,
  };
}
