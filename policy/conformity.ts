import { Index, isOf, isTrue, label, list, roleGuessedFromStackName, tierOf, TYPES, zonesOfSubnets, type PolicyTarget, type Rule } from "./graph";

/** The zones an Auto Scaling Group launches into, or undefined when its subnets are not in the graph. */
function zonesOfGroup(index: Index, group: PolicyTarget): Set<string> | undefined {
  const subnets = list(group.props.vpcZoneIdentifiers);
  if (subnets.length > 0) return zonesOfSubnets(index, subnets);
  return new Set(list<string>(group.props.availabilityZones));
}

function zonesOfLoadBalancer(index: Index, loadBalancer: PolicyTarget): Set<string> | undefined {
  const subnets = [...list(loadBalancer.props.subnets), ...list(loadBalancer.props.subnetMappings).map((m) => m?.subnetId)];
  return zonesOfSubnets(index, subnets);
}

/** Target groups (by ARN) an Auto Scaling Group registers its instances with, however it is attached. */
function targetGroupsOf(index: Index, group: PolicyTarget): string[] {
  const names = [group.props.id, group.props.name].filter((v) => typeof v === "string");
  const attachedBy = (types: readonly string[], arnOf: (r: PolicyTarget) => unknown) =>
    index
      .ofType(types)
      .filter((a) => names.includes(a.props.autoscalingGroupName))
      .map(arnOf);
  return [
    ...list(group.props.targetGroupArns),
    ...list(group.props.trafficSources).map((s) => s?.identifier),
    ...attachedBy(TYPES.autoScalingAttachment, (a) => a.props.lbTargetGroupArn),
    ...attachedBy(TYPES.trafficSourceAttachment, (a) => a.props.trafficSource?.identifier),
  ].filter((arn): arn is string => typeof arn === "string");
}

/** Target group ARNs an action list forwards to. */
function forwardedTo(actions: unknown): string[] {
  return list(actions).flatMap((action) => [action?.targetGroupArn, ...list(action?.forward?.targetGroups).map((t) => t?.arn)]);
}

/** Load balancers whose listeners (or listener rules) forward to a target group. */
function loadBalancersOf(index: Index, targetGroupArn: string): PolicyTarget[] {
  const listeners = index.ofType(TYPES.listener);
  const viaRules = index
    .ofType(TYPES.listenerRule)
    .filter((rule) => forwardedTo(rule.props.actions).includes(targetGroupArn))
    .map((rule) => index.find(TYPES.listener, rule.props.listenerArn));
  const forwarding = [...listeners.filter((l) => forwardedTo(l.props.defaultActions).includes(targetGroupArn)), ...viaRules];
  return forwarding.map((listener) => index.find(TYPES.loadBalancer, listener?.props.loadBalancerArn)).filter((lb): lb is PolicyTarget => lb !== undefined);
}

const sorted = (zones: Set<string>) => [...zones].sort().join(", ");
// Generators need an address each: behind a NAT gateway they would share its connections to the target.
const PUBLIC_TIERS = ["proxy", "load-generator"];

export const conformityRules: Rule[] = [
  {
    kind: "stack",
    name: "asg-spans-zones",
    description: "Every Auto Scaling Group launches into at least two Availability Zones, three in prod, so that losing a zone loses part of a tier.",
    enforcementLevel: "mandatory",
    validate(resources, report) {
      const index = new Index(resources);
      for (const group of index.ofType(TYPES.autoScalingGroup)) {
        const required = roleGuessedFromStackName(group.urn) === "prod" ? 3 : 2;
        const zones = zonesOfGroup(index, group);
        if (zones && zones.size < required) {
          report(`${label(group)} spans ${zones.size} Availability Zone(s) (${sorted(zones)}); its role needs at least ${required}.`);
        }
      }
    },
  },
  {
    kind: "stack",
    name: "asg-matches-load-balancer",
    description:
      "An Auto Scaling Group behind a load balancer replaces instances the load balancer finds unhealthy (ELB health checks) and launches into the load balancer's Availability Zones.",
    enforcementLevel: "mandatory",
    validate(resources, report) {
      const index = new Index(resources);
      for (const group of index.ofType(TYPES.autoScalingGroup)) {
        const loadBalancers = targetGroupsOf(index, group).flatMap((arn) => loadBalancersOf(index, arn));
        if (loadBalancers.length === 0) continue;
        if (group.props.healthCheckType !== "ELB") {
          report(`${label(group)} is behind a load balancer but uses healthCheckType ${JSON.stringify(group.props.healthCheckType ?? "EC2")}; expected "ELB".`);
        }
        const groupZones = zonesOfGroup(index, group);
        for (const loadBalancer of loadBalancers) {
          const balancerZones = zonesOfLoadBalancer(index, loadBalancer);
          if (groupZones && balancerZones && sorted(groupZones) !== sorted(balancerZones)) {
            report(
              `${label(group)} launches into ${sorted(groupZones)} but ${label(loadBalancer)} serves ${sorted(balancerZones)}; expected the same Availability Zones.`,
            );
          }
        }
      }
    },
  },
  {
    kind: "stack",
    name: "load-balancer-spans-zones",
    description: "Every load balancer has subnets in at least two Availability Zones.",
    enforcementLevel: "mandatory",
    validate(resources, report) {
      const index = new Index(resources);
      for (const loadBalancer of index.ofType(TYPES.loadBalancer)) {
        const zones = zonesOfLoadBalancer(index, loadBalancer);
        if (zones && zones.size < 2) report(`${label(loadBalancer)} spans ${zones.size} Availability Zone(s) (${sorted(zones)}); expected at least 2.`);
      }
    },
  },
  {
    kind: "resource",
    name: "public-ip-proxy-only",
    description:
      "No instance or launch template gets a public IP address outside the proxy tier (a tier=proxy tag, or a proxy segment in its logical name) and a load-test's generators (tier=load-generator, alone in a VPC of their own), and no subnet hands one out by default: instances reach the internet through the NAT or the proxy.",
    enforcementLevel: "mandatory",
    validate(resource, report) {
      if (isOf(resource, TYPES.subnet) && isTrue(resource.props.mapPublicIpOnLaunch)) {
        report(`${label(resource)} assigns public IP addresses on launch (mapPublicIpOnLaunch); expected false.`);
      }
      const publicIp =
        (isOf(resource, TYPES.launchTemplate) && list(resource.props.networkInterfaces).some((ni) => isTrue(ni?.associatePublicIpAddress))) ||
        (isOf(resource, TYPES.instance) && isTrue(resource.props.associatePublicIpAddress));
      if (publicIp && !PUBLIC_TIERS.includes(tierOf(resource) ?? "")) {
        report(
          `${label(resource)} gets a public IP address but is in tier ${JSON.stringify(tierOf(resource) ?? "none")}; only the proxy and load-generator tiers may.`,
        );
      }
    },
  },
  {
    kind: "resource",
    name: "prod-tier-minimum",
    description: "In prod, every Auto Scaling Group keeps at least 2 instances, so that losing one leaves the tier serving.",
    enforcementLevel: "mandatory",
    validate(resource, report) {
      if (!isOf(resource, TYPES.autoScalingGroup) || roleGuessedFromStackName(resource.urn) !== "prod") return;
      const min = Number(resource.props.minSize);
      if (!(min >= 2)) report(`${label(resource)} has minSize ${resource.props.minSize}; prod tiers need at least 2.`);
    },
  },
];
