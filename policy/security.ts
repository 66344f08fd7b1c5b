/* eslint-disable @typescript-eslint/no-explicit-any -- resource properties are untyped engine data */
import { handles, Index, isOf, isTrue, label, list, parsed, TYPES, type PolicyTarget, type Rule } from "./graph";

const ANYWHERE = ["0.0.0.0/0", "::/0"];
const WEB_PORTS = [80, 443];
const REMOTE_ADMIN_PORTS = [22, 3389];

/** One ingress permission, whichever resource declares it. */
interface Ingress {
  declaredBy: PolicyTarget;
  /** Id of the security group it opens (undefined when not known). */
  groupId: unknown;
  /** Inclusive port range; undefined for a protocol without ports (ICMP). */
  ports?: [number, number];
  sources: string[];
}

function portsOf(protocol: unknown, from: unknown, to: unknown): [number, number] | undefined {
  const p = String(protocol ?? "").toLowerCase();
  if (p === "-1" || p === "all") return [0, 65535];
  if (["tcp", "udp", "6", "17"].includes(p)) return [Number(from), Number(to)];
  return undefined;
}

function ingressOf(resource: PolicyTarget): Ingress[] {
  const p = resource.props;
  if (isOf(resource, TYPES.ingressRule)) {
    return [
      {
        declaredBy: resource,
        groupId: p.securityGroupId,
        ports: portsOf(p.ipProtocol, p.fromPort, p.toPort),
        sources: [p.cidrIpv4, p.cidrIpv6].filter(Boolean),
      },
    ];
  }
  if (isOf(resource, TYPES.securityGroupRule) && p.type === "ingress") {
    return [
      {
        declaredBy: resource,
        groupId: p.securityGroupId,
        ports: portsOf(p.protocol, p.fromPort, p.toPort),
        sources: [...list(p.cidrBlocks), ...list(p.ipv6CidrBlocks)],
      },
    ];
  }
  if (isOf(resource, TYPES.securityGroup)) {
    return list(p.ingress).map((rule) => ({
      declaredBy: resource,
      groupId: p.id,
      ports: portsOf(rule?.protocol, rule?.fromPort, rule?.toPort),
      sources: [...list(rule?.cidrBlocks), ...list(rule?.ipv6CidrBlocks)],
    }));
  }
  return [];
}

const covers = (ports: [number, number] | undefined, port: number) => ports !== undefined && ports[0] <= port && port <= ports[1];

/** Whether a value, anywhere inside it, is one of the strings. */
function mentions(value: unknown, wanted: string): boolean {
  if (typeof value === "string") return value === wanted;
  if (Array.isArray(value)) return value.some((v) => mentions(v, wanted));
  if (value && typeof value === "object") return Object.values(value).some((v) => mentions(v, wanted));
  return false;
}

const RULE_TYPES = [...TYPES.securityGroup, ...TYPES.ingressRule, ...TYPES.egressRule, ...TYPES.securityGroupRule];

/** Resources other than security group rules that use a group: instances, templates, load balancers, databases. */
function usersOf(index: Index, groupId: string): PolicyTarget[] {
  return index.resources.filter((r) => !RULE_TYPES.includes(r.type as never) && !r.type.startsWith("pulumi:") && mentions(r.props, groupId));
}

const isInternetFacingLoadBalancer = (r: PolicyTarget) => isOf(r, TYPES.loadBalancer) && !isTrue(r.props.internal);

/** Statements of an IAM policy document given as JSON text or as an object. */
function statementsOf(document: unknown): any[] {
  return list(parsed(document)?.Statement);
}

const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;
const POLICY_ATTACHMENTS = [
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  "aws:iam/policyAttachment:PolicyAttachment",
];

/** The IAM policy documents a resource declares; KMS key policies and resource policies are not IAM identity policies. */
function identityPolicies(resource: PolicyTarget): unknown[] {
  if (["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"].includes(resource.type)) {
    return [resource.props.policy];
  }
  if (resource.type === "aws:iam/role:Role") return list(resource.props.inlinePolicies).map((p) => p?.policy);
  return [];
}

function grantsEverything(statement: any): boolean {
  return statement?.Effect === "Allow" && list(statement.Action).some((a) => a === "*" || a === "*:*") && list(statement.Resource).includes("*");
}

