/** What the estimate cannot read from the plan: usage, and the Spot market. Printed with every estimate. */
export interface CostAssumptions {
  /** Hours in a month: 730 (8,760 a year / 12). */
  hoursPerMonth: number;
  /** Spot price below on-demand, in percent; it varies by pool and hour. */
  spotDiscountPercent: number;
  /** Data each NAT gateway processes in a month, in GB. */
  natGbPerGateway: number;
  /** Load balancer capacity units each ALB or NLB uses on average per hour. */
  lcuPerLoadBalancer: number;
  /** Requests per second that reach CloudFront (and its WAF), on average over the month, in prod and load-test. */
  edgeRequestsPerSecond: number;
  /** The same in a dev environment, which only its team uses. */
  devEdgeRequestsPerSecond: number;
  /** Aurora storage in GB when the cluster states none (Aurora bills what is used). */
  auroraStorageGb: number;
  /** Aurora Standard I/O requests in millions per month. */
  auroraIoMillions: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  hoursPerMonth: 730,
  spotDiscountPercent: 60,
  natGbPerGateway: 100,
  lcuPerLoadBalancer: 1,
  edgeRequestsPerSecond: 20,
  devEdgeRequestsPerSecond: 2,
  auroraStorageGb: 100,
  auroraIoMillions: 50,
};

const MEANING: Record<keyof CostAssumptions, string> = {
  hoursPerMonth: "hours in a month",
  spotDiscountPercent: "% Spot price below on-demand (varies by pool and hour)",
  natGbPerGateway: "GB processed per NAT gateway per month",
  lcuPerLoadBalancer: "LCUs per load balancer, average per hour",
  edgeRequestsPerSecond: "requests per second at CloudFront and WAF, monthly average",
  devEdgeRequestsPerSecond: "the same in a dev environment",
  auroraStorageGb: "GB of Aurora storage when the cluster states none",
  auroraIoMillions: "million Aurora I/O requests per month",
};

export function describeAssumptions(assumptions: CostAssumptions): { name: keyof CostAssumptions; value: number; meaning: string }[] {
  return (Object.keys(MEANING) as (keyof CostAssumptions)[]).map((name) => ({ name, value: assumptions[name], meaning: MEANING[name] }));
}
