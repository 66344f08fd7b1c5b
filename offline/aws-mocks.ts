import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../lib/arn";
import { elbLogDeliveryAccount } from "../lib/elb-log-delivery";
import type { RegistrationOptions } from "./registrations";

/** A resource as the program declared it: `inputs` is what AWS would receive. */
export interface DeclaredResource {
  type: string;
  name: string;
  inputs: Record<string, any>;
  /** Id of the explicit provider the resource goes through, if any. */
  providerId?: string;
  custom: boolean;
  id: string;
  /** Attributes the mocks answered as AWS would compute them (arn, name...): what a stack policy sees beside the inputs. */
  computed: Record<string, unknown>;
  /** Its resource options as registered (`protect`, dependencies), where the evaluator recorded them. */
  options?: RegistrationOptions;
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
    const computed = this.computed(args, id);
    this.declared.push({
      type: args.type,
      name: args.name,
      inputs: revealed(args.inputs),
      providerId: providerIdOf(args.provider),
      custom: args.custom !== false,
      id,
      computed,
    });
    return { id, state: { ...args.inputs, ...computed } };
  }

  /** Attributes AWS computes on creation, for the types whose outputs the program reads. */
  private computed(args: pulumi.runtime.MockResourceArgs, id: string): Record<string, unknown> {
    // A resource's own `region` argument (aws 7) wins over its provider's.
    const region = String(args.inputs.region ?? this.regionOf(args.provider));
    const account = OFFLINE_ACCOUNT_ID;
    const physicalName = String(args.inputs.name ?? `${args.name}-${hex(args.name, 7)}`);
    const [pkg, module] = args.type.split(/[:/]/);
    const base = { arn: `arn:aws:${module}:${region}:${account}:${physicalName}` };
    if (args.type === "awsx:ecs:FargateTaskDefinition") {
      // A remote component is one opaque resource under mocks: answer with the outputs awsx would give.
      const family = String(args.inputs.family ?? physicalName);
      return {
        taskDefinition: { arn: `arn:aws:ecs:${region}:${account}:task-definition/${family}:1`, family },
        executionRole: { arn: `arn:aws:iam::${account}:role/${family}-execution-${hex(args.name, 7)}` },
        taskRole: { arn: `arn:aws:iam::${account}:role/${family}-task-${hex(args.name, 7)}` },
        loadBalancers: [],
      };
    }
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
      case "aws:lb/loadBalancer:LoadBalancer": {
        const kind = args.inputs.loadBalancerType === "network" ? "net" : "app";
        const suffix = `${kind}/${physicalName}/${hex(args.name, 16)}`;
        return {
          name: physicalName,
          arn: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${suffix}`,
          arnSuffix: suffix,
          dnsName: `${physicalName}-${hex(args.name, 16)}.elb.${region}.amazonaws.com`,
          zoneId: `Z${hex(`${region}-${kind}`, 13).toUpperCase()}`,
        };
      }
      case "aws:lb/targetGroup:TargetGroup": {
        const suffix = `targetgroup/${physicalName}/${hex(args.name, 16)}`;
        return { name: physicalName, arn: `arn:aws:elasticloadbalancing:${region}:${account}:${suffix}`, arnSuffix: suffix };
      }
      case "aws:ec2/launchTemplate:LaunchTemplate":
        return { arn: `arn:aws:ec2:${region}:${account}:launch-template/${id}`, latestVersion: 1, defaultVersion: 1 };
      case "aws:iam/instanceProfile:InstanceProfile":
        return { name: physicalName, arn: `arn:aws:iam::${account}:instance-profile/${physicalName}` };
      case "aws:ec2/vpcEndpoint:VpcEndpoint":
        return { prefixListId: `pl-${hex(args.name, 8)}`, arn: `arn:aws:ec2:${region}:${account}:vpc-endpoint/${id}` };
      case "aws:acm/certificate:Certificate": {
        const domainName = String(args.inputs.domainName);
        return {
          arn: `arn:aws:acm:${region}:${account}:certificate/${uuid(args.name)}`,
          domainValidationOptions: [
            {
              domainName,
              resourceRecordName: `_${hex(`${args.name}-name`, 32)}.${domainName}.`,
              resourceRecordType: "CNAME",
              resourceRecordValue: `_${hex(`${args.name}-value`, 32)}.acm-validations.aws.`,
            },
          ],
        };
      }
      case "aws:route53/record:Record":
        return { fqdn: String(args.inputs.name).replace(/\.$/, "") };
      case "aws:sqs/queue:Queue":
        return {
          name: physicalName,
          arn: `arn:aws:sqs:${region}:${account}:${physicalName}`,
          url: `https://sqs.${region}.amazonaws.com/${account}/${physicalName}`,
        };
      case "aws:rds/instance:Instance": {
        const identifier = String(args.inputs.identifier ?? physicalName);
        const address = `${identifier}.c${hex(account + region, 11)}.${region}.rds.amazonaws.com`;
        const secretId = args.inputs.manageMasterUserPassword ? `rds!db-${uuid(args.name)}-${hex(args.name, 6)}` : undefined;
        return {
          identifier,
          address,
          endpoint: `${address}:${String(args.inputs.port ?? 5432)}`,
          arn: `arn:aws:rds:${region}:${account}:db:${identifier}`,
          masterUserSecrets: secretId
            ? [
                {
                  secretArn: `arn:aws:secretsmanager:${region}:${account}:secret:${secretId}`,
                  kmsKeyId: args.inputs.masterUserSecretKmsKeyId,
                  secretStatus: "active",
                },
              ]
            : [],
        };
      }
      case "aws:rds/cluster:Cluster": {
        const identifier = String(args.inputs.clusterIdentifier ?? physicalName);
        const host = `c${hex(account + region, 11)}.${region}.rds.amazonaws.com`;
        const secretId = args.inputs.manageMasterUserPassword ? `rds!cluster-${uuid(args.name)}-${hex(args.name, 6)}` : undefined;
        return {
          clusterIdentifier: identifier,
          endpoint: `${identifier}.cluster-${host}`,
          readerEndpoint: `${identifier}.cluster-ro-${host}`,
          clusterResourceId: `cluster-${hex(args.name, 26).toUpperCase()}`,
          arn: `arn:aws:rds:${region}:${account}:cluster:${identifier}`,
          masterUserSecrets: secretId
            ? [
                {
                  secretArn: `arn:aws:secretsmanager:${region}:${account}:secret:${secretId}`,
                  kmsKeyId: args.inputs.masterUserSecretKmsKeyId,
                  secretStatus: "active",
                },
              ]
            : [],
        };
      }
      case "aws:rds/clusterInstance:ClusterInstance": {
        const identifier = String(args.inputs.identifier ?? physicalName);
        return {
          identifier,
          arn: `arn:aws:rds:${region}:${account}:db:${identifier}`,
          endpoint: `${identifier}.c${hex(account + region, 11)}.${region}.rds.amazonaws.com`,
        };
      }
      case "aws:elasticache/replicationGroup:ReplicationGroup": {
        const groupId = String(args.inputs.replicationGroupId);
        const host = `${hex(account + region, 6)}.cache.amazonaws.com`;
        return {
          arn: `arn:aws:elasticache:${region}:${account}:replicationgroup:${groupId}`,
          primaryEndpointAddress: `master.${groupId}.${host}`,
          readerEndpointAddress: `replica.${groupId}.${host}`,
        };
      }
      case "aws:secretsmanager/secret:Secret":
        return { name: physicalName, arn: `arn:aws:secretsmanager:${region}:${account}:secret:${physicalName}-${hex(args.name, 6)}` };
      case "aws:cloudfront/distribution:Distribution":
        return {
          arn: `arn:aws:cloudfront::${account}:distribution/${id}`,
          domainName: `d${hex(args.name, 13)}.cloudfront.net`,
          // Every distribution's alias target zone (Route 53 AliasTarget docs).
          hostedZoneId: "Z2FDTNDATAQYW2",
        };
      case "aws:wafv2/webAcl:WebAcl":
        // CLOUDFRONT-scope web ACLs are "global" in their ARN (AWS WAF ARN formats).
        return {
          arn: `arn:aws:wafv2:${region}:${account}:${args.inputs.scope === "CLOUDFRONT" ? "global" : "regional"}/webacl/${physicalName}/${uuid(args.name)}`,
        };
      case "aws:backup/vault:Vault":
        return { name: physicalName, arn: `arn:aws:backup:${String(args.inputs.region ?? region)}:${account}:backup-vault:${physicalName}` };
      default:
        return { ...base, name: physicalName };
    }
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    const region = this.regionOf(args.provider);
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return { accountId: OFFLINE_ACCOUNT_ID, arn: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:user/offline`, userId: "AIDAOFFLINE", id: OFFLINE_ACCOUNT_ID };
      case "aws:index/getAvailabilityZones:getAvailabilityZones": {
        // An invoke's own `region` argument (aws 7) wins over its provider's, as for resources.
        const zoneRegion = String(args.inputs.region ?? region);
        return {
          id: zoneRegion,
          names: ["a", "b", "c", "d"].map((z) => `${zoneRegion}${z}`),
          zoneIds: [1, 2, 3, 4].map((n) => `${zoneRegion.replace(/-/g, "").slice(0, 4)}-az${n}`),
        };
      }
      case "aws:elb/getServiceAccount:getServiceAccount": {
        const elbRegion = String(args.inputs.region ?? region);
        const account = elbLogDeliveryAccount(elbRegion);
        if (!account) throw new Error(`aws.elb.getServiceAccount: region ${elbRegion} has no ELB account; it uses the log delivery service principal`);
        return { id: account, arn: `arn:${partitionOf(elbRegion)}:iam::${account}:root`, region: elbRegion };
      }
      case "aws:secretsmanager/getRandomPassword:getRandomPassword":
        return { id: "random", randomPassword: hex(JSON.stringify(args.inputs), Number(args.inputs.passwordLength ?? 32)) };
      case "aws:route53/getZone:getZone":
        return {
          id: `Z${hex(String(args.inputs.name), 20).toUpperCase()}`,
          zoneId: `Z${hex(String(args.inputs.name), 20).toUpperCase()}`,
          name: args.inputs.name,
          nameServers: ["ns-101.awsdns-11.com", "ns-202.awsdns-22.net"],
          privateZone: false,
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
