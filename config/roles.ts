export const ROLES = ["shared", "dev", "prod", "load-test"] as const;
export type Role = (typeof ROLES)[number];
export type EnvironmentRole = Exclude<Role, "shared">;

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Hard limits per role that config cannot relax; the defaults table lives in `defaults.ts`. */
export interface RoleRules {
  minAvailabilityZones: number;
  /** Tiers must keep at least this many instances when scaled up. */
  minTierCapacity: number;
  /** Whether tiers may run burstable (t family) instances, whose CPU credits run out under load. */
  burstableInstances: boolean;
  /** Whether container tiers may run on Fargate Spot, whose tasks AWS may stop with two minutes' notice. */
  spotContainers: boolean;
}

export const ROLE_RULES: Record<EnvironmentRole, RoleRules> = {
  dev: { minAvailabilityZones: 2, minTierCapacity: 0, burstableInstances: true, spotContainers: true },
  prod: { minAvailabilityZones: 3, minTierCapacity: 2, burstableInstances: false, spotContainers: false },
  "load-test": { minAvailabilityZones: 2, minTierCapacity: 0, burstableInstances: true, spotContainers: true },
};
