import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../lib/arn";
import { COMPLETION_WINDOW_MINUTES, planBackupRules, START_WINDOW_MINUTES, type BackupSettings } from "./backup-plan";
import { serviceTrustPolicy } from "../../lib/trust-policy";

export interface BackupsArgs {
  /** Prefix of the vaults', plan's and role's names: `<project>-<stack>`. */
  namePrefix: string;
  /** The stack's region; gives the partition of the AWS managed policy ARNs. */
  region: string;
  /** Days the daily and weekly recovery points are kept (`platform:data.backups`). */
  settings: BackupSettings;
  /** The stack key, which encrypts the vault in the stack's region. */
  kmsKeyArn: pulumi.Input<string>;
  /** The Aurora cluster's ARN (arn:...:rds:...:cluster:<id>): AWS Backup protects Aurora by cluster, not by instance. */
  databaseClusterArn: pulumi.Input<string>;
  /** Another region every recovery point is copied to. */
  copyRegion?: string;
  /** Keep the vaults from deletion; otherwise `pulumi destroy` deletes their recovery points with them. */
  protect: boolean;
}

/** An encrypted AWS Backup vault and a plan with daily and weekly rules over the database cluster. */
export class Backups extends pulumi.ComponentResource {
  readonly vaultArn: pulumi.Output<string>;

  constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Backups", name, {}, opts);
    const parent = { parent: this };
    const partition = partitionOf(args.region);
    const vaultOptions = { parent: this, protect: args.protect };
    const vault = new aws.backup.Vault(
      `${name}-vault`,
      { name: `${args.namePrefix}-vault`, kmsKeyArn: args.kmsKeyArn, forceDestroy: !args.protect },
      vaultOptions,
    );
    // The stack key lives in the stack's region; the copy vault encrypts with AWS Backup's key of its own region.
    const copyVault = args.copyRegion
      ? new aws.backup.Vault(
          `${name}-copy-vault`,
          { name: `${args.namePrefix}-vault-copy`, region: args.copyRegion, forceDestroy: !args.protect },
          vaultOptions,
        )
      : undefined;
    const plan = new aws.backup.Plan(
      `${name}-plan`,
      {
        name: `${args.namePrefix}-plan`,
        rules: planBackupRules(args.settings).map((rule) => ({
          ruleName: rule.ruleName,
          targetVaultName: vault.name,
          schedule: rule.schedule,
          startWindow: START_WINDOW_MINUTES,
          completionWindow: COMPLETION_WINDOW_MINUTES,
          lifecycle: { deleteAfter: rule.deleteAfterDays },
          copyActions: copyVault ? [{ destinationVaultArn: copyVault.arn, lifecycle: { deleteAfter: rule.deleteAfterDays } }] : [],
        })),
      },
      parent,
    );
    const role = new aws.iam.Role(`${name}-role`, { name: `${args.namePrefix}-backup`, assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com") }, parent);
    const attachments = ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"].map(
      (policy) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-role-${policy.endsWith("Backup") ? "backup" : "restores"}`,
          { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/service-role/${policy}` },
          parent,
        ),
    );
    new aws.backup.Selection(
      `${name}-database`,
      { iamRoleArn: role.arn, planId: plan.id, name: `${args.namePrefix}-database`, resources: [args.databaseClusterArn] },
      { parent: this, dependsOn: attachments },
    );
    this.vaultArn = vault.arn;
    this.registerOutputs({ vaultArn: this.vaultArn });
  }
}
