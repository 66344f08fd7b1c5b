import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  StartInstanceRefreshCommand,
  TerminateInstanceInAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { HeadObjectCommand, NotFound, S3Client } from "@aws-sdk/client-s3";
import {
  CancelCommandCommand,
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  waitUntilTasksStopped,
} from "@aws-sdk/client-ecs";
import { releasePaths } from "../../tiers/compute/release-plan";
import type { CommandProgress, FleetCommand, GroupInstance, Invocation, InvocationOutput, ReleaseAws, StoppedTask, TaskLaunch } from "./release-aws";
import { revisionWithImage } from "./task-revision";

/** ReleaseAws over the AWS SDK in one region; credentials come from the SDK's default provider chain. */
export class SdkReleaseAws implements ReleaseAws {
  private readonly ecs: ECSClient;
  private readonly autoScaling: AutoScalingClient;
  private readonly ssm: SSMClient;
  private readonly cloudWatch: CloudWatchClient;
  private readonly s3: S3Client;

  constructor(region: string) {
    this.ecs = new ECSClient({ region });
    this.autoScaling = new AutoScalingClient({ region });
    this.ssm = new SSMClient({ region });
    this.cloudWatch = new CloudWatchClient({ region });
    // The release bucket is in the shared stack's region, which the client finds by its redirect.
    this.s3 = new S3Client({ region, followRegionRedirects: true });
  }

