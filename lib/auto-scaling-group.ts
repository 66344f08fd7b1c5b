import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { groupInputs, launchTemplateInputs, type GroupSettings, type ScheduledCapacity, type TemplateSettings } from "./auto-scaling-plan";

type TargetTracking = aws.types.input.autoscaling.PolicyTargetTrackingConfiguration;

export interface AutoScalingGroupArgs extends TemplateSettings, GroupSettings {
  /** SSM parameter naming the AMI, e.g. the shared stack's base-image parameter or a public Amazon Linux one. */
  imageParameter: pulumi.Input<string>;
  /**
   * When the parameter becomes an AMI id. `deploy` (the default): read at deploy time and written into the template,
   * so a new image is a new template version, which the instance refresh rolls out like a release. `launch`: the
   * template holds `resolve:ssm:<parameter>` and EC2 resolves it at each launch, so a new image changes nothing and
   * nothing rolls it out: only for a group that is never refreshed.
   */
  resolveImageAt?: "deploy" | "launch";
  /** Whether scaling policies and schedules own the desired capacity, so a deploy sets only the bounds. Default: false. */
  scalingOwnsDesiredCapacity?: boolean;
  /** Target tracking policies by short name (the policy resource is `<name>-<short name>`). Default: none. */
  scaling?: Record<string, TargetTracking>;
  /** Seconds each policy waits before counting a new instance's metrics. Default: not set, the group's default instance warmup applies. */
  policyWarmupSeconds?: number;
  /** Scheduled actions (the resource is `<name>-<action name>`). Default: none. */
  schedule?: ScheduledCapacity[];
  /** What the group must wait for that its inputs do not show, e.g. the route its instances boot through. Default: none. */
  dependsOn?: pulumi.Resource[];
}

export interface AutoScalingGroup {
  /** The launch template `<name>-lt`. */
  launchTemplate: aws.ec2.LaunchTemplate;
  /** The group `<name>-asg`. */
  group: aws.autoscaling.Group;
}

/**
 * The group's sizes that something other than the deploy moves. Scheduled actions set min, max and desired (a deploy at
 * night would otherwise wake a sleeping group up, and one after a refresh fight the schedule); their start action
 * carries the configured sizes, so a change of them applies at the next start. Scaling policies move desired.
 */
export function ownedElsewhere(args: Pick<AutoScalingGroupArgs, "schedule" | "scalingOwnsDesiredCapacity">): string[] | undefined {
  if ((args.schedule ?? []).length > 0) return ["minSize", "maxSize", "desiredCapacity"];
  return args.scalingOwnsDesiredCapacity ? ["desiredCapacity"] : undefined;
}

/**
 * One Auto Scaling group and what belongs to it, children of `parent`: the launch template `<name>-lt`, the group
 * `<name>-asg`, its target tracking policies and its scheduled actions.
 */
export function autoScalingGroup(name: string, args: AutoScalingGroupArgs, parent: pulumi.Resource): AutoScalingGroup {
  const opts = { parent };
  const imageId =
    args.resolveImageAt === "launch"
      ? pulumi.interpolate`resolve:ssm:${args.imageParameter}`
      : aws.ssm.getParameterOutput({ name: args.imageParameter, region: args.region }, opts).value;
  const launchTemplate = new aws.ec2.LaunchTemplate(`${name}-lt`, launchTemplateInputs(args, imageId), opts);
  // A numbered version: each release or image is a new version, which is what starts the instance refresh.
  const version = { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) };
  const group = new aws.autoscaling.Group(`${name}-asg`, groupInputs(args, version), {
    ...opts,
    ignoreChanges: ownedElsewhere(args),
    dependsOn: args.dependsOn,
  });

  for (const [policy, targetTrackingConfiguration] of Object.entries(args.scaling ?? {})) {
    new aws.autoscaling.Policy(
      `${name}-${policy}`,
      { autoscalingGroupName: group.name, policyType: "TargetTrackingScaling", estimatedInstanceWarmup: args.policyWarmupSeconds, targetTrackingConfiguration },
      opts,
    );
  }
  for (const action of args.schedule ?? []) {
    new aws.autoscaling.Schedule(
      `${name}-${action.name}`,
      {
        autoscalingGroupName: group.name,
        scheduledActionName: action.name,
        recurrence: action.recurrence,
        timeZone: action.timeZone,
        minSize: action.minSize,
        maxSize: action.maxSize,
        desiredCapacity: action.desiredCapacity,
      },
      opts,
    );
  }
  return { launchTemplate, group };
}
