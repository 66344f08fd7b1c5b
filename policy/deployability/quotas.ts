import { Index, isOf, list, type PolicyTarget, type Rule } from "../graph";

/**
 * A new account's default quotas per region that a first deploy meets: "Elastic IP addresses per Region" 5
 * and "VPCs per Region" 5 (Amazon VPC User Guide, Amazon VPC quotas; both adjustable).
 */
export const DEFAULT_REGIONAL_QUOTAS = { elasticIps: 5, vpcs: 5 } as const;
/** Every region of a new account starts with a default VPC, which counts as one of its VPCs. */
export const DEFAULT_VPCS_PER_REGION = 1;

const TYPES = {
  eip: ["aws:ec2/eip:Eip"],
  natGateway: ["aws:ec2/natGateway:NatGateway"],
  vpc: ["aws:ec2/vpc:Vpc"],
  subnet: ["aws:ec2/subnet:Subnet"],
} as const;

export interface RegionalUse {
  elasticIps: number;
  vpcs: number;
}

function regionOf(resource: PolicyTarget): string {
  const region = resource.props.region ?? resource.provider?.props.region;
  return typeof region === "string" ? region : "the provider's region";
}

/**
 * Elastic IPs AWS allocates itself for a regional NAT gateway in automatic mode ("AWS manages AZ coverage and
 * EIP allocation", AWS CDK RegionalNatGatewayProviderProps): counted as one per zone of its VPC's subnets, an
 * upper bound. In manual mode its addresses are declared Elastic IPs, counted as such.
 */
function regionalNatAddresses(index: Index, nat: PolicyTarget): number {
  if (nat.props.availabilityMode !== "regional" || list(nat.props.availabilityZoneAddresses).length > 0) return 0;
  const zones = new Set(
    index
      .ofType(TYPES.subnet)
      .filter((s) => s.props.vpcId === nat.props.vpcId)
      .map((s) => s.props.availabilityZone),
  );
  return Math.max(zones.size, 1);
}

/** Elastic IPs and VPCs one stack takes in each region it declares resources in. */
export function regionalUse(resources: PolicyTarget[]): Map<string, RegionalUse> {
  const index = new Index(resources);
  const use = new Map<string, RegionalUse>();
  const add = (resource: PolicyTarget, key: keyof RegionalUse, count: number) => {
    const region = regionOf(resource);
    const current = use.get(region) ?? { elasticIps: 0, vpcs: 0 };
    use.set(region, { ...current, [key]: current[key] + count });
  };
  for (const resource of resources) {
    if (isOf(resource, TYPES.eip)) add(resource, "elasticIps", 1);
    if (isOf(resource, TYPES.vpc)) add(resource, "vpcs", 1);
    if (isOf(resource, TYPES.natGateway)) add(resource, "elasticIps", regionalNatAddresses(index, resource));
  }
  return use;
}

/**
 * One stack alone over a region's default quota fails on a new account whatever else is there. What several
 * stacks take together in a region is the quota check of `npm run plan -- --quotas` (offline/insight).
 */
export const quotaRules: Rule[] = [
  {
    kind: "stack",
    name: "stack-fits-default-regional-quotas",
    description: `A stack takes at most ${DEFAULT_REGIONAL_QUOTAS.elasticIps} Elastic IPs and ${DEFAULT_REGIONAL_QUOTAS.vpcs - DEFAULT_VPCS_PER_REGION} VPCs (the default VPC is the ${DEFAULT_REGIONAL_QUOTAS.vpcs}th) in any one region.`,
    enforcementLevel: "mandatory",
    source: "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html (Elastic IP addresses per Region: 5; VPCs per Region: 5)",
    validate(resources, report) {
      for (const [region, { elasticIps, vpcs }] of regionalUse(resources)) {
        if (elasticIps > DEFAULT_REGIONAL_QUOTAS.elasticIps) {
          report(`This stack takes ${elasticIps} Elastic IPs in ${region}; a new account has ${DEFAULT_REGIONAL_QUOTAS.elasticIps} per region.`);
        }
        if (vpcs + DEFAULT_VPCS_PER_REGION > DEFAULT_REGIONAL_QUOTAS.vpcs) {
          report(
            `This stack declares ${vpcs} VPCs in ${region}; with the default VPC that passes a new account's ${DEFAULT_REGIONAL_QUOTAS.vpcs} VPCs per region.`,
          );
        }
      }
    },
  },
];
