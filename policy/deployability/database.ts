import { isOf, isTrue, label, TYPES, type PolicyTarget, type Rule } from "../graph";

const PASSWORD_MANAGEMENT =
  'RDS User Guide, "Password management with Amazon RDS and AWS Secrets Manager", Limitations; terraform-aws-modules/terraform-aws-rds#532; hashicorp/terraform-provider-aws#40188';

/** The RDS instance a replica names as its source (by identifier or ARN, as replicateSourceDb allows). */
function sourceOf(instances: PolicyTarget[], replica: PolicyTarget): PolicyTarget | undefined {
  const source = replica.props.replicateSourceDb;
  return instances.find((i) => i !== replica && [i.props.identifier, i.props.arn, i.props.id].includes(source));
}

/**
 * RDS refuses to create a read replica of a source whose master password it manages in Secrets Manager (every engine
 * but SQL Server), a replica that asks to manage one itself, and Blue/Green deployments of such a database. `pulumi
 * preview` accepts all three; `pulumi up` fails once the source exists, twenty minutes in.
 */
export const databaseDeployabilityRules: Rule[] = [
  {
    kind: "stack",
    name: "replica-source-password-management",
    description:
      "No RDS read replica (replicateSourceDb) of a source whose master password RDS manages, no replica cluster or replica instance asking to manage one, and no Blue/Green update of a database that does: RDS refuses them. Use Aurora readers or a Multi-AZ DB cluster instead.",
    enforcementLevel: "mandatory",
    source: PASSWORD_MANAGEMENT,
    validate(resources, report) {
      const instances = resources.filter((r) => isOf(r, TYPES.database));
      for (const instance of instances) {
        const managed = isTrue(instance.props.manageMasterUserPassword);
        if (instance.props.replicateSourceDb) {
          const source = sourceOf(instances, instance);
          if (source && isTrue(source.props.manageMasterUserPassword) && !/^sqlserver/.test(String(source.props.engine ?? ""))) {
            report(`${label(instance)} is a read replica of ${label(source)}, whose master password RDS manages; RDS refuses such a replica.`);
          }
          if (managed) report(`${label(instance)} is a read replica but sets manageMasterUserPassword; a replica takes its source's credentials.`);
        }
        if (managed && isTrue(instance.props.blueGreenUpdate?.enabled)) {
          report(`${label(instance)} enables blueGreenUpdate with a managed master password; RDS refuses Blue/Green deployments of it.`);
        }
      }
      for (const cluster of resources.filter((r) => isOf(r, TYPES.databaseCluster))) {
        if (cluster.props.replicationSourceIdentifier && isTrue(cluster.props.manageMasterUserPassword)) {
          report(`${label(cluster)} replicates ${cluster.props.replicationSourceIdentifier} but sets manageMasterUserPassword; RDS refuses it for a replica.`);
        }
      }
    },
  },
];
