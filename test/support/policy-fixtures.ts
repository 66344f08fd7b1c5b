import * as aws from "@pulumi/aws";

/** Arguments laid over a fixture resource's, by its logical name: how a test breaks one thing. */
export type Overrides = Record<string, Record<string, unknown>>;

const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const COST_TAGS_OF = (stack: string) => ({ environment: stack, service: "platform", owner: "platform-team", "cost-center": "4100" });

/**
 * A small environment that follows every rule, with the tiers the stacks will grow: an internet-facing
 * ALB in front of a web Auto Scaling Group, a database, a cache, queues, a topic, a log group and a bucket.
 */
export function compliantEnvironment(stack: string, overrides: Overrides = {}) {
  return (provider: aws.Provider) => {
    const opts = { provider };
    const args = <T extends object>(name: string, base: T): T => ({ ...base, ...overrides[name] });

    const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" }, opts);
    const subnet = (tier: string, i: number) =>
      new aws.ec2.Subnet(
        `${tier}-${i + 1}`,
        args(`${tier}-${i + 1}`, { vpcId: vpc.id, cidrBlock: `10.0.${tier === "public" ? i : 10 + i}.0/24`, availabilityZone: ZONES[i] }),
        opts,
      );
    const publicSubnets = ZONES.map((_, i) => subnet("public", i));
    const appSubnets = ZONES.map((_, i) => subnet("app", i));

    const lbGroup = new aws.ec2.SecurityGroup("lb-sg", { vpcId: vpc.id, description: "Public load balancer" }, opts);
    const webGroup = new aws.ec2.SecurityGroup("web-sg", { vpcId: vpc.id, description: "Web tier" }, opts);
    new aws.vpc.SecurityGroupIngressRule(
      "lb-in-https",
      args("lb-in-https", { securityGroupId: lbGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
      opts,
    );
    new aws.vpc.SecurityGroupIngressRule(
      "web-in-app",
      args("web-in-app", { securityGroupId: webGroup.id, ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: lbGroup.id }),
      opts,
    );

    const loadBalancer = new aws.lb.LoadBalancer(
      "web-alb",
      args("web-alb", { loadBalancerType: "application", internal: false, subnets: publicSubnets.map((s) => s.id), securityGroups: [lbGroup.id] }),
      opts,
    );
    const targetGroup = new aws.lb.TargetGroup("web-tg", { vpcId: vpc.id, port: 8080, protocol: "HTTP", targetType: "instance" }, opts);
    new aws.lb.Listener(
      "web-listener",
      { loadBalancerArn: loadBalancer.arn, port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }] },
      opts,
    );

    const template = new aws.ec2.LaunchTemplate(
      "web-lt",
      args("web-lt", {
        imageId: "resolve:ssm:/platform-shared/base-image/arm64",
        instanceType: "t4g.small",
        vpcSecurityGroupIds: [webGroup.id],
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3", volumeSize: 20 } }],
        tagSpecifications: [{ resourceType: "instance", tags: { ...COST_TAGS_OF(stack), tier: "web" } }],
      }),
      opts,
    );
    new aws.autoscaling.Group(
      "web-asg",
      args("web-asg", {
        minSize: 3,
        maxSize: 30,
        vpcZoneIdentifiers: appSubnets.map((s) => s.id),
        targetGroupArns: [targetGroup.arn],
        healthCheckType: "ELB",
        launchTemplate: { id: template.id, version: "$Latest" },
        ignoreFailedScalingActivities: true,
      }),
      opts,
    );

    const key = new aws.kms.Key("key", { description: "Stack key", enableKeyRotation: true }, opts);
    new aws.rds.Instance(
      "db",
      args("db", {
        engine: "postgres",
        instanceClass: "db.t4g.medium",
        allocatedStorage: 20,
        username: "platform",
        manageMasterUserPassword: true,
        multiAz: true,
        backupRetentionPeriod: 14,
        deletionProtection: true,
        storageEncrypted: true,
        kmsKeyId: key.arn,
        publiclyAccessible: false,
        iamDatabaseAuthenticationEnabled: true,
        finalSnapshotIdentifier: "db-final",
      }),
      opts,
    );
    const cluster = new aws.rds.Cluster(
      "db-cluster",
      args("db-cluster", {
        clusterIdentifier: "db-cluster",
        engine: "aurora-postgresql",
        masterUsername: "platformadmin",
        manageMasterUserPassword: true,
        iamDatabaseAuthenticationEnabled: true,
        backupRetentionPeriod: 14,
        deletionProtection: true,
        storageEncrypted: true,
        kmsKeyId: key.arn,
        finalSnapshotIdentifier: "db-cluster-final",
      }),
      opts,
    );
    for (const [name, zone] of [
      ["db-writer", ZONES[0]],
      ["db-reader", ZONES[1]],
    ]) {
      new aws.rds.ClusterInstance(
        name,
        args(name, {
          clusterIdentifier: cluster.clusterIdentifier,
          engine: "aurora-postgresql",
          instanceClass: "db.r7g.large",
          availabilityZone: zone,
          publiclyAccessible: false,
        }),
        opts,
      );
    }
    new aws.elasticache.ReplicationGroup(
      "cache",
      args("cache", { description: "Cache", nodeType: "cache.t4g.small", engine: "valkey", atRestEncryptionEnabled: true, transitEncryptionEnabled: true }),
      opts,
    );
    const deadLetters = new aws.sqs.Queue("events-dlq", { sqsManagedSseEnabled: true, messageRetentionSeconds: 1209600 }, opts);
    new aws.sqs.Queue(
      "events",
      args("events", {
        sqsManagedSseEnabled: true,
        redrivePolicy: deadLetters.arn.apply((arn) => JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 5 })),
      }),
      opts,
    );
    new aws.sns.Topic("alerts", args("alerts", { kmsMasterKeyId: key.arn }), opts);
    new aws.cloudwatch.LogGroup("app-logs", args("app-logs", { retentionInDays: 30, kmsKeyId: key.arn }), opts);

    const bucket = new aws.s3.Bucket("results", {}, opts);
    new aws.s3.BucketServerSideEncryptionConfiguration(
      "results-encryption",
      args("results-encryption", { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } }] }),
      opts,
    );
    new aws.s3.BucketPublicAccessBlock(
      "results-public-access",
      args("results-public-access", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
      opts,
    );

    const role = new aws.iam.Role(
      "web-role",
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      },
      opts,
    );
    new aws.iam.RolePolicy(
      "web-role-policy",
      args("web-role-policy", {
        role: role.id,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }] }),
      }),
      opts,
    );
  };
}
