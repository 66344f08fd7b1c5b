import * as pulumi from "@pulumi/pulumi";
import { proxyEnvironment } from "../../lib/proxy-environment";
import { betaTarget } from "./beta";
import type { ComputeArgs } from "./compute-args";
import { containerHosts, onContainerHosts } from "./container-hosts";
import { ContainerTiers } from "./container-tiers";
import { instanceProfile } from "./instance-role";
import { commandDocument } from "./command-document";
import { deployDocumentContent } from "./deploy-document-plan";
import { logsDocumentContent } from "./logs-document-plan";
import { releasePointerName } from "./release-plan";
import { webOnInstances, workerOnInstances, type InstanceTierContext } from "./instance-tiers";
import { PublicLoadBalancer } from "./load-balancer";
import type { DeploySettings } from "./tier-settings";

export type { ComputeArgs, ComputeData } from "./compute-args";

/**
 * The web and worker tiers of an environment: the public ALB, an instance role limited to this
 * environment's release, queues, secrets and buckets, and an Auto Scaling group or ECS service per tier.
 */
/** A group that takes releases in place, by its name part. */
export type ReleaseGroup = "web" | "web-beta" | "worker";

export class Compute extends pulumi.ComponentResource {
  /** The environment's public URL, whether the ALB or CloudFront answers it. */
  readonly url: pulumi.Output<string>;
  /** The name the ALB's certificate and alias record carry. */
  readonly loadBalancerHostName: pulumi.Output<string>;
  readonly loadBalancerDnsName: pulumi.Output<string>;
  readonly loadBalancerZoneId: pulumi.Output<string>;
  readonly loadBalancerArnSuffix: pulumi.Output<string>;
  readonly targetGroupArn: pulumi.Output<string>;
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  /** The beta target group's `targetgroup/<name>/<id>`, when a beta release takes a share. */
  readonly betaTargetGroupArnSuffix?: pulumi.Output<string>;
  /** Auto Scaling groups of the tiers that run on instances. */
  readonly webGroupName?: pulumi.Output<string>;
  readonly workerGroupName?: pulumi.Output<string>;
  /** The groups that run the deploy routine, by group part (web, web-beta, worker); container tiers' hosts are not among them. */
  readonly releaseGroups: Partial<Record<ReleaseGroup, pulumi.Output<{ groupName: string; canaryInstances: number; batchPercent: number }>>>;
  /** The deploy document `npm run release` sends to those groups; absent when no tier runs on instances. */
  readonly deployDocumentName?: pulumi.Output<string>;
  /** The logs document (logs-document-plan.ts), beside the deploy document. */
  readonly logsDocumentName?: pulumi.Output<string>;

