import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stackKeyPolicy, type KeyPolicyScope } from "./stack-key-policy";

export interface StackKeyArgs {
  /** Prefix of the key's description and its alias `alias/<project>-<stack>`. */
  namePrefix: string;
  /** The stack's region, whose CloudWatch Logs the key policy lets encrypt log groups. */
  region: string;
  /** The stack's account, whose root the key policy trusts. */
  accountId: pulumi.Input<string>;
  /** Which of the stack's log groups, alarms, budgets and instance volumes AWS services may encrypt with the key. */
  uses: Omit<KeyPolicyScope, "accountId" | "region">;
  /** Days KMS waits before deleting the key once scheduled: 7 to 30. */
  deletionWindowDays: number;
  /** Keep the key from `pulumi destroy` (the alias stays free to change). */
  protect: boolean;
}

/** The customer-managed KMS key that encrypts a stack's logs, topics and data stores. */
export class StackKey extends pulumi.ComponentResource {
  readonly keyArn: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;
  readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: StackKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:security:StackKey", name, {}, opts);
    const key = new aws.kms.Key(
      name,
      {
        description: `Encrypts the data, logs and topics of ${args.namePrefix}`,
        enableKeyRotation: true,
        deletionWindowInDays: args.deletionWindowDays,
        policy: pulumi.output(args.accountId).apply((accountId) => JSON.stringify(stackKeyPolicy({ ...args.uses, accountId, region: args.region }))),
      },
      { parent: this, protect: args.protect },
    );
    const alias = new aws.kms.Alias(`${name}-alias`, { name: `alias/${args.namePrefix}`, targetKeyId: key.keyId }, { parent: this });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
    this.registerOutputs({ keyArn: this.keyArn, aliasName: this.aliasName });
  }
}
