/** The TCP ports the tiers listen on, each an unprivileged port (1024-65535). */
export interface TierPorts {
  /** The web tier's application port, behind the load balancer. */
  web: number;
  /** The egress proxy's listener. */
  proxy: number;
  database: number;
  cache: number;
}

/** The security groups of an environment, one per tier; rules reference groups, not address ranges. */
export const SECURITY_GROUPS = ["loadBalancer", "web", "worker", "proxyLoadBalancer", "proxy", "database", "cache", "endpoints"] as const;
export type SecurityGroupName = (typeof SECURITY_GROUPS)[number];

export const SECURITY_GROUP_PURPOSE: Record<SecurityGroupName, string> = {
  loadBalancer: "Public application load balancer",
  web: "Web tier instances and one-off jobs",
  worker: "Worker tier instances",
  proxyLoadBalancer: "Internal load balancer of the egress proxy",
  proxy: "Egress proxy instances",
  database: "Relational database",
  cache: "Cache cluster",
  endpoints: "Interface VPC endpoints for AWS APIs",
};

export type RulePeer = { group: SecurityGroupName } | { cidr: string } | { prefixList: "s3" | "dynamodb" };

export interface SecurityRule {
  group: SecurityGroupName;
  direction: "ingress" | "egress";
  port: number;
  peer: RulePeer;
  description: string;
}

const ANYWHERE = "0.0.0.0/0";
const HTTPS = 443;
const HTTP = 80;

/**
 * Every rule of the environment's security groups, as data. Nothing opens port 22:
 * operators reach instances through SSM Session Manager.
 */
export function planSecurityRules(ports: TierPorts): SecurityRule[] {
  const rules: SecurityRule[] = [];
  const allow = (from: SecurityGroupName, to: SecurityGroupName, port: number, what: string) => {
    rules.push({ group: from, direction: "egress", port, peer: { group: to }, description: `${what} to ${to}` });
    rules.push({ group: to, direction: "ingress", port, peer: { group: from }, description: `${what} from ${from}` });
  };

  rules.push({ group: "loadBalancer", direction: "ingress", port: HTTPS, peer: { cidr: ANYWHERE }, description: "HTTPS from the internet" });
  rules.push({ group: "loadBalancer", direction: "ingress", port: HTTP, peer: { cidr: ANYWHERE }, description: "HTTP from the internet, redirected to HTTPS" });
  allow("loadBalancer", "web", ports.web, "Application traffic");

  for (const client of ["web", "worker"] as const) {
    allow(client, "proxyLoadBalancer", ports.proxy, "Egress proxy");
    allow(client, "endpoints", HTTPS, "AWS APIs");
    allow(client, "database", ports.database, "Database");
    allow(client, "cache", ports.cache, "Cache");
    for (const prefixList of ["s3", "dynamodb"] as const) {
      rules.push({ group: client, direction: "egress", port: HTTPS, peer: { prefixList }, description: `${prefixList} through the gateway endpoint` });
    }
  }

  allow("proxyLoadBalancer", "proxy", ports.proxy, "Proxied requests and health checks");
  rules.push({ group: "proxy", direction: "egress", port: HTTPS, peer: { cidr: ANYWHERE }, description: "Allowed HTTPS destinations" });
  rules.push({ group: "proxy", direction: "egress", port: HTTP, peer: { cidr: ANYWHERE }, description: "Allowed HTTP destinations" });
  rules.push({ group: "endpoints", direction: "ingress", port: HTTPS, peer: { group: "proxy" }, description: "AWS APIs from proxy" });
  return rules;
}
