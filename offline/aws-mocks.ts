import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";

/** A resource as the program declared it: `inputs` is what AWS would receive. */
export interface DeclaredResource {
  type: string;
  name: string;
  inputs: Record<string, any>;
  /** Id of the explicit provider the resource goes through, if any. */
  providerId?: string;
  custom: boolean;
  id: string;
}

export const OFFLINE_ACCOUNT_ID = "123456789012";

// How the Pulumi SDK marks a secret value on the wire.
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** Inputs with secret markers replaced by their values, as AWS receives them. */
function revealed(value: unknown): any {
  if (Array.isArray(value)) return value.map(revealed);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (SECRET_SIGNATURE in record) return revealed(record.value);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, revealed(v)]));
  }
  return value;
}

const ID_PREFIXES: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "vpc",
  "aws:ec2/subnet:Subnet": "subnet",
  "aws:ec2/securityGroup:SecurityGroup": "sg",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
  "aws:ec2/internetGateway:InternetGateway": "igw",
  "aws:ec2/natGateway:NatGateway": "nat",
  "aws:ec2/eip:Eip": "eipalloc",
  "aws:ec2/routeTable:RouteTable": "rtb",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
  "aws:ec2/flowLog:FlowLog": "fl",
  "aws:ec2/launchTemplate:LaunchTemplate": "lt",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
};

function hex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The part after the last "::" of a provider reference `urn::id`. */
export function providerIdOf(reference: string | undefined): string | undefined {
  return reference === undefined ? undefined : reference.slice(reference.lastIndexOf("::") + 2);
}

export interface MockContext {
  /** Region of resources that go through no explicit provider. */
  defaultRegion: string;
  /** Outputs of an already evaluated stack, by full name; undefined when it was not evaluated. */
  stackOutputs(fullName: string): Record<string, unknown> | undefined;
}

/**
 * Pulumi mocks that answer like AWS: ids and ARNs of the right form, names with the random
 * suffix auto-naming would add, and the few invokes the program uses. Any other invoke throws,
 * so a new one is noticed.
 */
export class AwsMocks implements pulumi.runtime.Mocks {
  readonly declared: DeclaredResource[] = [];
  private readonly providerRegions = new Map<string, string>();

  constructor(private readonly context: MockContext) {}

  private regionOf(providerReference: string | undefined): string {
    const id = providerIdOf(providerReference);
    return (id && this.providerRegions.get(id)) || this.context.defaultRegion;
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    if (args.type === "pulumi:pulumi:StackReference") {
      const name = String(args.inputs.name);
      const outputs = this.context.stackOutputs(name);
      if (!outputs) throw new Error(`Stack reference "${name}": no stack of that name was evaluated (is the stack name right?)`);
      return { id: name, state: { name, outputs, secretOutputNames: [] } };
    }
    const prefix = ID_PREFIXES[args.type];
    const id = prefix ? `${prefix}-${hex(args.type + args.name, 17)}` : `${args.name}-${hex(args.type + args.name, 7)}`;
    if (args.type.startsWith("pulumi:providers:")) this.providerRegions.set(id, String(args.inputs.region ?? this.context.defaultRegion));
    this.declared.push({
      type: args.type,
      name: args.name,
      inputs: revealed(args.inputs),
      providerId: providerIdOf(args.provider),
      custom: args.custom !== false,
      id,
    });
    return { id, state: { ...args.inputs, ...this.computed(args, id) } };
  }

  /** Attributes AWS computes on creation, for the types whose outputs the program reads. */
  private computed(args: pulumi.runtime.MockResourceArgs, id: string): Record<string, unknown> {
    const region = this.regionOf(args.provider);
    const account = OFFLINE_ACCOUNT_ID;
    const physicalName = String(args.inputs.name ?? `${args.name}-${hex(args.name, 7)}`);
    const [pkg, module] = args.type.split(/[:/]/);
    const base = { arn: `arn:aws:${module}:${region}:${account}:${physicalName}` };
    if (pkg !== "aws") return {};
    switch (args.type) {
      case "aws:s3/bucket:Bucket":
        return { bucket: physicalName, arn: `arn:aws:s3:::${physicalName}`, bucketRegionalDomainName: `${physicalName}.s3.${region}.amazonaws.com`, region };
      case "aws:kms/key:Key":
        return { keyId: uuid(args.name), arn: `arn:aws:kms:${region}:${account}:key/${uuid(args.name)}` };
      case "aws:kms/alias:Alias":
        return { arn: `arn:aws:kms:${region}:${account}:${physicalName}` };
      case "aws:ecr/repository:Repository":
        return {
          name: physicalName,
          arn: `arn:aws:ecr:${region}:${account}:repository/${physicalName}`,
          repositoryUrl: `${account}.dkr.ecr.${region}.amazonaws.com/${physicalName}`,
        };
      case "aws:route53/zone:Zone":
        return { zoneId: `Z${hex(args.name, 20).toUpperCase()}`, nameServers: ["ns-1.awsdns-01.org", "ns-2.awsdns-02.net"] };
      case "aws:sns/topic:Topic":
        return { name: physicalName, arn: `arn:aws:sns:${region}:${account}:${physicalName}` };
      case "aws:iam/role:Role":
        return { name: physicalName, arn: `arn:aws:iam::${account}:role/${physicalName}` };
      case "aws:cloudwatch/logGroup:LogGroup":
        return { name: physicalName, arn: `arn:aws:logs:${region}:${account}:log-group:${physicalName}` };
      case "aws:ssm/parameter:Parameter":
        return { name: physicalName, arn: `arn:aws:ssm:${region}:${account}:parameter${physicalName}` };
      case "aws:ec2/subnet:Subnet":
        return { arn: `arn:aws:ec2:${region}:${account}:subnet/${id}` };
      case "aws:ec2/vpcEndpoint:VpcEndpoint":
        return { prefixListId: `pl-${hex(args.name, 8)}`, arn: `arn:aws:ec2:${region}:${account}:vpc-endpoint/${id}` };
      default:
        return { ...base, name: physicalName };
    }
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    const region = this.regionOf(args.provider);
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return { accountId: OFFLINE_ACCOUNT_ID, arn: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:user/offline`, userId: "AIDAOFFLINE", id: OFFLINE_ACCOUNT_ID };
      case "aws:index/getAvailabilityZones:getAvailabilityZones":
        return {
          id: region,
          names: ["a", "b", "c", "d"].map((z) => `${region}${z}`),
          zoneIds: [1, 2, 3, 4].map((n) => `${region.replace(/-/g, "").slice(0, 4)}-az${n}`),
        };
      case "aws:ssm/getParameter:getParameter":
        return {
          id: args.inputs.name,
          name: args.inputs.name,
          type: "String",
          value: `ami-${hex(String(args.inputs.name), 17)}`,
          arn: `arn:aws:ssm:${region}::parameter${args.inputs.name}`,
        };
      default:
        throw new Error(`The offline mocks do not answer invoke ${args.token}; add it to offline/aws-mocks.ts`);
    }
  }
}
