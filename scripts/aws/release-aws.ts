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

/** One Run Command on a group's instances: the deploy document, or a named shell command (AWS-RunShellScript). */
export interface FleetCommand {
  documentName: string;
  /** The document's parameters, e.g. { Release: ["1.5.0"] } or { commands: ["systemctl restart platform-web.service"] }. */
  parameters: Record<string, string[]>;
  /** The canary's instances by id (at most 50, SendCommand's limit), or the whole group by its aws:autoscaling:groupName tag. */
  target: { instanceIds: string[] } | { groupName: string };
  /** Instances at once: a count ("1") or a share ("20%"). */
  maxConcurrency: string;
  /** Failed instances after which Run Command sends to no more: "0" stops at the first. */
  maxErrors: string;
  /** Seconds an instance's run may wait to be delivered before it times out (SendCommand TimeoutSeconds, 30-2592000). Default: SSM's 3600. */
  deliveryTimeoutSeconds?: number;
  /** The alarm Run Command watches, cancelling the command when it fires (SSM takes exactly one). Default: none. */
  alarmName?: string;
  comment: string;
}

/** Where a command stands, as ListCommands counts it: completed includes the failed ones. */
export interface CommandProgress {
  status: string;
  targets: number;
  completed: number;
  errors: number;
}

/** An instance of an Auto Scaling group, as DescribeAutoScalingGroups reports it. */
export interface GroupInstance {
  instanceId: string;
  zone: string;
  /** InService, Pending, Terminating, Standby, ... */
  lifecycleState: string;
  /** Healthy or Unhealthy, as the group sees it. */
  healthStatus: string;
  instanceType?: string;
}

/** One instance's run of a command. */
export interface Invocation {
  instanceId: string;
  status: string;
}

/** One instance's run of a command with what it printed: Run Command returns the first 24,000 bytes of stdout and 8,000 of stderr (GetCommandInvocation; RUN_COMMAND_KEPT_BYTES). */
export interface InvocationOutput extends Invocation {
  output: string;
  error: string;
}

/**
 * What the release script needs from AWS beside Pulumi, in one region. The real one calls the SDK
 * (sdk-release-aws.ts) with the default credential chain; tests use a recording fake.
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
  /** Whether the release bucket holds both the archive and the checksum of `version`. */
  releaseExists(bucket: string, version: string): Promise<boolean>;
  /** The group's instances, in the order Auto Scaling lists them. */
  groupInstances(groupName: string): Promise<GroupInstance[]>;
  /** Terminates an instance of a group without lowering its desired capacity, so the group launches a replacement. */
  terminateInGroup(instanceId: string): Promise<void>;
  /** Starts an instance refresh of the group with Auto Scaling's default preferences; returns its id. */
  startInstanceRefresh(groupName: string): Promise<string>;
  /**
   * Those of the instances whose SSM Agent is online (DescribeInstanceInformation,
   * PingStatus Online), in the order given: SendCommand by instance id refuses the whole request when one is not.
   */
  onlineInstances(instanceIds: string[]): Promise<string[]>;
  /** Sends a command to a group's instances; returns the command id. */
  sendCommand(command: FleetCommand): Promise<string>;
  commandProgress(commandId: string): Promise<CommandProgress>;
  invocations(commandId: string): Promise<Invocation[]>;
  /** What the command printed on one instance (GetCommandInvocation). */
  commandOutput(commandId: string, instanceId: string): Promise<InvocationOutput>;
  /** Cancels the command on the given instances (those not yet started), leaving running ones to finish. */
  cancelOn(commandId: string, instanceIds: string[]): Promise<void>;
  /** Those of the alarms that are in ALARM now. */
  alarmsFiring(alarmNames: string[]): Promise<string[]>;
}
