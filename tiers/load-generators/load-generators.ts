import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../lib/arn";
import type { Architecture } from "../compute/compute-plan";
import { groupTags, launchedTags } from "../../lib/launched-tags";
import { serviceTrustPolicy } from "../../lib/trust-policy";
import {
  amazonLinuxParameter,
  generatorPolicy,
  generatorSubnets,
  k6Script,
  renderGeneratorUserData,
  RESULTS_PREFIX,
  type Scenario,
} from "./load-generators-plan";

export interface LoadGeneratorsArgs {
  namePrefix: string;
  /** Cost allocation tags for the instances and volumes the group launches. */
  costTags: Record<string, string>;
  /** The generators' region, never the target's. */
  region: string;
  cidr: string;
  count: number;
  instanceTypes: string[];
  architecture: Architecture;
  k6Version: string;
  run: string;
  scenario: Scenario;
  /** The system under test's public entry, https://<stack>.<domain>. */
  targetUrl: pulumi.Input<string>;
  /** The web tier's health path: each generator waits for it to answer before the run. */
  healthCheckPath: string;
  resultsBucketName: pulumi.Input<string>;
  resultsBucketArn: pulumi.Input<string>;
  /** Region of the results bucket and its key: the target's. */
  resultsRegion: string;
  kmsKeyArn: pulumi.Input<string>;
}

/**
 * A fleet of k6 load generators on spot capacity in a small VPC of their own, in another region
 * than the target, so the load reaches the system under test through its public entry, as users'.
 * Each generator has a public address: behind one NAT gateway the fleet would share its 55,000
 * connections per destination (NAT gateway quotas) and the target would see a single client address.
 */
export class LoadGenerators extends pulumi.ComponentResource {
  readonly autoScalingGroupName: pulumi.Output<string>;
  /** s3://<results bucket>/load-tests/<run>/ */
  readonly resultsLocation: pulumi.Output<string>;
  readonly region: string;

  constructor(name: string, args: LoadGeneratorsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:load-generators:LoadGenerators", name, {}, opts);
    const parent = { parent: this };
    const region = args.region;
    const tagged = (part: string) => ({ Name: `${args.namePrefix}-${part}` });

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { region, cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tagged("generators") },
      parent,
    );
    const gateway = new aws.ec2.InternetGateway(`${name}-igw`, { region, vpcId: vpc.id, tags: tagged("generators") }, parent);
    const routes = new aws.ec2.RouteTable(`${name}-public`, { region, vpcId: vpc.id, tags: tagged("generators-public") }, parent);
    const internet = new aws.ec2.Route(
      `${name}-internet`,
      { region, routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: gateway.id },
      parent,
    );
    const zones = aws.getAvailabilityZonesOutput(
      { region, state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
      { parent: this },
    );
    const associations: aws.ec2.RouteTableAssociation[] = [];
    const subnets = generatorSubnets(args.cidr).map((cidrBlock, i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-subnet-${i}`,
        {
          region,
          vpcId: vpc.id,
          cidrBlock,
          availabilityZone: zones.names[i],
          mapPublicIpOnLaunch: false,
          tags: { ...tagged(`generators-${i}`), tier: "load-generator" },
        },
        parent,
      );
      associations.push(new aws.ec2.RouteTableAssociation(`${name}-subnet-${i}-routes`, { region, subnetId: subnet.id, routeTableId: routes.id }, parent));
      return subnet;
    });
    // Egress to HTTPS only (the target, the package repositories, S3, SSM); no ingress at all. DNS and
    // time from the VPC resolver and the Time Sync Service are not filtered by security groups.
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      { region, vpcId: vpc.id, description: `k6 load generators of ${args.namePrefix}: HTTPS out, nothing in`, tags: tagged("generators") },
      parent,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-sg-https-out`,
      {
        region,
        securityGroupId: securityGroup.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
        description: "HTTPS to the target and AWS APIs",
      },
      parent,
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `Load generators of ${args.namePrefix}`,
        assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
      },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-ssm`,
      { role: role.name, policyArn: `arn:${partitionOf(region)}:iam::aws:policy/AmazonSSMManagedInstanceCore` },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-results-write`,
      {
        role: role.id,
        policy: pulumi
          .all([args.resultsBucketArn, args.kmsKeyArn])
          .apply(([resultsBucketArn, kmsKeyArn]) =>
            JSON.stringify(generatorPolicy({ resultsBucketArn, kmsKeyArn, resultsRegion: args.resultsRegion, run: args.run })),
          ),
      },
      parent,
    );
    const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name }, parent);

    const userData = pulumi.all([args.targetUrl, args.resultsBucketName]).apply(([targetUrl, resultsBucket]) =>
      Buffer.from(
        renderGeneratorUserData({
          k6Version: args.k6Version,
          script: k6Script(args.scenario, targetUrl, args.count),
          targetUrl,
          healthCheckPath: args.healthCheckPath,
          resultsBucket,
          resultsRegion: args.resultsRegion,
          run: args.run,
        }),
      ).toString("base64"),
    );
    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-lt`,
      {
        region,
        description: `k6 load generator of ${args.namePrefix}`,
        imageId: `resolve:ssm:${amazonLinuxParameter(args.architecture)}`,
        iamInstanceProfile: { arn: profile.arn },
        userData,
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true", deleteOnTermination: "true", securityGroups: [securityGroup.id] }],
        // The region's default EBS key: the stack key lives in the target's region.
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 16, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
        tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags: launchedTags(args.costTags, `${args.namePrefix}-generator`) })),
        tags: { tier: "load-generator" },
        updateDefaultVersion: true,
      },
      parent,
    );
    const group = new aws.autoscaling.Group(
      `${name}-asg`,
      {
        region,
        vpcZoneIdentifiers: subnets.map((s) => s.id),
        minSize: args.count,
        maxSize: args.count,
        desiredCapacity: args.count,
        capacityRebalance: true,
        mixedInstancesPolicy: {
          instancesDistribution: {
            onDemandBaseCapacity: 0,
            onDemandPercentageAboveBaseCapacity: 0,
            spotAllocationStrategy: "price-capacity-optimized",
          },
          launchTemplate: {
            launchTemplateSpecification: { launchTemplateId: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
            overrides: args.instanceTypes.map((instanceType) => ({ instanceType })),
          },
        },
        healthCheckType: "EC2",
        tags: groupTags(args.costTags, `${args.namePrefix}-generator`),
      },
      // Nothing in the group's inputs reaches the route: without it, instances could boot with no way to the package repositories.
      { parent: this, dependsOn: [internet, ...associations] },
    );

    this.region = region;
    this.autoScalingGroupName = group.name;
    this.resultsLocation = pulumi.interpolate`s3://${args.resultsBucketName}/${RESULTS_PREFIX}/${args.run}/`;
    this.registerOutputs({ autoScalingGroupName: this.autoScalingGroupName, resultsLocation: this.resultsLocation });
  }
}
