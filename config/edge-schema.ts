import { z } from "zod";
import { ORIGIN_SECRET_GENERATIONS_MAX, PRICE_CLASSES } from "../tiers/edge/edge-plan";
import { BODY_LIMITS_KB, EVALUATION_WINDOWS, RATE_LIMIT_MAX, RATE_LIMIT_MIN } from "../tiers/edge/waf-plan";

const rateLimitMessage = `expected a whole number of requests per IP from ${RATE_LIMIT_MIN} to ${RATE_LIMIT_MAX} (AWS WAF rate-based rule limits)`;
const generationsMessage = `expected 1 to ${ORIGIN_SECRET_GENERATIONS_MAX} distinct whole numbers from 1, CloudFront's first (see tiers/edge/README.md)`;

/** `platform:edge`: CloudFront and AWS WAF in front of the assets bucket and the ALB. */
export const edgeSchema = z.strictObject({
  enabled: z.boolean({ error: "expected true or false" }).describe("Whether a CloudFront distribution and a web ACL front the environment."),
  priceClass: z
    .enum(PRICE_CLASSES, { error: `expected one of ${PRICE_CLASSES.join(", ")}` })
    .describe("CloudFront price class: the edge locations that serve viewers."),
  rateLimit: z
    .number({ error: rateLimitMessage })
    .int(rateLimitMessage)
    .min(RATE_LIMIT_MIN, rateLimitMessage)
    .max(RATE_LIMIT_MAX, rateLimitMessage)
    .describe("AWS WAF rate-based rule: requests one IP address may make per evaluation window before it is blocked."),
  evaluationWindowSec: z
    .number()
    .refine(
      (seconds) => (EVALUATION_WINDOWS as readonly number[]).includes(seconds),
      `expected one of ${EVALUATION_WINDOWS.join(", ")} seconds (AWS WAF evaluation windows)`,
    )
    .describe("Seconds over which the rate limit counts an IP address's requests."),
  maxRequestBodyKb: z
    .number()
    .refine(
      (kb): kb is (typeof BODY_LIMITS_KB)[number] => (BODY_LIMITS_KB as readonly number[]).includes(kb),
      `expected one of ${BODY_LIMITS_KB.join(", ")} KB (AWS WAF body inspection sizes for CloudFront)`,
    )
    .describe("KB of a request body CloudFront forwards to AWS WAF for inspection; a longer body is blocked (above 16 KB AWS WAF charges extra)."),
  originSecretGenerations: z
    .array(z.number({ error: generationsMessage }).int(generationsMessage).min(1, generationsMessage), { error: generationsMessage })
    .min(1, generationsMessage)
    .max(ORIGIN_SECRET_GENERATIONS_MAX, generationsMessage)
    .refine((generations) => new Set(generations).size === generations.length, generationsMessage)
    .describe("Generations of the origin header's value the ALB accepts; CloudFront sends the first. Rotate [1, 2], [2, 1], [2] (tiers/edge/README.md)."),
});

export type EdgeConfigInput = z.infer<typeof edgeSchema>;
