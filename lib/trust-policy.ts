/** IAM condition operators to keys to values, as a policy statement's `Condition` holds them. */
export type PolicyCondition = Record<string, Record<string, string | string[]>>;

/**
 * The trust policy that lets one AWS service assume a role. A condition on `aws:SourceAccount` or
 * `aws:SourceArn` keeps the service from assuming it on another account's behalf (the confused deputy).
 */
export function serviceTrustPolicy(service: string, condition?: PolicyCondition): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition && { Condition: condition }) }],
  });
}
