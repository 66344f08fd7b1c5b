import * as aws from "@pulumi/aws";
import type { Overrides } from "./policy-fixtures";

/** The policy rules' broken cases: each a change to the compliant environment that one rule must catch. */
/** Resources declared beside the compliant environment, for a case that needs more of something. */
export type Extra = (provider: aws.Provider) => void;

const policyJson = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

export interface BrokenCase {
  what: string;
  rule: string;
  message: RegExp;
  stack?: string;
  overrides?: Overrides;
  tags?: Record<string, string>;
  extra?: Extra;
}

export const BROKEN: BrokenCase[] = [
  {
    what: "a prod ASG in two zones",
    rule: "asg-spans-zones",
    overrides: { "app-3": { availabilityZone: "eu-west-1a" } },
    message: /"web-asg" spans 2 Availability Zone\(s\) \(eu-west-1a, eu-west-1b\); its role needs at least 3/,
  },
  {
    what: "a dev ASG in one zone",
    rule: "asg-spans-zones",
    stack: "dev",
    overrides: { "app-2": { availabilityZone: "eu-west-1a" }, "app-3": { availabilityZone: "eu-west-1a" } },
    message: /"web-asg" spans 1 Availability Zone\(s\).*at least 2/,
  },
  {
    what: "an ASG behind a load balancer on EC2 health checks",
    rule: "asg-matches-load-balancer",
    overrides: { "web-asg": { healthCheckType: "EC2" } },
    message: /"web-asg" is behind a load balancer but uses healthCheckType "EC2"; expected "ELB"/,
  },
  {
    what: "an ASG in other zones than its load balancer",
    rule: "asg-matches-load-balancer",
    stack: "dev",
    overrides: { "app-3": { availabilityZone: "eu-west-1a" } },
    message: /"web-asg" launches into eu-west-1a, eu-west-1b but .*"web-alb" serves eu-west-1a, eu-west-1b, eu-west-1c/,
  },
  {
    what: "a load balancer in one zone",
    rule: "load-balancer-spans-zones",
    overrides: { "public-2": { availabilityZone: "eu-west-1a" }, "public-3": { availabilityZone: "eu-west-1a" } },
    message: /"web-alb" spans 1 Availability Zone\(s\) \(eu-west-1a\); expected at least 2/,
  },
  {
    what: "a web launch template with a public IP",
    rule: "public-ip-proxy-only",
    overrides: { "web-lt": { networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true" }] } },
    message: /"web-lt" gets a public IP address but is in tier "web"; only the proxy and load-generator tiers may/,
  },
  {
    what: "a subnet that hands out public IPs",
    rule: "public-ip-proxy-only",
    overrides: { "public-1": { mapPublicIpOnLaunch: true } },
    message: /"public-1" assigns public IP addresses on launch/,
  },
  {
    what: "a prod tier with a minimum of 1",
    rule: "prod-tier-minimum",
    overrides: { "web-asg": { minSize: 1 } },
    message: /"web-asg" has minSize 1; prod tiers need at least 2/,
  },
  {
    what: "a launch template without IMDSv2",
    rule: "imdsv2-required",
    overrides: { "web-lt": { metadataOptions: { httpTokens: "optional" } } },
    message: /"web-lt" has metadataOptions.httpTokens "optional"; expected "required"/,
  },
  {
    what: "an unencrypted launch template volume",
    rule: "encrypted-at-rest",
    overrides: { "web-lt": { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] } },
    message: /"web-lt" is not encrypted: a block device mapping/,
  },
  {
    what: "an unencrypted database",
    rule: "encrypted-at-rest",
    overrides: { db: { storageEncrypted: false } },
    message: /"db" is not encrypted: storageEncrypted is not true/,
  },
  {
    what: "a cache without encryption in transit",
    rule: "encrypted-at-rest",
    overrides: { cache: { transitEncryptionEnabled: false } },
    message: /"cache" is not encrypted: transitEncryptionEnabled/,
  },
  {
    what: "an unencrypted queue",
    rule: "encrypted-at-rest",
    overrides: { events: { sqsManagedSseEnabled: false } },
    message: /"events" is not encrypted: neither kmsMasterKeyId nor sqsManagedSseEnabled/,
  },
  {
    what: "an unencrypted topic",
    rule: "encrypted-at-rest",
    overrides: { alerts: { kmsMasterKeyId: undefined } },
    message: /"alerts" is not encrypted: kmsMasterKeyId is not set/,
  },
  {
    what: "an unencrypted log group",
    rule: "encrypted-at-rest",
    overrides: { "app-logs": { kmsKeyId: undefined } },
    message: /"app-logs" is not encrypted: kmsKeyId is not set/,
  },
  {
    what: "a bucket without an encryption configuration",
    rule: "bucket-encrypted",
    overrides: { "results-encryption": { bucket: "another-bucket" } },
    message: /"results" has no server-side encryption configuration/,
  },
  {
    what: "a bucket whose public access block lets policies be public",
    rule: "bucket-public-access-blocked",
    overrides: { "results-public-access": { restrictPublicBuckets: false } },
    message: /"results" has no public access block/,
  },
  {
    what: "the internet on a port other than 80/443",
    rule: "no-internet-ingress",
    overrides: { "lb-in-https": { fromPort: 8443, toPort: 8443 } },
    message: /"lb-in-https" admits 0.0.0.0\/0 on ports 8443-8443; only 80 and 443/,
  },
  {
    what: "the internet on 443 of an internal load balancer's group",
    rule: "no-internet-ingress",
    overrides: { "web-alb": { internal: true } },
    message: /"lb-in-https" admits 0.0.0.0\/0 on port 443 to a group used by .*"web-alb"; only internet-facing load balancers/,
  },
  {
    what: "all ports open between groups",
    rule: "no-remote-admin-ports",
    overrides: { "web-in-app": { ipProtocol: "-1", fromPort: undefined, toPort: undefined } },
    message: /"web-in-app" opens port\(s\) 22, 3389/,
  },
  {
    what: "a publicly accessible database",
    rule: "database-not-public",
    overrides: { db: { publiclyAccessible: true } },
    message: /"db" is publicly accessible/,
  },
  {
    what: 'a role policy with "*" on "*"',
    rule: "iam-no-wildcard-admin",
    overrides: { "web-role-policy": { policy: policyJson({ Effect: "Allow", Action: ["*"], Resource: "*" }) } },
    message: /"web-role-policy" allows action "\*" on resource "\*"/,
  },
  { what: "a prod database in one zone", rule: "prod-database-resilience", overrides: { db: { multiAz: false } }, message: /"db" is not Multi-AZ/ },
  {
    what: "a prod Aurora cluster whose reader shares the writer's zone",
    rule: "prod-database-resilience",
    overrides: { "db-reader": { availabilityZone: "eu-west-1a" } },
    message: /"db-cluster" runs its instances in 1 Availability Zone\(s\); prod needs a reader in another zone/,
  },
  {
    what: "a prod Aurora cluster with a week of backups",
    rule: "prod-database-resilience",
    overrides: { "db-cluster": { backupRetentionPeriod: 7 } },
    message: /"db-cluster" keeps backups 7 day\(s\)/,
  },
  {
    what: "a cluster with its master password in config",
    rule: "database-credentials",
    overrides: { "db-cluster": { manageMasterUserPassword: false, masterPassword: "not-a-secret" } },
    message: /"db-cluster" does not let RDS manage its master password/,
  },
  {
    what: "a database without IAM authentication",
    rule: "database-credentials",
    stack: "dev",
    overrides: { db: { iamDatabaseAuthenticationEnabled: false } },
    message: /"db" has IAM database authentication off/,
  },
  {
    what: "a prod database with a week of backups",
    rule: "prod-database-resilience",
    overrides: { db: { backupRetentionPeriod: 7 } },
    message: /"db" keeps backups 7 day\(s\); prod needs at least 14/,
  },
  {
    what: "a prod database without deletion protection",
    rule: "prod-database-resilience",
    overrides: { db: { deletionProtection: false } },
    message: /"db" has no deletion protection/,
  },
  {
    what: "a queue without a dead-letter queue",
    rule: "queue-has-dead-letter-queue",
    overrides: { events: { redrivePolicy: undefined } },
    message: /"events" has no redrive policy/,
  },
  {
    what: "a log group kept forever",
    rule: "log-group-retention",
    overrides: { "app-logs": { retentionInDays: 0 } },
    message: /"app-logs" keeps its events forever/,
  },
  { what: "a provider without the owner tag", rule: "cost-tags", tags: { owner: "" }, message: /"web-role" lacks cost tag\(s\) owner/ },
  {
    what: "ASG instances without tags propagated",
    rule: "cost-tags",
    overrides: { "web-lt": { tagSpecifications: [] } },
    message: /"web-asg" lacks cost tag\(s\) environment, service, owner, cost-center/,
  },
  {
    what: "another stack's environment tag",
    rule: "cost-tags",
    stack: "dev",
    tags: { environment: "prod" },
    message: /"web-role" has environment tag "prod" but belongs to stack "dev"/,
  },
  {
    what: "an ephemeral stack without ttl",
    rule: "ephemeral-ttl",
    stack: "dev-alice",
    message: /"web-role" is in ephemeral stack "dev-alice" but has no ttl tag/,
  },
  {
    what: "six Elastic IPs in one region",
    rule: "stack-fits-default-regional-quotas",
    extra: (provider) => {
      for (let i = 1; i <= 6; i++) new aws.ec2.Eip(`nat-ip-${i}`, { domain: "vpc" }, { provider });
    },
    message: /takes 6 Elastic IPs in eu-west-1; a new account has 5 per region/,
  },
  {
    what: "a regional NAT gateway over three zones beside three Elastic IPs",
    rule: "stack-fits-default-regional-quotas",
    extra: (provider) => {
      for (let i = 1; i <= 3; i++) new aws.ec2.Eip(`ip-${i}`, { domain: "vpc" }, { provider });
      const vpc = new aws.ec2.Vpc("nat-vpc", { cidrBlock: "10.9.0.0/16" }, { provider });
      for (const zone of ["a", "b", "c"]) {
        new aws.ec2.Subnet(
          `nat-vpc-${zone}`,
          { vpcId: vpc.id, cidrBlock: `10.9.${zone.charCodeAt(0)}.0/24`, availabilityZone: `eu-west-1${zone}` },
          { provider },
        );
      }
      new aws.ec2.NatGateway("regional-nat", { vpcId: vpc.id, availabilityMode: "regional", connectivityType: "public" }, { provider });
    },
    message: /takes 6 Elastic IPs in eu-west-1/,
  },
  {
    what: "four more VPCs in the region beside the environment's",
    rule: "stack-fits-default-regional-quotas",
    extra: (provider) => {
      for (let i = 1; i <= 4; i++) new aws.ec2.Vpc(`extra-vpc-${i}`, { cidrBlock: `10.${100 + i}.0.0/16` }, { provider });
    },
    message: /declares 5 VPCs in eu-west-1; with the default VPC that passes a new account's 5 VPCs per region/,
  },
];
