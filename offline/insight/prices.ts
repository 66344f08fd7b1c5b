import { z } from "zod";
import catalogue from "./price-table.json";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const provenance = {
  /** Where the figure was read (a URL), or `assumed` when no source was found. */
  source: z.union([z.url(), z.literal("assumed")]),
  /** The day it was read, YYYY-MM-DD. */
  read: z.string().regex(DATE, "expected a date YYYY-MM-DD"),
  assumed: z.string().min(1).optional(),
  note: z.string().optional(),
};
const consistent = {
  check: (entry: { source: string; assumed?: string }) => (entry.source === "assumed") === (entry.assumed !== undefined),
  message: "an entry is either sourced (a URL, no `assumed`) or assumed (source `assumed` and the reason in `assumed`)",
};

export const priceSchema = z
  .strictObject({ usd: z.number().nonnegative(), unit: z.string().min(1), ...provenance })
  .refine(consistent.check, consistent.message);
const vcpuSchema = z.strictObject({ vcpus: z.number().int().positive(), ...provenance }).refine(consistent.check, consistent.message);
const priceList = z.record(z.string(), priceSchema);
export const priceTableSchema = z.strictObject({
  $comment: z.string(),
  regions: z.record(z.string(), priceList),
  /** Prices of global services (CloudFront, WAF on CloudFront). */
  global: priceList,
  vcpus: z.record(z.string(), vcpuSchema),
});

export type Price = z.infer<typeof priceSchema>;
export type PriceTable = z.infer<typeof priceTableSchema>;

/** The committed price table, validated: every price carries its source and the day it was read. */
export const PRICES: PriceTable = priceTableSchema.parse(catalogue);

/** A price of a region (or, for `cloudfront:`/`waf:` keys, a global one); undefined when the table has none. */
export function priceOf(table: PriceTable, region: string, key: string): Price | undefined {
  return table.global[key] ?? table.regions[region]?.[key];
}

export function vcpusOf(table: PriceTable, instanceType: string): number | undefined {
  return table.vcpus[instanceType]?.vcpus;
}