/** Why a resource stores data unencrypted, or undefined when it is encrypted (or stores nothing). */
function unencrypted(resource: PolicyTarget): string | undefined {
  const p = resource.props;
  switch (resource.type) {
    case "aws:ebs/volume:Volume":
      return isTrue(p.encrypted) ? undefined : "encrypted is not true";
    case "aws:ec2/launchTemplate:LaunchTemplate":
      return list(p.blockDeviceMappings).some((m) => m?.ebs && !isTrue(m.ebs.encrypted)) ? "a block device mapping has ebs.encrypted not true" : undefined;
    case "aws:ec2/instance:Instance":
      if (!isTrue(p.rootBlockDevice?.encrypted)) return "rootBlockDevice.encrypted is not true";
      return list(p.ebsBlockDevices).some((d) => !isTrue(d?.encrypted)) ? "an EBS block device is not encrypted" : undefined;
    case "aws:rds/instance:Instance":
      // A read replica in the same region is encrypted with its source's key.
      return p.replicateSourceDb || isTrue(p.storageEncrypted) ? undefined : "storageEncrypted is not true";
    case "aws:rds/cluster:Cluster":
      return isTrue(p.storageEncrypted) ? undefined : "storageEncrypted is not true";
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      if (!isTrue(p.atRestEncryptionEnabled)) return "atRestEncryptionEnabled is not true";
      return isTrue(p.transitEncryptionEnabled) ? undefined : "transitEncryptionEnabled is not true";
    case "aws:sqs/queue:Queue":
      return p.kmsMasterKeyId || isTrue(p.sqsManagedSseEnabled) ? undefined : "neither kmsMasterKeyId nor sqsManagedSseEnabled is set";
    case "aws:sns/topic:Topic":
      return p.kmsMasterKeyId ? undefined : "kmsMasterKeyId is not set";
    case "aws:cloudwatch/logGroup:LogGroup":
      return p.kmsKeyId ? undefined : "kmsKeyId is not set";
    default:
      return undefined;
  }
}

/** The configuration resources of a bucket (encryption, public access block), found by the bucket they name. */
function configurationOf(index: Index, bucket: PolicyTarget, types: readonly string[]): PolicyTarget[] {
  const names = handles(bucket);
  return index.ofType(types).filter((c) => names.includes(c.props.bucket));
}

