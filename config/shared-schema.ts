import { z } from "zod";
import { ARCHITECTURES } from "../lib/instance-types";
import { commonKeys } from "./common-schema";
import { alertsSchema } from "./observability-schema";

/** Whether the shared stack creates the domain's public zone or adopts the one the account already hosts. */
export const PUBLIC_ZONE_STRATEGIES = ["create", "existing"] as const;

const DOMAIN = /^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;
const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

export const sharedSchema = z.strictObject({
  ...commonKeys,
  "platform:domain": z
    .string({ error: "required: the public DNS domain the shared zone serves, e.g. example.com" })
    .regex(DOMAIN, "expected a lower-case DNS domain such as example.com")
    .describe("Public DNS domain of the shared zone; environments answer at <stack>.<domain>."),
  "platform:publicZone": z
    .enum(PUBLIC_ZONE_STRATEGIES, {
      error: "expected create (a new zone, to delegate the domain to) or existing (the domain's public zone already in this account)",
    })
    .describe("create a public hosted zone for the domain (then delegate the domain to its publicZoneNameServers output), or adopt the existing one."),
  "platform:alerts": alertsSchema.describe("Who the organization's alert topic notifies (prod's critical alarms escalate to it)."),
  "platform:releases": z
    .strictObject({
      noncurrentVersionDays: z.number().int().min(1).max(3650).describe("Days an overwritten or deleted object version of the release bucket is kept."),
    })
    .describe("The release bucket: one versioned object per release."),
  "platform:registry": z
    .strictObject({
      untaggedImageDays: z.number().int().min(1).max(365).describe("Days after its push an untagged image of the container registry expires."),
      keepImages: z.number().int().min(1).max(10000).describe("Newest images the container registry keeps; older ones expire."),
    })
    .describe("Lifecycle of the container registry (ECR repository)."),
  "platform:baseImage": z
    .strictObject({
      architecture: z.enum(ARCHITECTURES).describe("CPU architecture of the base image; environments' platform:compute.architecture must match it."),
      amiId: z
        .string()
        .regex(AMI_ID, "expected an AMI id such as ami-0123456789abcdef0")
        .optional()
        .describe("A curated AMI; unset, the latest Amazon Linux 2023 image of the architecture at the last shared deploy."),
    })
    .describe("The base image every tier boots, published as an SSM parameter."),
  "platform:protect": z
    .boolean()
    .describe(
      "Protect the stateful resources: Pulumi's protect, no force-deletion of the release bucket and registry, a 30-day (not 7-day) key deletion window.",
    ),
});
