import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeReplicationGroupsCommand, ElastiCacheClient, ReplicationGroupNotFoundFault } from "@aws-sdk/client-elasticache";
import { DBClusterNotFoundFault, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient, type DBInstance } from "@aws-sdk/client-rds";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { RELEASE_TAG_KEY } from "../../tiers/compute/release-plan";
import type { DataState, FormationAws, GroupState, InstanceFacts, OpenAlarm, QueueDepth, TargetState } from "./formation-aws";

// Names per DescribeAutoScalingGroups call without raising MaxRecords (Auto Scaling API reference, AutoScalingGroupNames).
const GROUP_NAMES_PER_CALL = 50;
// Filter values per DescribeInstances call (EC2 FilterLimitExceeded: "The maximum number of filter values specified on a single call is 200").
const INSTANCE_IDS_PER_CALL = 200;
// AlarmNames per DescribeAlarms call (CloudWatch API reference, DescribeAlarms: maximum of 100 items).
const ALARM_NAMES_PER_CALL = 100;
/** How far back the age of the oldest message is looked for. */
const OLDEST_AGE_WINDOW_MS = 15 * 60 * 1000;

/** The SDK clients SdkFormationAws calls; tests inject their own. */
export interface FormationClients {
  autoScaling: AutoScalingClient;
  loadBalancing: ElasticLoadBalancingV2Client;
  ec2: EC2Client;
  sqs: SQSClient;
  cloudWatch: CloudWatchClient;
  rds: RDSClient;
  elastiCache: ElastiCacheClient;
}

function chunked<T>(items: T[], size: number): T[][] {
  const unique = [...new Set(items)];
  return Array.from({ length: Math.ceil(unique.length / size) }, (_, i) => unique.slice(i * size, (i + 1) * size));
}

