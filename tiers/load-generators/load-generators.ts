import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { amazonLinuxParameter } from "../../lib/images";
import type { Architecture } from "../../lib/instance-types";
import { autoScalingGroup } from "../../lib/auto-scaling-group";
import { serviceTrustPolicy } from "../../lib/trust-policy";
import { sessionManagerPolicy } from "../../lib/session-manager-policy";
import { generatorPolicy, generatorSubnets, k6Script, renderGeneratorUserData, RESULTS_PREFIX, type Scenario } from "./load-generators-plan";

export interface LoadGeneratorsArgs {
  /** Prefix of every physical name and Name tag, e.g. platform-load-test. */
  namePrefix: string;
  /** Cost allocation tags for the instances and volumes the group launches. */
  costTags: Record<string, string>;
  /** The generators' region, never the target's. */
  region: string;
  /** CIDR of the generators' own VPC, split into two public subnets. */
  cidr: string;
  /** Generators in the fleet (min, desired and max of the group). */
  count: number;
  /** Spot instance types the fleet may launch, of `architecture`. */
  instanceTypes: string[];
  /** Architecture of the instance types, which picks the Amazon Linux 2023 image. */
  architecture: Architecture;
  /** k6 release the generators install, a key of K6_RELEASES, e.g. 1.4.2 (the role default). */
  k6Version: string;
  /** Name of this run: results land under load-tests/<run>/, the only prefix the generators may write. */
  run: string;
  /** What each generator sends, split evenly over the fleet. */
  scenario: Scenario;
  /** The system under test's public entry, https://<stack>.<domain>. */
  targetUrl: pulumi.Input<string>;
  /** The web tier's health path: each generator waits for it to answer before the run. */
  healthCheckPath: string;
  /** The target environment's results bucket. */
  resultsBucketName: pulumi.Input<string>;
  /** Its ARN, for the generators' policy. */
  resultsBucketArn: pulumi.Input<string>;
  /** Region of the results bucket and its key: the target's. */
  resultsRegion: string;
  /** The results bucket's key, which the generators encrypt their uploads with through S3. */
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
    // Adopting the default group with no rules leaves it allowing nothing (Security Hub EC2.2).
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { region, vpcId: vpc.id, tags: tagged("generators-default-deny-all") }, parent);
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
    new aws.iam.RolePolicy(`${name}-session-manager`, { role: role.id, policy: sessionManagerPolicy(region) }, parent);
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
          architecture: args.architecture,
          script: k6Script(args.scenario, targetUrl, args.count),
          targetUrl,
          healthCheckPath: args.healthCheckPath,
          resultsBucket,
          resultsRegion: args.resultsRegion,
          run: args.run,
        }),
      ).toString("base64"),
    );
    const { group } = autoScalingGroup(
      name,
      {
        region,
        description: `k6 load generator of ${args.namePrefix}`,
        launchedName: `${args.namePrefix}-generator`,
        costTags: args.costTags,
        templateTags: { tier: "load-generator" },
        // The public image, in every region: the shared base image lives in the target's region only.
        // Resolved at each launch: the fleet lives for one run and is never refreshed, so no roll-out waits on the template.
        imageParameter: amazonLinuxParameter(args.architecture),
        resolveImageAt: "launch",
        instanceProfileArn: profile.arn,
        userData,
        securityGroupId: securityGroup.id,
        publicIp: true,
        rootVolumeGiB: 16,
        // No key: the region's default EBS key, as the stack key lives in the target's region.
        subnetIds: subnets.map((s) => s.id),
        min: args.count,
        desired: args.count,
        max: args.count,
        purchase: { purchase: "spot", onDemandBase: 0, instanceTypes: args.instanceTypes },
        healthCheckType: "EC2",
        // No wait: nothing waits on the fleet, 200 spot instances may take longer than any fixed wait, and a failed up
        // destroys the run; a fleet short of generators shows in the results each generator uploads.
        capacityWaitMinutes: 0,
        // Nothing in the group's inputs reaches the route: without it, instances could boot with no way to the package repositories.
        dependsOn: [internet, ...associations],
      },
      this,
    );

    this.region = region;
    this.autoScalingGroupName = group.name;
    this.resultsLocation = pulumi.interpolate`s3://${args.resultsBucketName}/${RESULTS_PREFIX}/${args.run}/`;
    this.registerOutputs({ autoScalingGroupName: this.autoScalingGroupName, resultsLocation: this.resultsLocation });
  }
}
