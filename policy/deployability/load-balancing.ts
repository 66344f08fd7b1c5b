import { isOf, label, parsed, TYPES, type Rule } from "../graph";

/** ELB's default health check timeout by protocol, in seconds (CreateTargetGroup, HealthCheckTimeoutSeconds). */
const DEFAULT_TIMEOUT: Record<string, number> = { HTTP: 6, HTTPS: 10, TCP: 10, TLS: 10 };
/** Names Systems Manager keeps for its own documents (CreateDocument, Name: "reserved prefixes aws, amazon, amzn"). */
const RESERVED_DOCUMENT_PREFIX = /^(aws|amazon|amzn)/i;
/** CreateDocument's Name pattern: 3-128 letters, digits, _ - and dots. */
const DOCUMENT_NAME = /^[a-zA-Z0-9_.-]{3,128}$/;

export const loadBalancingDeployabilityRules: Rule[] = [
  {
    kind: "resource",
    name: "health-check-timeout-under-interval",
    description:
      "A target group's health check timeout is shorter than its interval: ELB refuses one that is not, and HTTP's default timeout of 6 s is already too long for a 5 s interval.",
    enforcementLevel: "mandatory",
    source: "ELB API reference, CreateTargetGroup (HealthCheckIntervalSeconds 5-300, HealthCheckTimeoutSeconds 2-120, default 6 s for HTTP); aws/aws-cdk#22200",
    validate(resource, report) {
      if (!isOf(resource, TYPES.targetGroup)) return;
      const check = parsed(resource.props.healthCheck) ?? {};
      if (check.interval === undefined) return;
      const protocol = String(check.protocol ?? resource.props.protocol ?? "HTTP").toUpperCase();
      const timeout = Number(check.timeout ?? DEFAULT_TIMEOUT[protocol] ?? 6);
      if (timeout >= Number(check.interval)) {
        report(
          `${label(resource)} checks every ${check.interval} s with a ${timeout} s timeout${check.timeout === undefined ? ` (${protocol}'s default)` : ""}: the timeout must be shorter than the interval.`,
        );
      }
    },
  },
  {
    kind: "resource",
    name: "ssm-document-name-allowed",
    description: "An SSM document's name is 3-128 letters, digits, _ - or dots and starts with none of the prefixes Systems Manager keeps (aws, amazon, amzn).",
    enforcementLevel: "mandatory",
    source: "Systems Manager API reference, CreateDocument (Name: pattern ^[a-zA-Z0-9_\\-.]{3,128}$; reserved prefixes aws, amazon, amzn)",
    validate(resource, report) {
      if (!isOf(resource, ["aws:ssm/document:Document"])) return;
      const name = String(resource.props.name ?? "");
      if (!DOCUMENT_NAME.test(name)) report(`${label(resource)} is named "${name}": expected 3-128 letters, digits, _ - or dots.`);
      else if (RESERVED_DOCUMENT_PREFIX.test(name))
        report(`${label(resource)} is named "${name}": names starting with aws, amazon or amzn are Systems Manager's own.`);
    },
  },
];
