import { z } from "zod";
import { REGION_NAME } from "../lib/regions";
import { vpcCidrProblems } from "../tiers/network/network-plan";
import { K6_DURATION, K6_RELEASES, MAX_GENERATORS } from "../tiers/load-generators/load-generators-plan";
import { instanceTypeProblems, isArchitecture } from "../lib/instance-types";
import type { EnvironmentRole } from "./roles";

const duration = z.string().regex(K6_DURATION, "expected a k6 duration such as 90s, 30m or 2h");
const positive = (what: string) => z.number().int().min(1, `expected at least 1 ${what}`);

/** `platform:loadTest`: the generator fleet and the scenario it runs (role load-test only). */
export const loadTestSchema = z.strictObject({
  /** Where the generators run; the target's region is refused. Default: see defaultGeneratorRegion. */
  region: z
    .string()
    .regex(REGION_NAME, "expected an AWS region name such as us-east-1")
    .optional()
    .describe("Region of the generators, never the target's; unset, us-east-1 (us-west-2 for a target in us-east-1)."),
  cidr: z
    .string()
    .superRefine((cidr, ctx) => {
      for (const problem of vpcCidrProblems(cidr)) ctx.addIssue({ code: "custom", input: cidr, message: problem });
    })
    .describe("The generators' own VPC: a private block, a /16 to a /20, split into two public subnets."),
  // One Auto Scaling group holds them; no per-group cap exists, the account's Spot vCPU quota is the real limit.
  count: z
    .number()
    .int()
    .min(1, "expected 1 or more generators")
    .max(MAX_GENERATORS, `expected at most ${MAX_GENERATORS} generators`)
    .describe("Spot generator instances in the fleet's Auto Scaling group."),
  instanceTypes: z
    .array(z.string())
    .min(1, "expected at least one instance type")
    .max(10, "expected at most 10 instance types")
    .describe("EC2 instance types of the generators, of platform:compute.architecture (price-capacity-optimized spot)."),
  k6Version: z
    .string()
    .refine((version) => Object.hasOwn(K6_RELEASES, version), {
      message: `expected a k6 release whose checksums the project holds: ${Object.keys(K6_RELEASES).join(", ")}`,
    })
    .describe("The k6 release the generators install: a build checked against its SHA-256, one of K6_RELEASES."),
  /** Results land under load-tests/<run>/ in the results bucket; the generators may write only there. */
  run: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "expected 1-63 lower-case letters, digits or hyphens, starting with a letter or digit")
    .describe("Name of the run: results land under load-tests/<run>/ in the results bucket, the only place the generators may write."),
  scenario: z
    .strictObject({
      /** Iterations (one request each) per second across the whole fleet, at the plateau. */
      arrivalRate: positive("request per second").describe("Requests per second across the whole fleet at the plateau, split over the generators."),
      rampUp: duration.describe("k6 duration of the ramp from 0 to arrivalRate, e.g. 10m."),
      duration: duration.describe("k6 duration of the plateau at arrivalRate, e.g. 30m."),
      paths: z
        .array(z.string().regex(/^\/[\x21-\x7e]{0,1023}$/, "expected a path starting with /"))
        .min(1, "expected at least one path to request")
        .describe("Paths of the system under test's URL the scenario requests."),
      maxVirtualUsers: positive("virtual user per generator").describe("Most k6 virtual users per generator."),
    })
    .describe("The open-model ramping-arrival-rate scenario each generator runs."),
});
export type LoadTestConfigInput = z.infer<typeof loadTestSchema>;

type Issue = { code: "custom"; path: PropertyKey[]; input: unknown; message: string };

/** Checks across keys: load-test only, generators away from the target, on the base image's architecture. */
export function loadTestCrossKeyIssues(cfg: Record<string, unknown>, role: EnvironmentRole): Issue[] {
  const issues: Issue[] = [];
  if (role !== "load-test") {
    for (const key of ["platform:mirror", "platform:loadTest"]) {
      if (cfg[key] !== undefined) issues.push({ code: "custom", path: [key], input: cfg[key], message: "only applies to role load-test" });
    }
    return issues;
  }
  const loadTest = cfg["platform:loadTest"] as Partial<{ region: unknown; instanceTypes: unknown }> | undefined;
  if (loadTest?.region !== undefined && loadTest.region === cfg["aws:region"]) {
    issues.push({
      code: "custom",
      path: ["platform:loadTest", "region"],
      input: loadTest.region,
      message: `expected a region other than the target's (${String(cfg["aws:region"])}), so the load arrives over the internet`,
    });
  }
  const architecture = (cfg["platform:compute"] as Partial<{ architecture: unknown }> | undefined)?.architecture;
  if (Array.isArray(loadTest?.instanceTypes) && isArchitecture(architecture)) {
    for (const problem of instanceTypeProblems(loadTest.instanceTypes.map(String), architecture, true)) {
      issues.push({ code: "custom", path: ["platform:loadTest", "instanceTypes"], input: loadTest.instanceTypes, message: problem });
    }
  }
  return issues;
}
