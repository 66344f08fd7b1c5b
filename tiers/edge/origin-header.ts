import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ORIGIN_HEADER_NAME } from "./edge-plan";

export interface OriginHeaderArgs {
  namePrefix: string;
  kmsKeyArn: pulumi.Input<string>;
  protect: boolean;
}

// ALB http-header condition values are at most 128 characters (ELB listener rule conditions docs).
const SECRET_LENGTH = 64;

/** The secret CloudFront sends to the ALB as a custom header, generated once and kept in Secrets Manager. */
export class OriginHeader extends pulumi.ComponentResource {
  readonly name = ORIGIN_HEADER_NAME;
  readonly value: pulumi.Output<string>;
  readonly secretArn: pulumi.Output<string>;

  constructor(name: string, args: OriginHeaderArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:OriginHeader", name, {}, opts);
    const parent = { parent: this };
    const secret = new aws.secretsmanager.Secret(
      `${name}-secret`,
      {
        name: `${args.namePrefix}/edge/origin-header`,
        description: `Value of the ${ORIGIN_HEADER_NAME} header CloudFront sends to the ${args.namePrefix} load balancer`,
        kmsKeyId: args.kmsKeyArn,
        recoveryWindowInDays: args.protect ? 30 : 0,
      },
      parent,
    );
    const generated = aws.secretsmanager.getRandomPasswordOutput({ passwordLength: SECRET_LENGTH, excludePunctuation: true, includeSpace: false }, parent);
    // Generated on the first deployment only; CloudFront and the listener rule both read the stored value.
    const version = new aws.secretsmanager.SecretVersion(
      `${name}-value`,
      { secretId: secret.id, secretString: pulumi.secret(generated.randomPassword.apply((p) => p ?? "")) },
      { parent: this, ignoreChanges: ["secretString"] },
    );
    this.value = pulumi.secret(version.secretString.apply((s) => s ?? ""));
    this.secretArn = secret.arn;
    this.registerOutputs({ secretArn: this.secretArn });
  }
}
