import { AutoScalingClient, DescribeInstanceRefreshesCommand } from "@aws-sdk/client-auto-scaling";
import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  waitUntilTasksStopped,
} from "@aws-sdk/client-ecs";
import type { InstanceRefresh, ReleaseAws, StoppedTask, TaskLaunch } from "./release-aws";
import { revisionWithImage } from "./task-revision";

/** ReleaseAws over the AWS SDK in one region; credentials come from the SDK's default provider chain. */
export class SdkReleaseAws implements ReleaseAws {
  private readonly ecs: ECSClient;
  private readonly autoScaling: AutoScalingClient;

  constructor(region: string) {
    this.ecs = new ECSClient({ region });
    this.autoScaling = new AutoScalingClient({ region });
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

  async instanceRefreshes(groupName: string): Promise<InstanceRefresh[]> {
    const { InstanceRefreshes } = await this.autoScaling.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: groupName }));
    return (InstanceRefreshes ?? []).map((refresh) => ({
      id: refresh.InstanceRefreshId ?? "",
      status: refresh.Status ?? "",
      percentageComplete: refresh.PercentageComplete,
      statusReason: refresh.StatusReason,
      startTime: refresh.StartTime,
    }));
  }
}
