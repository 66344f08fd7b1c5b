import { handles, Index, isOf, isTrue, label, parsed, roleOf, TYPES, type PolicyTarget, type Rule } from "./graph";

const MIN_BACKUP_DAYS = 14;

/** ARNs of the dead-letter queues a queue's redrive policy (inline or its own resource) names. */
function deadLetterTargets(index: Index, queue: PolicyTarget): string[] {
  const ids = handles(queue);
  const separate = index.ofType(TYPES.redrivePolicy).filter((r) => ids.includes(r.props.queueUrl));
  return [queue.props.redrivePolicy, ...separate.map((r) => r.props.redrivePolicy)]
    .map((policy) => parsed(policy)?.deadLetterTargetArn)
    .filter((arn): arn is string => typeof arn === "string");
}

/** A queue that receives other queues' failed messages, or declares that it may. */
function isDeadLetterQueue(index: Index, queue: PolicyTarget, targets: Set<string>): boolean {
  if (handles(queue).some((h) => targets.has(h))) return true;
  const ids = handles(queue);
  const allowPolicies = [
    queue.props.redriveAllowPolicy,
    ...index
      .ofType(TYPES.redriveAllowPolicy)
      .filter((r) => ids.includes(r.props.queueUrl))
      .map((r) => r.props.redriveAllowPolicy),
  ];
  return allowPolicies.some((policy) => parsed(policy)?.redrivePermission !== undefined && parsed(policy)?.redrivePermission !== "denyAll");
}

export const reliabilityRules: Rule[] = [
  {
    kind: "resource",
    name: "prod-database-resilience",
    description: `In prod, every primary database is Multi-AZ (RDS instances), keeps automated backups at least ${MIN_BACKUP_DAYS} days and has deletion protection; read replicas follow their source.`,
    enforcementLevel: "mandatory",
    validate(resource, report) {
      const isInstance = isOf(resource, TYPES.database);
      if ((!isInstance && !isOf(resource, TYPES.databaseCluster)) || roleOf(resource.urn) !== "prod") return;
      const p = resource.props;
      if (p.replicateSourceDb || p.replicationSourceIdentifier) return;
      if (isInstance && !isTrue(p.multiAz)) report(`${label(resource)} is not Multi-AZ; prod databases need multiAz true.`);
      if (!(Number(p.backupRetentionPeriod) >= MIN_BACKUP_DAYS)) {
        report(`${label(resource)} keeps backups ${p.backupRetentionPeriod ?? "the default"} day(s); prod needs at least ${MIN_BACKUP_DAYS}.`);
      }
      if (!isTrue(p.deletionProtection)) report(`${label(resource)} has no deletion protection; prod databases need deletionProtection true.`);
    },
  },
  {
    kind: "stack",
    name: "queue-has-dead-letter-queue",
    description: "Every SQS queue sends messages it cannot deliver to a dead-letter queue, unless it is itself a dead-letter queue.",
    enforcementLevel: "mandatory",
    validate(resources, report) {
      const index = new Index(resources);
      const queues = index.ofType(TYPES.queue);
      const targets = new Set(queues.flatMap((q) => deadLetterTargets(index, q)));
      for (const queue of queues) {
        if (deadLetterTargets(index, queue).length === 0 && !isDeadLetterQueue(index, queue, targets)) {
          report(`${label(queue)} has no redrive policy to a dead-letter queue.`);
        }
      }
    },
  },
  {
    kind: "resource",
    name: "log-group-retention",
    description: "Every CloudWatch log group expires its events (retentionInDays set; 0 would keep them forever).",
    enforcementLevel: "mandatory",
    validate(resource, report) {
      if (resource.type !== "aws:cloudwatch/logGroup:LogGroup") return;
      const days = Number(resource.props.retentionInDays);
      if (!(days > 0)) report(`${label(resource)} keeps its events forever (retentionInDays ${resource.props.retentionInDays ?? "unset"}); set a retention.`);
    },
  },
];