/** Every page of a NextToken-paginated call, in order. */
async function allPages<P extends { NextToken?: string }>(page: (token: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = [];
  let token: string | undefined;
  do {
    const next = await page(token);
    pages.push(next);
    token = next.NextToken;
  } while (token);
  return pages;
}

function count(value: string | undefined): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** FormationAws over the AWS SDK in one region; credentials come from the SDK's default provider chain. */
export class SdkFormationAws implements FormationAws {
  private readonly clients: FormationClients;

  constructor(
    region: string,
    clients: Partial<FormationClients> = {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.clients = {
      autoScaling: clients.autoScaling ?? new AutoScalingClient({ region }),
      loadBalancing: clients.loadBalancing ?? new ElasticLoadBalancingV2Client({ region }),
      ec2: clients.ec2 ?? new EC2Client({ region }),
      sqs: clients.sqs ?? new SQSClient({ region }),
      cloudWatch: clients.cloudWatch ?? new CloudWatchClient({ region }),
      rds: clients.rds ?? new RDSClient({ region }),
      elastiCache: clients.elastiCache ?? new ElastiCacheClient({ region }),
    };
  }

  async groups(groupNames: string[]): Promise<GroupState[]> {
    const chunks = await Promise.all(
      chunked(groupNames, GROUP_NAMES_PER_CALL).map((names) =>
        allPages((NextToken) => this.clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: names, NextToken }))),
      ),
    );
    return chunks.flat().flatMap((page) =>
      (page.AutoScalingGroups ?? []).map((group) => ({
        groupName: group.AutoScalingGroupName ?? "",
        min: group.MinSize ?? 0,
        desired: group.DesiredCapacity ?? 0,
        max: group.MaxSize ?? 0,
        targetGroupArns: group.TargetGroupARNs ?? [],
        instances: (group.Instances ?? []).map((instance) => ({
          instanceId: instance.InstanceId ?? "",
          zone: instance.AvailabilityZone ?? "",
          lifecycleState: instance.LifecycleState ?? "",
          healthStatus: instance.HealthStatus ?? "",
          instanceType: instance.InstanceType,
        })),
      })),
    );
  }

  async targetHealth(targetGroupArn: string): Promise<TargetState[]> {
    const { TargetHealthDescriptions } = await this.clients.loadBalancing.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
    return (TargetHealthDescriptions ?? []).map((description) => ({
      instanceId: description.Target?.Id ?? "",
      state: description.TargetHealth?.State ?? "",
      reason: description.TargetHealth?.Reason,
    }));
  }

  async instances(instanceIds: string[]): Promise<InstanceFacts[]> {
    const chunks = await Promise.all(
      chunked(instanceIds, INSTANCE_IDS_PER_CALL).map((ids) =>
        allPages((NextToken) =>
          // A filter, not InstanceIds: an unknown id in InstanceIds fails the whole call with InvalidInstanceID.NotFound
          // (EC2 API reference, DescribeInstances), where a filter only matches fewer instances. MaxResults is left out:
          // a chunk holds at most 200 instances.
          this.clients.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-id", Values: ids }], NextToken })),
        ),
      ),
    );
    return chunks.flat().flatMap((page) =>
      (page.Reservations ?? []).flatMap((reservation) =>
        (reservation.Instances ?? []).map((instance) => ({
          instanceId: instance.InstanceId ?? "",
          launchTime: instance.LaunchTime,
          release: instance.Tags?.find((tag) => tag.Key === RELEASE_TAG_KEY)?.Value,
        })),
      ),
    );
  }

  async queueDepth(queueUrl: string): Promise<QueueDepth> {
    const queueName = new URL(queueUrl).pathname.split("/").filter(Boolean).pop() ?? queueUrl;
    const end = this.now();
    const [{ Attributes }, { MetricDataResults }] = await Promise.all([
      this.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
      ),
      this.clients.cloudWatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            {
              Id: "oldest",
              MetricStat: {
                Metric: { Namespace: "AWS/SQS", MetricName: "ApproximateAgeOfOldestMessage", Dimensions: [{ Name: "QueueName", Value: queueName }] },
                Period: 60,
                Stat: "Maximum",
              },
            },
          ],
          StartTime: new Date(end.getTime() - OLDEST_AGE_WINDOW_MS),
          EndTime: end,
          ScanBy: "TimestampDescending",
        }),
      ),
    ]);
    return {
      url: queueUrl,
      visible: count(Attributes?.ApproximateNumberOfMessages),
      inFlight: count(Attributes?.ApproximateNumberOfMessagesNotVisible),
      oldestAgeSeconds: MetricDataResults?.find((result) => result.Id === "oldest")?.Values?.[0],
    };
  }

  async database(clusterId: string): Promise<DataState> {
    const [clusters, instancePages] = await Promise.all([
      this.clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId })).catch((error: unknown) => {
        if (error instanceof DBClusterNotFoundFault) throw new Error(`Aurora cluster ${clusterId} not found`, { cause: error });
        throw error;
      }),
      this.dbInstances(clusterId),
    ]);
    const cluster = clusters.DBClusters?.[0];
    if (!cluster) throw new Error(`Aurora cluster ${clusterId} not found`);
    const instances = new Map(instancePages.map((instance) => [instance.DBInstanceIdentifier, instance]));
    return {
      id: clusterId,
      status: cluster.Status ?? "",
      members: (cluster.DBClusterMembers ?? []).map((member) => {
        const instance = instances.get(member.DBInstanceIdentifier);
        return {
          id: member.DBInstanceIdentifier ?? "",
          role: member.IsClusterWriter ? "writer" : "reader",
          zone: instance?.AvailabilityZone,
          status: instance?.DBInstanceStatus,
          instanceClass: instance?.DBInstanceClass,
        };
      }),
    };
  }

  /** The cluster's DB instances; RDS paginates with Marker, not NextToken. */
  private async dbInstances(clusterId: string): Promise<DBInstance[]> {
    const found: DBInstance[] = [];
    let Marker: string | undefined;
    do {
      const page = await this.clients.rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: "db-cluster-id", Values: [clusterId] }], Marker }));
      found.push(...(page.DBInstances ?? []));
      Marker = page.Marker;
    } while (Marker);
    return found;
  }

  async cache(replicationGroupId: string): Promise<DataState> {
    const { ReplicationGroups } = await this.clients.elastiCache
      .send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: replicationGroupId }))
      .catch((error: unknown) => {
        if (error instanceof ReplicationGroupNotFoundFault) throw new Error(`ElastiCache replication group ${replicationGroupId} not found`, { cause: error });
        throw error;
      });
    const group = ReplicationGroups?.[0];
    if (!group) throw new Error(`ElastiCache replication group ${replicationGroupId} not found`);
    return {
      id: replicationGroupId,
      status: group.Status ?? "",
      // A member's own status takes DescribeCacheClusters per member; the formation goes without it.
      members: (group.NodeGroups ?? []).flatMap((nodeGroup) =>
        (nodeGroup.NodeGroupMembers ?? []).map((member) => ({
          id: member.CacheClusterId ?? "",
          // CurrentRole is reported only without cluster mode (ElastiCache API reference, NodeGroupMember).
          role: member.CurrentRole ?? "unknown",
          zone: member.PreferredAvailabilityZone,
        })),
      ),
    };
  }

  async openAlarms(alarmNames: string[]): Promise<OpenAlarm[]> {
    const chunks = await Promise.all(
      chunked(alarmNames, ALARM_NAMES_PER_CALL).map((names) =>
        allPages((NextToken) =>
          this.clients.cloudWatch.send(
            // Without AlarmTypes, DescribeAlarms returns metric alarms only.
            new DescribeAlarmsCommand({ AlarmNames: names, StateValue: "ALARM", AlarmTypes: ["MetricAlarm", "CompositeAlarm"], NextToken }),
          ),
        ),
      ),
    );
    return chunks
      .flat()
      .flatMap((page) => [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])])
      .map((alarm) => ({ name: alarm.AlarmName ?? "", reason: alarm.StateReason ?? "", since: alarm.StateUpdatedTimestamp }));
  }
}
