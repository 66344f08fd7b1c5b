import { priceOf, type PriceTable } from "./prices";

/** One priced line of an estimate: a quantity of a unit at a unit price. */
export interface CostLine {
  /** The component it belongs to, by resource name: `compute-web`, `network`, `data-db`. */
  component: string;
  /** What is counted, e.g. `on-demand m7g.large` or `NAT gateway hours`. */
  item: string;
  quantity: number;
  unit: string;
  unitUsd: number;
  monthlyUsd: number;
  /** The price table key it was priced with, and the region it was looked up in. */
  price: string;
  region: string;
  /** True when the price is marked `assumed` in the table; undefined price: `unpriced`. */
  assumed: boolean;
  unpriced: boolean;
}

export interface LineRequest {
  component: string;
  item: string;
  quantity: number;
  price: string;
  region: string;
  /** Multiplies the table price (a Spot discount). */
  factor?: number;
}

/** Prices a quantity; a missing price gives a zero line marked `unpriced` rather than a guess. */
export function line(table: PriceTable, request: LineRequest): CostLine {
  const price = priceOf(table, request.region, request.price);
  const unitUsd = (price?.usd ?? 0) * (request.factor ?? 1);
  return {
    component: request.component,
    item: request.item,
    quantity: request.quantity,
    unit: price?.unit ?? "unpriced",
    unitUsd,
    monthlyUsd: request.quantity * unitUsd,
    price: request.price,
    region: request.region,
    assumed: price?.source === "assumed",
    unpriced: price === undefined,
  };
}
