/**
 * Pure IPv4 address planning for the VPC's subnet matrix: one public, one app and one
 * data subnet per Availability Zone, carved from fixed slots so that adding a zone later
 * never renumbers the subnets that already exist.
 */

export const SUBNET_TIERS = ["public", "app", "data"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** Slots reserved per tier; a VPC can grow to this many AZs without renumbering. */
export const AZ_SLOTS = 4;

/** The VPC prefixes the plan supports: /16 gives /19 app subnets, /20 still leaves /25 public ones. */
export const VPC_PREFIX_RANGE = { min: 16, max: 20 } as const;

export interface Cidr {
  base: number;
  prefix: number;
}

export interface PlannedSubnet {
  tier: SubnetTier;
  azIndex: number;
  cidr: string;
}

const PRIVATE_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

export function parseCidr(text: string): Cidr {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) throw new Error(`"${text}" is not an IPv4 CIDR block such as 10.0.0.0/16`);
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255)) throw new Error(`"${text}" has an octet above 255`);
  if (prefix > 32) throw new Error(`"${text}" has a prefix above /32`);
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % blockSize(prefix) !== 0) {
    throw new Error(`"${text}" has host bits set; the block starts at ${formatCidr({ base: alignDown(base, prefix), prefix })}`);
  }
  return { base, prefix };
}

export function formatCidr({ base, prefix }: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return `${octets.join(".")}/${prefix}`;
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

function alignDown(address: number, prefix: number): number {
  return address - (address % blockSize(prefix));
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/** Problems with a VPC block, as sentences; empty when the block is usable. */
export function vpcCidrProblems(text: string): string[] {
  let cidr: Cidr;
  try {
    cidr = parseCidr(text);
  } catch (error) {
    return [(error as Error).message];
  }
  const problems: string[] = [];
  if (cidr.prefix < VPC_PREFIX_RANGE.min || cidr.prefix > VPC_PREFIX_RANGE.max) {
    problems.push(`expected a prefix from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}`);
  }
  if (!PRIVATE_RANGES.some((range) => contains(parseCidr(range), cidr))) {
    problems.push(`expected a private (RFC 1918) block inside ${PRIVATE_RANGES.join(", ")}`);
  }
  return problems;
}

/**
 * Layout of a VPC of prefix P: the first half holds the app subnets (P+3 each, where the
 * instances and task ENIs live), then an eighth for public (P+5) and an eighth for data
 * (P+5); the last quarter stays free for tiers to come.
 */
export function planSubnets(vpcCidr: string, azCount: number): PlannedSubnet[] {
  const vpc = parseCidr(vpcCidr);
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > AZ_SLOTS) {
    throw new Error(`azCount must be an integer from 1 to ${AZ_SLOTS}, got ${azCount}`);
  }
  const half = blockSize(vpc.prefix + 1);
  const eighth = blockSize(vpc.prefix + 3);
  const layout: Record<SubnetTier, { start: number; prefix: number }> = {
    app: { start: vpc.base, prefix: vpc.prefix + 3 },
    public: { start: vpc.base + half, prefix: vpc.prefix + 5 },
    data: { start: vpc.base + half + eighth, prefix: vpc.prefix + 5 },
  };
  const subnets: PlannedSubnet[] = [];
  for (const tier of SUBNET_TIERS) {
    const { start, prefix } = layout[tier];
    for (let azIndex = 0; azIndex < azCount; azIndex++) {
      subnets.push({ tier, azIndex, cidr: formatCidr({ base: start + azIndex * blockSize(prefix), prefix }) });
    }
  }
  return subnets;
}