  private async describe(taskDefinitionArn: string) {
    const { taskDefinition, tags } = await this.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn, include: ["TAGS"] }));
    if (!taskDefinition) throw new Error(`task definition ${taskDefinitionArn} not found`);
    return { taskDefinition, tags: tags ?? [] };
  }

  async containerImage(taskDefinitionArn: string, container: string): Promise<string> {
    const { taskDefinition } = await this.describe(taskDefinitionArn);
    const image = taskDefinition.containerDefinitions?.find((c) => c.name === container)?.image;
    if (!image) throw new Error(`task definition ${taskDefinitionArn} has no container named ${container}`);
    return image;
  }

  async registerWithImage(taskDefinitionArn: string, container: string, image: string): Promise<string> {
    const { taskDefinition, tags } = await this.describe(taskDefinitionArn);
    const registered = await this.ecs.send(new RegisterTaskDefinitionCommand(revisionWithImage(taskDefinition, tags, container, image)));
    const arn = registered.taskDefinition?.taskDefinitionArn;
    if (!arn) throw new Error(`RegisterTaskDefinition returned no ARN for ${taskDefinition.family}`);
    return arn;
  }

  async deregisterTaskDefinition(taskDefinitionArn: string): Promise<void> {
    await this.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }));
  }

  async runTask(launch: TaskLaunch): Promise<string> {
    const { tasks, failures } = await this.ecs.send(
      new RunTaskCommand({
        cluster: launch.clusterArn,
        taskDefinition: launch.taskDefinitionArn,
        launchType: "FARGATE",
        count: 1,
        // The app subnets are private: the task reaches ECR, logs and secrets through NAT and endpoints.
        networkConfiguration: { awsvpcConfiguration: { subnets: launch.subnetIds, securityGroups: launch.securityGroupIds, assignPublicIp: "DISABLED" } },
      }),
    );
    const taskArn = tasks?.[0]?.taskArn;
    if (!taskArn) {
      const reasons = (failures ?? []).map((failure) => `${failure.reason ?? "unknown"}${failure.detail ? ` (${failure.detail})` : ""}`);
      throw new Error(`RunTask started no task: ${reasons.join("; ") || "no reason given"}`);
    }
    return taskArn;
  }

  async waitForTaskStopped(clusterArn: string, taskArn: string, container: string, maxWaitSeconds: number): Promise<StoppedTask> {
    await waitUntilTasksStopped({ client: this.ecs, maxWaitTime: maxWaitSeconds }, { cluster: clusterArn, tasks: [taskArn] });
    const { tasks } = await this.ecs.send(new DescribeTasksCommand({ cluster: clusterArn, tasks: [taskArn] }));
    const task = tasks?.[0];
    const stopped = task?.containers?.find((c) => c.name === container);
    return { taskArn, exitCode: stopped?.exitCode, reason: stopped?.reason ?? task?.stoppedReason };
  }

  async releaseExists(bucket: string, version: string): Promise<boolean> {
    for (const key of [releasePaths.artifact(version), releasePaths.checksum(version)]) {
      try {
        await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if (error instanceof NotFound) return false;
        // Without s3:ListBucket, S3 answers a missing key with 403, not 404 (S3 API reference, HeadObject).
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403) {
          throw new Error(
            `cannot tell whether s3://${bucket}/${key} exists: S3 answers 403 (it is missing, or these credentials lack s3:GetObject and s3:ListBucket on ${bucket})`,
            { cause: error },
          );
        }
        throw error;
      }
    }
    return true;
  }

  async groupInstances(groupName: string): Promise<GroupInstance[]> {
    const { AutoScalingGroups } = await this.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }));
    const group = AutoScalingGroups?.[0];
    if (!group) throw new Error(`Auto Scaling group ${groupName} not found`);
    return (group.Instances ?? []).map((instance) => ({
      instanceId: instance.InstanceId ?? "",
      zone: instance.AvailabilityZone ?? "",
      lifecycleState: instance.LifecycleState ?? "",
      healthStatus: instance.HealthStatus ?? "",
      instanceType: instance.InstanceType,
    }));
  }

  async terminateInGroup(instanceId: string): Promise<void> {
    await this.autoScaling.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: instanceId, ShouldDecrementDesiredCapacity: false }));
  }

  async startInstanceRefresh(groupName: string): Promise<string> {
    const { InstanceRefreshId } = await this.autoScaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: groupName }));
    if (!InstanceRefreshId) throw new Error(`StartInstanceRefresh of ${groupName} returned no id`);
    return InstanceRefreshId;
  }

  async onlineInstances(instanceIds: string[]): Promise<string[]> {
    const online = new Set<string>();
    try {
      // A filter takes at most 100 values (InstanceInformationStringFilter).
      for (let start = 0; start < instanceIds.length; start += 100) {
        for (const id of await this.onlineNodes([{ Key: "InstanceIds", Values: instanceIds.slice(start, start + 100) }])) online.add(id);
      }
    } catch (error) {
      // An id whose agent never registered fails the whole call (InvalidInstanceId): every online node then, paged.
      if ((error as { name?: string }).name !== "InvalidInstanceId") throw error;
      for (const id of await this.onlineNodes([])) online.add(id);
    }
    return instanceIds.filter((id) => online.has(id));
  }

  private async onlineNodes(filters: { Key: string; Values: string[] }[]): Promise<string[]> {
    const found: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.ssm.send(new DescribeInstanceInformationCommand({ Filters: [...filters, { Key: "PingStatus", Values: ["Online"] }], NextToken }));
      for (const node of page.InstanceInformationList ?? []) if (node.InstanceId) found.push(node.InstanceId);
      NextToken = page.NextToken;
    } while (NextToken);
    return found;
  }

  async sendCommand(command: FleetCommand): Promise<string> {
    const target =
      "instanceIds" in command.target
        ? { InstanceIds: command.target.instanceIds }
        : { Targets: [{ Key: "tag:aws:autoscaling:groupName", Values: [command.target.groupName] }] };
    const { Command } = await this.ssm.send(
      new SendCommandCommand({
        DocumentName: command.documentName,
        // The newest version of the program's document, whatever its default version is.
        DocumentVersion: "$LATEST",
        Parameters: command.parameters,
        ...target,
        MaxConcurrency: command.maxConcurrency,
        MaxErrors: command.maxErrors,
        TimeoutSeconds: command.deliveryTimeoutSeconds,
        Comment: command.comment.slice(0, 100),
        AlarmConfiguration: command.alarmName ? { Alarms: [{ Name: command.alarmName }], IgnorePollAlarmFailure: false } : undefined,
      }),
    );
    if (!Command?.CommandId) throw new Error(`SendCommand of ${command.documentName} returned no command id`);
    return Command.CommandId;
  }

  async commandProgress(commandId: string): Promise<CommandProgress> {
    const { Commands } = await this.ssm.send(new ListCommandsCommand({ CommandId: commandId }));
    const command = Commands?.[0];
    if (!command) throw new Error(`command ${commandId} not found`);
    return { status: command.Status ?? "Pending", targets: command.TargetCount ?? 0, completed: command.CompletedCount ?? 0, errors: command.ErrorCount ?? 0 };
  }

  async invocations(commandId: string): Promise<Invocation[]> {
    const found: Invocation[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId, NextToken }));
      for (const invocation of page.CommandInvocations ?? []) found.push({ instanceId: invocation.InstanceId ?? "", status: invocation.Status ?? "" });
      NextToken = page.NextToken;
    } while (NextToken);
    return found;
  }

  async commandOutput(commandId: string, instanceId: string): Promise<InvocationOutput> {
    const invocation = await this.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }));
    return { instanceId, status: invocation.Status ?? "", output: invocation.StandardOutputContent ?? "", error: invocation.StandardErrorContent ?? "" };
  }

  async cancelOn(commandId: string, instanceIds: string[]): Promise<void> {
    await this.ssm.send(new CancelCommandCommand({ CommandId: commandId, InstanceIds: instanceIds }));
  }

  async alarmsFiring(alarmNames: string[]): Promise<string[]> {
    const { MetricAlarms, CompositeAlarms } = await this.cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNames: alarmNames, StateValue: "ALARM", AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }),
    );
    return [...(MetricAlarms ?? []), ...(CompositeAlarms ?? [])].flatMap((alarm) => (alarm.AlarmName ? [alarm.AlarmName] : []));
  }
}
