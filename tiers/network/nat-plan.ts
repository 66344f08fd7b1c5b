/**
 * How app subnets reach the internet for what neither the proxy nor an endpoint carries. `none`
 * leaves them no route out: the app security groups allow no direct internet egress anyway.
 */
export const NAT_STRATEGIES = ["per-az", "single", "regional", "none"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];
