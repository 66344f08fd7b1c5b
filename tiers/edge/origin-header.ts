import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ORIGIN_HEADER_NAME, originSecretName } from "./edge-plan";

export interface OriginHeaderArgs {
  /** Prefix of the secrets' names (`<prefix>/edge/origin-header[-v<n>]`). */
  namePrefix: string;
  /** KMS key that encrypts the secrets. */
  kmsKeyArn: pulumi.Input<string>;
  /** Keep a deleted generation recoverable for 30 days; else it is deleted at once. */
  protect: boolean;
  /**
   * Generations of the value the ALB accepts, one or two distinct whole numbers; CloudFront sends the
   * first. Default `[1]`. Rotating changes one side per deploy (`tiers/edge/README.md`).
   */
  generations: number[];
}

// ALB http-header condition values are at most 128 characters (ELB listener rule conditions docs).
const SECRET_LENGTH = 64;

/**
 * The secret CloudFront sends to the ALB as a custom header: one Secrets Manager secret per generation,
 * generated once. Rotation is this config-driven procedure rather than a Secrets Manager rotation
 * function, because CloudFront and the listener rule must change in order (FSBP SecretsManager.1 departure).
 */
export class OriginHeader extends pulumi.ComponentResource {
  readonly name = ORIGIN_HEADER_NAME;
  /** The value CloudFront sends: the first generation's. */
  readonly value: pulumi.Output<string>;
  /** Every value the ALB accepts, in the order of the generations. */
  readonly acceptedValues: pulumi.Output<string>[];
  readonly secretArn: pulumi.Output<string>;

  constructor(name: string, args: OriginHeaderArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:OriginHeader", name, {}, opts);
    const secrets = args.generations.map((generation) => {
      // The first generation keeps the names it had before rotation existed.
      const logical = generation === 1 ? name : `${name}-v${generation}`;
      const secret = new aws.secretsmanager.Secret(
        `${logical}-secret`,
        {
          name: originSecretName(args.namePrefix, generation),
          description: `Value of the ${ORIGIN_HEADER_NAME} header CloudFront sends to the ${args.namePrefix} load balancer${generation === 1 ? "" : ` (generation ${generation})`}`,
          kmsKeyId: args.kmsKeyArn,
          recoveryWindowInDays: args.protect ? 30 : 0,
        },
        { parent: this },
      );
      const generated = aws.secretsmanager.getRandomPasswordOutput(
        { passwordLength: SECRET_LENGTH, excludePunctuation: true, includeSpace: false },
        { parent: this },
      );
      // Generated on the generation's first deployment only; CloudFront and the listener rule both read the stored value.
      const version = new aws.secretsmanager.SecretVersion(
        `${logical}-value`,
        { secretId: secret.id, secretString: pulumi.secret(generated.randomPassword.apply((p) => p ?? "")) },
        { parent: this, ignoreChanges: ["secretString"] },
      );
      return { arn: secret.arn, value: pulumi.secret(version.secretString.apply((s) => s ?? "")) };
    });
    this.value = secrets[0].value;
    this.acceptedValues = secrets.map((s) => s.value);
    this.secretArn = secrets[0].arn;
    this.registerOutputs({ secretArn: this.secretArn });
  }
}