export const securityRules: Rule[] = [
  {
    kind: "resource",
    name: "imdsv2-required",
    description: "Every launch template and instance requires IMDSv2 session tokens (metadataOptions.httpTokens = required).",
    enforcementLevel: "mandatory",
    validate(resource, report) {
      if (!isOf(resource, TYPES.launchTemplate) && !isOf(resource, TYPES.instance)) return;
      const tokens = resource.props.metadataOptions?.httpTokens;
      if (tokens !== "required")
        report(`${label(resource)} has metadataOptions.httpTokens ${JSON.stringify(tokens ?? "optional")}; expected "required" (IMDSv2).`);
    },
  },
  {
    kind: "resource",
    name: "encrypted-at-rest",
    description:
      "Every volume, launch template volume, database, cache (at rest and in transit), queue, topic and log group is encrypted; buckets are checked by bucket-encrypted.",
    enforcementLevel: "mandatory",
    validate(resource, report) {
      const reason = unencrypted(resource);
      if (reason) report(`${label(resource)} is not encrypted: ${reason}.`);
    },
  },
  {
    kind: "stack",
    name: "bucket-encrypted",
    description: "Every S3 bucket has a server-side encryption configuration (aws.s3.BucketServerSideEncryptionConfiguration).",
    enforcementLevel: "mandatory",
    validate(resources, report) {
      const index = new Index(resources);
      for (const bucket of index.ofType(TYPES.bucket)) {
        const rules = configurationOf(index, bucket, TYPES.bucketEncryption).flatMap((c) => list(c.props.rules));
        if (!rules.some((rule) => rule?.applyServerSideEncryptionByDefault?.sseAlgorithm)) {
          report(`${label(bucket)} has no server-side encryption configuration with a default algorithm.`);
        }
      }
    },
  },
  {
    kind: "stack",
    name: "bucket-public-access-blocked",
    description: "Every S3 bucket has a public access block with all four settings on.",
    enforcementLevel: "mandatory",
    validate(resources, report) {
      const index = new Index(resources);
      const settings = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
      for (const bucket of index.ofType(TYPES.bucket)) {
        const blocks = configurationOf(index, bucket, TYPES.bucketPublicAccessBlock);
        if (!blocks.some((b) => settings.every((s) => isTrue(b.props[s])))) {
          report(`${label(bucket)} has no public access block with ${settings.join(", ")} all true.`);
        }
      }
    },
  },
  {
    kind: "stack",
    name: "no-internet-ingress",
    description: "No security group admits 0.0.0.0/0 or ::/0, except on ports 80 and 443 of a group that only internet-facing load balancers use.",
    enforcementLevel: "mandatory",
    validate(resources, report) {
      const index = new Index(resources);
      for (const ingress of resources.flatMap(ingressOf)) {
        const open = ingress.sources.filter((s) => ANYWHERE.includes(s));
        if (open.length === 0 || ingress.ports === undefined) continue;
        const [from, to] = ingress.ports;
        const webPort = from === to && WEB_PORTS.includes(from);
        const strangers = typeof ingress.groupId === "string" ? usersOf(index, ingress.groupId).filter((u) => !isInternetFacingLoadBalancer(u)) : [];
        if (!webPort) {
          report(`${label(ingress.declaredBy)} admits ${open.join(", ")} on ports ${from}-${to}; only 80 and 443 may be open to the internet.`);
        } else if (strangers.length > 0) {
          report(
            `${label(ingress.declaredBy)} admits ${open.join(", ")} on port ${from} to a group used by ${strangers.map(label).join(", ")}; only internet-facing load balancers may be.`,
          );
        }
      }
    },
  },
  {
    kind: "resource",
    name: "no-remote-admin-ports",
    description: "No security group opens port 22 (SSH) or 3389 (RDP), from anywhere: operators use SSM Session Manager.",
    enforcementLevel: "mandatory",
    validate(resource, report) {
      for (const ingress of ingressOf(resource)) {
        const ports = REMOTE_ADMIN_PORTS.filter((port) => covers(ingress.ports, port));
        if (ports.length > 0) report(`${label(resource)} opens port(s) ${ports.join(", ")}; use SSM Session Manager instead.`);
      }
    },
  },
  {
    kind: "resource",
    name: "database-not-public",
    description: "No RDS instance or cluster instance is publicly accessible.",
    enforcementLevel: "mandatory",
    validate(resource, report) {
      const databases = [...TYPES.database, ...TYPES.clusterInstance];
      if (databases.includes(resource.type as never) && isTrue(resource.props.publiclyAccessible)) {
        report(`${label(resource)} is publicly accessible; expected publiclyAccessible false.`);
      }
    },
  },
  {
    kind: "resource",
    name: "database-credentials",
    description:
      "Every RDS instance and Aurora or Multi-AZ cluster that is not a replica lets RDS manage its master password in Secrets Manager (none in config or state) and turns on IAM database authentication, so applications log in with tokens as their own users.",
    enforcementLevel: "mandatory",
    validate(resource, report) {
      if (!isOf(resource, TYPES.database) && !isOf(resource, TYPES.databaseCluster)) return;
      const p = resource.props;
      if (p.replicateSourceDb || p.replicationSourceIdentifier) return;
      if (!isTrue(p.manageMasterUserPassword) || p.password !== undefined || p.masterPassword !== undefined) {
        report(`${label(resource)} does not let RDS manage its master password; set manageMasterUserPassword and no password.`);
      }
      if (!isTrue(p.iamDatabaseAuthenticationEnabled)) report(`${label(resource)} has IAM database authentication off; set iamDatabaseAuthenticationEnabled.`);
    },
  },
  {
    kind: "resource",
    name: "iam-no-wildcard-admin",
    description:
      'No IAM identity policy (managed, role, user or group inline, or a role\'s inline policies) allows action "*" on resource "*", and nothing attaches AdministratorAccess. KMS key policies are not judged: the AWS default key policy gives the account root kms:* on *.',
    enforcementLevel: "mandatory",
    validate(resource, report) {
      if (identityPolicies(resource).some((document) => statementsOf(document).some(grantsEverything))) {
        report(`${label(resource)} allows action "*" on resource "*"; grant the actions and resources it needs.`);
      }
      if (POLICY_ATTACHMENTS.includes(resource.type) && ADMINISTRATOR_ACCESS.test(String(resource.props.policyArn))) {
        report(`${label(resource)} attaches AdministratorAccess; attach a policy with the actions it needs.`);
      }
    },
  },
];