  constructor(name: string, args: ComputeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:Compute", name, {}, opts);
    const publicHostName = pulumi.interpolate`${args.stack}.${args.domain}`;
    const hostName = args.originHeader ? pulumi.interpolate`origin.${publicHostName}` : publicHostName;

    const loadBalancer = new PublicLoadBalancer(
      `${name}-lb`,
      {
        namePrefix: args.namePrefix,
        vpcId: args.vpcId,
        publicSubnetIds: args.publicSubnetIds,
        securityGroupId: args.securityGroupIds.loadBalancer,
        zoneId: args.publicZoneId,
        hostName,
        port: args.webPort,
        healthCheckPath: args.web.healthCheckPath,
        deregistrationDelaySeconds: args.web.deregistrationDelaySeconds,
        healthCheckIntervalSeconds: args.web.healthCheckIntervalSeconds,
        healthyThreshold: args.web.healthyThreshold,
        slowStartSeconds: args.web.slowStartSeconds,
        deletionProtection: args.deletionProtection,
        accessLogsBucket: args.data.logsBucketName,
        originHeader: args.originHeader,
        targetType: args.web.runtime === "containers" ? "ip" : "instance",
        beta: args.beta,
      },
      { parent: this },
    );
    const beta = betaTarget(args.beta, loadBalancer);
    const webHosts = onContainerHosts(args.web, args.containers);
    const workerHosts = onContainerHosts(args.worker, args.containers);

    const profile = (tier: "web" | "worker", hosts: boolean) => {
      const groupParts = tier === "web" ? ["web", ...(beta ? ["web-beta"] : [])] : ["worker"];
      // Container hosts run ECS's agent, not the deploy routine: no pointer to read, no target group to leave.
      const targetGroupArns = tier === "web" ? [loadBalancer.targetGroupArn, ...(beta ? [beta.targetGroupArn] : [])] : [];
      return instanceProfile(
        name,
        {
          namePrefix: args.namePrefix,
          tier,
          groupNames: groupParts.map((part) => `${args.namePrefix}-${part}`),
          releasePointers: hosts ? [] : groupParts.map((part) => releasePointerName(args.namePrefix, part)),
          targetGroupArns: hosts ? [] : targetGroupArns,
          region: args.region,
          accountId: args.accountId,
          releaseBucketArn: args.releaseBucketArn,
          release: args.release,
          betaRelease: tier === "web" ? args.beta?.release : undefined,
          queueArns: args.data.queueArns,
          secretArns: args.data.secretArns,
          bucketArns: args.data.bucketArns,
          databaseUserArns: args.data.databaseUserArns,
          kmsKeyArns: args.kmsKeyArns,
          logGroupPrefix: `/${args.namePrefix}/`,
          metricNamespace: args.metricNamespace,
          containerHosts: hosts,
          sessionLogGroupArn: args.sessionLogGroupArn,
        },
        this,
      ).arn;
    };
    const instanceProfileArns = {
      web: args.web.runtime === "instances" || webHosts ? profile("web", webHosts) : undefined,
      worker: args.worker.runtime === "instances" || workerHosts ? profile("worker", workerHosts) : undefined,
    };
    const context: InstanceTierContext = { name, args, instanceProfileArns, parent: this };
    const clusterName = `${args.namePrefix}-app`;

    const web =
      args.web.runtime === "instances"
        ? webOnInstances(context, "web", args.release, loadBalancer, loadBalancer)
        : webHosts
          ? containerHosts(context, "web", args.web, clusterName)
          : undefined;
    const webBeta = beta && args.web.runtime === "instances" ? webOnInstances(context, "web-beta", beta.release, loadBalancer, beta) : undefined;
    const worker =
      args.worker.runtime === "instances" ? workerOnInstances(context) : workerHosts ? containerHosts(context, "worker", args.worker, clusterName) : undefined;
    const onInstances: [ReleaseGroup, pulumi.Output<string> | undefined, DeploySettings][] = [
      ["web", args.web.runtime === "instances" ? web?.groupName : undefined, args.web.deploy],
      ["web-beta", webBeta?.groupName, args.web.deploy],
      ["worker", args.worker.runtime === "instances" ? worker?.groupName : undefined, args.worker.deploy],
    ];
    const releaseGroups = onInstances.flatMap(([part, groupName, deploy]) =>
      groupName ? [[part, pulumi.output({ groupName, canaryInstances: deploy.canaryInstances, batchPercent: deploy.batchPercent })] as const] : [],
    );
    this.releaseGroups = Object.fromEntries(releaseGroups);
    if (releaseGroups.length > 0) {
      const documents = { namePrefix: args.namePrefix, tags: args.costTags };
      this.deployDocumentName = commandDocument(name, "deploy", { ...documents, content: deployDocumentContent() }, this).name;
      this.logsDocumentName = commandDocument(name, "logs", { ...documents, content: logsDocumentContent() }, this).name;
    }

    if ([args.web.runtime, args.worker.runtime].includes("containers") && args.release) {
      new ContainerTiers(
        `${name}-containers`,
        {
          namePrefix: args.namePrefix,
          clusterName,
          region: args.region,
          accountId: args.accountId,
          architecture: args.settings.architecture,
          hostGroupArns: { web: webHosts ? web?.groupArn : undefined, worker: workerHosts ? worker?.groupArn : undefined },
          settings: args.containers,
          repositoryUrl: args.repositoryUrl,
          repositoryArn: args.repositoryArn,
          release: args.release,
          subnetIds: args.appSubnetIds,
          port: args.webPort,
          environment: {
            ...args.data.environment,
            ...(args.proxy ? proxyEnvironment(args.proxy.url, args.proxy.noProxy) : {}),
          },
          secrets: args.data.secrets,
          queueArns: args.data.queueArns,
          bucketArns: args.data.bucketArns,
          databaseUserArns: args.data.databaseUserArns,
          kmsKeyArns: args.kmsKeyArns,
          metricNamespace: args.metricNamespace,
          deploymentAlarms: args.deploymentAlarms,
          web:
            args.web.runtime === "containers"
              ? {
                  tier: args.web,
                  securityGroupId: args.securityGroupIds.web,
                  logGroupName: args.logGroupNames.web,
                  loadBalancerArnSuffix: loadBalancer.arnSuffix,
                  targetGroupArn: loadBalancer.targetGroupArn,
                  targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
                  beta,
                }
              : undefined,
          worker:
            args.worker.runtime === "containers"
              ? {
                  tier: args.worker,
                  securityGroupId: args.securityGroupIds.worker,
                  logGroupName: args.logGroupNames.worker,
                  workQueueName: args.data.workQueueName,
                }
              : undefined,
        },
        // ECS only registers tasks in a target group the load balancer's listener already uses.
        { parent: this, dependsOn: [loadBalancer] },
      );
    }

    this.url = pulumi.interpolate`https://${publicHostName}`;
    this.loadBalancerHostName = hostName;
    this.loadBalancerDnsName = loadBalancer.dnsName;
    this.loadBalancerZoneId = loadBalancer.zoneId;
    this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
    this.targetGroupArn = loadBalancer.targetGroupArn;
    this.targetGroupArnSuffix = loadBalancer.targetGroupArnSuffix;
    this.betaTargetGroupArnSuffix = loadBalancer.betaTargetGroupArnSuffix;
    this.webGroupName = web?.groupName;
    this.workerGroupName = worker?.groupName;
    this.registerOutputs({ url: this.url, webGroupName: this.webGroupName, workerGroupName: this.workerGroupName });
  }
}
