import { handles, Index, isOf, isTrue, label, parsed, roleGuessedFromStackName, TYPES, type PolicyTarget, type Rule } from "./graph";

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
    kind: "stack",
    name: "prod-database-resilience",
    description: `In prod, every database survives the loss of a zone (an RDS instance Multi-AZ, an Aurora cluster with instances in two zones or more), keeps automated backups at least ${MIN_BACKUP_DAYS} days and has deletion protection; read replicas follow their source.`,
    enforcementLevel: "mandatory",
    validate(resources, report) {
      const index = new Index(resources);
      const prod = (types: readonly string[]) => index.ofType(types).filter((r) => roleGuessedFromStackName(r.urn) === "prod");
      const primaries = [...prod(TYPES.database), ...prod(TYPES.databaseCluster)].filter(
        (r) => !r.props.replicateSourceDb && !r.props.replicationSourceIdentifier,
      );
      for (const database of primaries) {
        const p = database.props;
        if (isOf(database, TYPES.database) && !isTrue(p.multiAz)) report(`${label(database)} is not Multi-AZ; prod databases need multiAz true.`);
        if (isOf(database, TYPES.databaseCluster)) {
          const zones = new Set(
            index
              .ofType(TYPES.clusterInstance)
              .filter((i) => i.props.clusterIdentifier !== undefined && [p.clusterIdentifier, p.id].includes(i.props.clusterIdentifier))
              .map((i) => i.props.availabilityZone),
          );
          if (zones.size < 2) {
            report(
              `${label(database)} runs its instances in ${zones.size} Availability Zone(s); prod needs a reader in another zone than the writer to fail over to.`,
            );
          }
        }
        if (!(Number(p.backupRetentionPeriod) >= MIN_BACKUP_DAYS)) {
          report(`${label(database)} keeps backups ${p.backupRetentionPeriod ?? "the default"} day(s); prod needs at least ${MIN_BACKUP_DAYS}.`);
        }
        if (!isTrue(p.deletionProtection)) report(`${label(database)} has no deletion protection; prod databases need deletionProtection true.`);
      }
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
