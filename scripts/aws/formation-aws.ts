/** An Auto Scaling group's sizes, instances and target groups, as DescribeAutoScalingGroups reports them. */
export interface GroupState {
  groupName: string;
  min: number;
  desired: number;
  max: number;
  /** The target groups the group registers its instances with. */
  targetGroupArns: string[];
  instances: { instanceId: string; zone: string; lifecycleState: string; healthStatus: string; instanceType?: string }[];
}

/** One target of a target group, as DescribeTargetHealth reports it. */
export interface TargetState {
  instanceId: string;
  /** initial, healthy, unhealthy, unused, draining, unavailable, ... */
  state: string;
  /** The load balancer's reason code when not healthy, e.g. Target.FailedHealthChecks. */
  reason?: string;
}

/** What DescribeInstances says of an instance beside its group: when it launched and the release it tagged itself with. */
export interface InstanceFacts {
  instanceId: string;
  launchTime?: Date;
  /** Its `platform:release` tag (RELEASE_TAG_KEY); absent until its first install, or where tagging failed. */
  release?: string;
}

/** A queue's depth (GetQueueAttributes) and the age of its oldest message (CloudWatch, the latest minute reported). */
export interface QueueDepth {
  url: string;
  visible: number;
  inFlight: number;
  /** Seconds, from ApproximateAgeOfOldestMessage; absent when CloudWatch has no recent datapoint. */
  oldestAgeSeconds?: number;
}

/** A database or cache member: its id, role, zone and status. */
export interface DataMember {
  id: string;
  /** writer or reader (Aurora); primary or replica (ElastiCache). */
  role: string;
  zone?: string;
  status?: string;
  instanceClass?: string;
}

export interface DataState {
  id: string;
  status: string;
  members: DataMember[];
}

/** An alarm in ALARM: its name, the reason CloudWatch gives and since when. */
export interface OpenAlarm {
  name: string;
  reason: string;
  since?: Date;
}

/**
 * What the live formation reads of AWS, in one region, read only. The real one calls the SDK (sdk-formation-aws.ts)
 * with the default credential chain; tests use a fake.
 */
export interface FormationAws {
  /** The named groups; one that does not exist is left out. */
  groups(groupNames: string[]): Promise<GroupState[]>;
  targetHealth(targetGroupArn: string): Promise<TargetState[]>;
  instances(instanceIds: string[]): Promise<InstanceFacts[]>;
  queueDepth(queueUrl: string): Promise<QueueDepth>;
  /** The Aurora cluster: status, and each member's role, zone and status. */
  database(clusterId: string): Promise<DataState>;
  /** The ElastiCache replication group: status, and each member cluster's role and zone. */
  cache(replicationGroupId: string): Promise<DataState>;
  /** Those of the named alarms (metric or composite) that are in ALARM now. */
  openAlarms(alarmNames: string[]): Promise<OpenAlarm[]>;
}
