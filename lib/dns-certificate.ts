import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export interface DnsCertificateArgs {
  /** The name the certificate covers, e.g. prod.example.com. */
  domainName: pulumi.Input<string>;
  /** Public zone that holds the validation record. */
  zoneId: pulumi.Input<string>;
  /** Where the certificate lives when not the stack's region (CloudFront takes only us-east-1 ones); unset, the provider's. */
  region?: string;
}

/**
 * An ACM certificate validated through a record in a public zone. The ARN it returns resolves only
 * once ACM has issued the certificate, so a listener or distribution never gets a pending one.
 */
export function dnsValidatedCertificate(name: string, args: DnsCertificateArgs, parent: pulumi.Resource): pulumi.Output<string> {
  const opts = { parent };
  const certificate = new aws.acm.Certificate(`${name}-certificate`, { region: args.region, domainName: args.domainName, validationMethod: "DNS" }, opts);
  const option = certificate.domainValidationOptions[0];
  const record = new aws.route53.Record(
    `${name}-certificate-validation`,
    {
      zoneId: args.zoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    },
    opts,
  );
  const validation = new aws.acm.CertificateValidation(
    `${name}-certificate-validated`,
    { region: args.region, certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
    opts,
  );
  return validation.certificateArn;
}
