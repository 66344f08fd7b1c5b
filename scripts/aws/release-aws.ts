/** Where and how the migration task runs: Fargate in the environment's app subnets, as the jobs run. */
export interface TaskLaunch {
  clusterArn: string;
  taskDefinitionArn: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

/** A task that has stopped: its container's exit code, or why it never ran to an exit. */
export interface StoppedTask {
  taskArn: string;
  exitCode?: number;
  /** The container's reason (e.g. CannotPullContainerError) or the task's stoppedReason. */
  reason?: string;
}

/** One instance refresh of an Auto Scaling group, as DescribeInstanceRefreshes reports it. */
export interface InstanceRefresh {
  id: string;
  status: string;
  percentageComplete?: number;
  statusReason?: string;
  startTime?: Date;
}

/**
 * What the release script needs from AWS beside Pulumi, in one region. The real one calls the SDK
 * (aws-sdk.ts) with the default credential chain; tests use a recording fake.
 */
export interface ReleaseAws {
  /** The image of a container of a task definition revision. */
  containerImage(taskDefinitionArn: string, container: string): Promise<string>;
  /** Registers a new revision of the task definition's family, the same but for the container's image; returns its ARN. */
  registerWithImage(taskDefinitionArn: string, container: string, image: string): Promise<string>;
  deregisterTaskDefinition(taskDefinitionArn: string): Promise<void>;
  /** Starts one task on Fargate; returns its ARN. */
  runTask(launch: TaskLaunch): Promise<string>;
  /** Waits until the task has stopped, at most `maxWaitSeconds`; the exit code is the named container's. */
  waitForTaskStopped(clusterArn: string, taskArn: string, container: string, maxWaitSeconds: number): Promise<StoppedTask>;
  instanceRefreshes(groupName: string): Promise<InstanceRefresh[]>;
}
