import { z } from "zod";
import { allowedDomainProblems } from "../tiers/proxy/squid-config-plan";
import { logRetention } from "./common-schema";

export const proxySchema = z
  .strictObject({
    instanceType: z.string().describe("EC2 instance type of the proxies, of platform:compute.architecture; no burstable (t) types in prod."),
    min: z
      .number()
      .int()
      .min(2, "expected at least 2, so that the proxy survives the loss of an instance or a zone")
      .describe("Fewest proxy instances; at most max."),
    desired: z.number().int().min(0).describe("Proxy instances at creation, from min to max."),
    max: z.number().int().min(2, "expected at least 2").max(1000).describe("Most proxy instances."),
    allowedDomains: z
      .array(z.string())
      .min(1, "expected at least one domain: with an empty allowlist the proxy refuses everything")
      .superRefine((domains, ctx) => {
        for (const problem of allowedDomainProblems(domains)) ctx.addIssue({ code: "custom", input: domains, message: problem });
      })
      .describe("Squid allowlist, lower-case: .x.com is x.com and its subdomains; no duplicates, none covered by another. Replaces the default list."),
    targetCpuPercent: z
      .number()
      .int()
      .min(10, "expected a CPU target from 10 to 90 percent")
      .max(90, "expected a CPU target from 10 to 90 percent")
      .describe("Target tracking: average CPU percentage per proxy instance."),
    targetNetworkOutMbps: z
      .number()
      .int()
      .min(1, "expected a per-instance target of at least 1 Mbit/s")
      .describe("Target tracking: outbound traffic per proxy instance, in Mbit/s."),
    logRetentionDays: logRetention.describe("Days the proxy's request log group keeps records."),
  })
  .superRefine((c, ctx) => {
    if (c.min > c.max) ctx.addIssue({ code: "custom", path: ["min"], input: c.min, message: `expected min <= max (${c.max})` });
    if (c.desired < c.min || c.desired > c.max) {
      ctx.addIssue({ code: "custom", path: ["desired"], input: c.desired, message: `expected desired between min (${c.min}) and max (${c.max})` });
    }
  })
  .describe("The egress proxy: Squid on an Auto Scaling group behind an internal Network Load Balancer, and its domain allowlist.");
