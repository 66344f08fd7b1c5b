import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface SessionLogsArgs {
  /** Prefix of the log group (`/<prefix>/sessions`) and the session document (`<prefix>-shell`). */
  namePrefix: string;
  /** Days the session log group keeps records: a value CloudWatch Logs accepts. */
  retentionDays: number;
  /** The stack key, which encrypts the log group. */
  kmsKeyArn: pulumi.Input<string>;
  /** Keep the log group from `pulumi destroy`. */
  protect: boolean;
}

/** Minutes of idleness before Session Manager ends a session, and the longest session (Session document schema: 1-60, 1-1440). */
export const SESSION_LIMITS = { idleMinutes: 20, maxMinutes: 120 };

/** The Session Manager document every shell on this environment's instances is started with: what it logs and for how long. */
export function shellSessionDocument(logGroupName: string): object {
  return {
    schemaVersion: "1.0",
    description: "A shell on an instance of this environment, streamed to its encrypted session log group",
    sessionType: "Standard_Stream",
    inputs: {
      cloudWatchLogGroupName: logGroupName,
      cloudWatchEncryptionEnabled: true,
      cloudWatchStreamingEnabled: true,
      idleSessionTimeout: String(SESSION_LIMITS.idleMinutes),
      maxSessionDuration: String(SESSION_LIMITS.maxMinutes),
      runAsEnabled: false,
      shellProfile: { linux: "" },
    },
  };
}

/**
 * Session Manager logging for one environment: an encrypted log group and a session document that streams every
 * command and its output there. The account's default preferences (`SSM-SessionManagerRunShell`) are an account-wide
 * singleton a stack cannot own, so sessions log when started with this document: `aws ssm start-session --target <id>
 * --document-name <prefix>-shell` (the command the formation shows beside each instance). Sessions the AWS console
 * starts always use the default document and are not logged here.
 */
export class SessionLogs extends pulumi.ComponentResource {
  readonly logGroupArn: pulumi.Output<string>;
  readonly documentName: pulumi.Output<string>;

  constructor(name: string, args: SessionLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:SessionLogs", name, {}, opts);
    const group = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/${args.namePrefix}/sessions`, retentionInDays: args.retentionDays, kmsKeyId: args.kmsKeyArn },
      { parent: this, protect: args.protect },
    );
    const document = new aws.ssm.Document(
      `${name}-shell`,
      {
        name: `${args.namePrefix}-shell`,
        documentType: "Session",
        documentFormat: "JSON",
        content: group.name.apply((logGroupName) => JSON.stringify(shellSessionDocument(logGroupName))),
      },
      { parent: this },
    );
    this.logGroupArn = group.arn;
    this.documentName = document.name;
    this.registerOutputs({ logGroupArn: this.logGroupArn, documentName: this.documentName });
  }
}
