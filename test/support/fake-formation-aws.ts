import type { DataState, FormationAws, GroupState, InstanceFacts, OpenAlarm, QueueDepth, TargetState } from "../../scripts/aws/formation-aws";

const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

/**
 * A formation as AWS would report it, recording each read in `calls`. By default every named group exists with three
 * InService instances, one per zone, healthy in its target groups (web only), launched an hour before the fake's clock.
 */
export class FakeFormationAws implements FormationAws {
  readonly calls: string[] = [];
  /** Target groups by group name; default: the web groups' own. */
  readonly targetGroups = new Map<string, string[]>();
  /** Target states by instance id; default: healthy. */
  readonly targetStates = new Map<string, TargetState>();
  /** Release tags by instance id; default: 1.4.2. An entry of undefined is an untagged instance. */
  readonly releases = new Map<string, string | undefined>();
  readonly depths = new Map<string, QueueDepth>();
  openAlarmNames: string[] = [];
  readonly missingGroups = new Set<string>();

  constructor(private readonly launchedAt = new Date("2026-01-10T11:00:00Z")) {}

  private groupTargets(groupName: string): string[] {
    return (
      this.targetGroups.get(groupName) ??
      (groupName.includes("web") ? [`arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/${groupName}/0123456789abcdef`] : [])
    );
  }

  async groups(groupNames: string[]): Promise<GroupState[]> {
    this.calls.push(`describeAutoScalingGroups ${groupNames.join(",")}`);
    return groupNames
      .filter((groupName) => !this.missingGroups.has(groupName))
      .map((groupName) => ({
        groupName,
        min: 3,
        desired: 3,
        max: 30,
        targetGroupArns: this.groupTargets(groupName),
        instances: ZONES.map((zone, i) => ({
          instanceId: `${groupName}-i${i + 1}`,
          zone,
          lifecycleState: "InService",
          healthStatus: "Healthy",
          instanceType: "m7g.large",
        })),
      }));
  }
  async targetHealth(targetGroupArn: string): Promise<TargetState[]> {
    this.calls.push(`describeTargetHealth ${targetGroupArn}`);
    const group = /targetgroup\/([^/]+)\//.exec(targetGroupArn)?.[1] ?? "";
    return ZONES.map((_, i) => `${group}-i${i + 1}`).map((instanceId) => this.targetStates.get(instanceId) ?? { instanceId, state: "healthy" });
  }
  async instances(instanceIds: string[]): Promise<InstanceFacts[]> {
    this.calls.push(`describeInstances ${instanceIds.length}`);
    return instanceIds.map((instanceId) => ({
      instanceId,
      launchTime: this.launchedAt,
      release: this.releases.has(instanceId) ? this.releases.get(instanceId) : "1.4.2",
    }));
  }
  async queueDepth(url: string): Promise<QueueDepth> {
    this.calls.push(`getQueueAttributes ${url}`);
    return this.depths.get(url) ?? { url, visible: 0, inFlight: 0 };
  }
  async database(clusterId: string): Promise<DataState> {
    this.calls.push(`describeDBClusters ${clusterId}`);
    return {
      id: clusterId,
      status: "available",
      members: ZONES.map((zone, i) => ({
        id: `${clusterId}-${i + 1}`,
        role: i === 0 ? "writer" : "reader",
        zone,
        status: "available",
        instanceClass: "db.r7g.large",
      })),
    };
  }
  async cache(replicationGroupId: string): Promise<DataState> {
    this.calls.push(`describeReplicationGroups ${replicationGroupId}`);
    return {
      id: replicationGroupId,
      status: "available",
      members: ZONES.slice(0, 2).map((zone, i) => ({ id: `${replicationGroupId}-00${i + 1}`, role: i === 0 ? "primary" : "replica", zone })),
    };
  }
  async openAlarms(alarmNames: string[]): Promise<OpenAlarm[]> {
    this.calls.push(`describeAlarms ${alarmNames.length}`);
    return alarmNames
      .filter((name) => this.openAlarmNames.includes(name))
      .map((name) => ({ name, reason: "Threshold Crossed: 3 out of the last 5 datapoints", since: new Date("2026-01-10T11:55:00Z") }));
  }
}
