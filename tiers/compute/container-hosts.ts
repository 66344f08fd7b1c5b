import { Tier } from "./instance-tier";
import { commonTierArgs, type InstanceTierContext } from "./instance-tiers";
import { ecsImageParameter, renderEcsUserData } from "./container-plan";
import type { ContainerSettings, TierSettings } from "./tier-settings";

// The ECS-optimized Amazon Linux 2023 image's root snapshot is 30 GiB; EC2 refuses a smaller volume.
const CONTAINER_HOST_ROOT_VOLUME_GIB = 30;

/** Whether a tier's containers run on container instances of its own (ec2 capacity) rather than Fargate. */
export function onContainerHosts(tier: TierSettings, containers: ContainerSettings): boolean {
  return tier.runtime === "containers" && containers.capacity === "ec2";
}

/**
 * Container instances of a tier on ec2 capacity: the ECS-optimized image joining the cluster, sized by ECS
 * through its capacity provider.
 */
export function containerHosts(context: InstanceTierContext, tier: "web" | "worker", settings: TierSettings, clusterName: string): Tier {
  const { args } = context;
  return new Tier(
    `${context.name}-${tier}`,
    {
      ...commonTierArgs(context, tier, settings, context.args.release),
      imageParameter: ecsImageParameter(args.settings.architecture),
      securityGroupId: args.securityGroupIds[tier],
      userData: Buffer.from(renderEcsUserData(clusterName)).toString("base64"),
      healthCheckType: "EC2",
      healthCheckGraceSeconds: 120,
      // Managed termination protection needs it; managed scaling replaces target tracking.
      protectFromScaleIn: true,
      rootVolumeGiB: CONTAINER_HOST_ROOT_VOLUME_GIB,
      scaling: {},
    },
    { parent: context.parent },
  );
}
