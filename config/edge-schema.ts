import { z } from "zod";
import { ORIGIN_SECRET_GENERATIONS_MAX, PRICE_CLASSES } from "../tiers/edge/edge-plan";
import { BODY_LIMITS_KB, EVALUATION_WINDOWS, RATE_LIMIT_MAX, RATE_LIMIT_MIN } from "../tiers/edge/waf-plan";

const rateLimitMessage = `expected a whole number of requests per IP from ${RATE_LIMIT_MIN} to ${RATE_LIMIT_MAX} (AWS WAF rate-based rule limits)`;
const generationsMessage = `expected 1 to ${ORIGIN_SECRET_GENERATIONS_MAX} distinct whole numbers from 1, CloudFront's first (see tiers/edge/README.md)`;

/** `platform:edge`: CloudFront and AWS WAF in front of the assets bucket and the ALB. */
export const edgeSchema = z.strictObject({
  enabled: z.boolean({ error: "expected true or false" }),
  priceClass: z.enum(PRICE_CLASSES, { error: `expected one of ${PRICE_CLASSES.join(", ")}` }),
  rateLimit: z.number({ error: rateLimitMessage }).int(rateLimitMessage).min(RATE_LIMIT_MIN, rateLimitMessage).max(RATE_LIMIT_MAX, rateLimitMessage),
  evaluationWindowSec: z
    .number()
    .refine(
      (seconds) => (EVALUATION_WINDOWS as readonly number[]).includes(seconds),
      `expected one of ${EVALUATION_WINDOWS.join(", ")} seconds (AWS WAF evaluation windows)`,
    ),
  maxRequestBodyKb: z
    .number()
    .refine(
      (kb): kb is (typeof BODY_LIMITS_KB)[number] => (BODY_LIMITS_KB as readonly number[]).includes(kb),
      `expected one of ${BODY_LIMITS_KB.join(", ")} KB (AWS WAF body inspection sizes for CloudFront)`,
    ),
  originSecretGenerations: z
    .array(z.number({ error: generationsMessage }).int(generationsMessage).min(1, generationsMessage), { error: generationsMessage })
    .min(1, generationsMessage)
    .max(ORIGIN_SECRET_GENERATIONS_MAX, generationsMessage)
    .refine((generations) => new Set(generations).size === generations.length, generationsMessage),
});

export type EdgeConfigInput = z.infer<typeof edgeSchema>;
