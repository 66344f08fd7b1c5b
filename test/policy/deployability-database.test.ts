import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { databaseDeployabilityRules } from "../../policy/deployability/database";
import { violations, type Violation } from "../../policy/rules";
import { declaredUnderMocks } from "../support/policy-view";

/** A source instance, and what is built on it: a read replica, or a replica cluster. */
interface DatabaseParts {
  sourceManagesPassword: boolean;
  replica?: { manageMasterUserPassword?: boolean };
  replicaCluster?: boolean;
  blueGreen?: boolean;
}

function databases({ sourceManagesPassword, replica, replicaCluster, blueGreen }: DatabaseParts) {
  return (provider: aws.Provider) => {
    const opts = { provider };
    const source = new aws.rds.Instance(
      "db",
      {
        engine: "postgres",
        instanceClass: "db.r7g.large",
        allocatedStorage: 100,
        username: "platformadmin",
        ...(sourceManagesPassword ? { manageMasterUserPassword: true } : { password: "from-a-secret-of-its-own" }),
        blueGreenUpdate: blueGreen ? { enabled: true } : undefined,
      },
      opts,
    );
    if (replica) new aws.rds.Instance("db-replica", { instanceClass: "db.r7g.large", replicateSourceDb: source.identifier, ...replica }, opts);
    if (replicaCluster) {
      new aws.rds.Cluster(
        "db-replica-cluster",
        { engine: "aurora-postgresql", replicationSourceIdentifier: source.arn, manageMasterUserPassword: true, storageEncrypted: true },
        opts,
      );
    }
  };
}

const found = async (parts: DatabaseParts): Promise<Violation[]> => violations(await declaredUnderMocks("prod", databases(parts)), databaseDeployabilityRules);

describe("deployability: databases", () => {
  it("catches a read replica of a source whose master password RDS manages: what prod asked for before Aurora", async () => {
    const messages = (await found({ sourceManagesPassword: true, replica: {} })).map((v) => v.message);
    assert.deepEqual(messages, [
      'aws:rds/instance:Instance "db-replica" is a read replica of aws:rds/instance:Instance "db", whose master password RDS manages; RDS refuses such a replica.',
    ]);
  });

  it("passes a replica of a source with its own password", async () => {
    assert.deepEqual(await found({ sourceManagesPassword: false, replica: {} }), []);
  });

  it("catches a replica, instance or cluster, that asks RDS to manage its password", async () => {
    const messages = (await found({ sourceManagesPassword: false, replica: { manageMasterUserPassword: true }, replicaCluster: true })).map((v) => v.message);
    assert.equal(messages.length, 2, messages.join("\n"));
    assert.match(messages[0], /"db-replica" is a read replica but sets manageMasterUserPassword/);
    assert.match(messages[1], /"db-replica-cluster" replicates arn:aws:rds:.* but sets manageMasterUserPassword/);
  });

  it("catches a Blue/Green update of a database whose master password RDS manages", async () => {
    const messages = (await found({ sourceManagesPassword: true, blueGreen: true })).map((v) => v.message);
    assert.deepEqual(messages, [
      'aws:rds/instance:Instance "db" enables blueGreenUpdate with a managed master password; RDS refuses Blue/Green deployments of it.',
    ]);
  });

  it("names its source", () => {
    for (const rule of databaseDeployabilityRules) assert.match(rule.source ?? "", /Password management with Amazon RDS and AWS Secrets Manager/);
  });
});
