import { z } from "zod";
import { EVALUATION_WINDOWS, PRICE_CLASSES, RATE_LIMIT_MAX, RATE_LIMIT_MIN } from "../tiers/edge/edge-plan";

const rateLimitMessage = `expected a whole number of requests per IP from ${RATE_LIMIT_MIN} to ${RATE_LIMIT_MAX} (AWS WAF rate-based rule limits)`;

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
});

export type EdgeConfigInput = z.infer<typeof edgeSchema>;
