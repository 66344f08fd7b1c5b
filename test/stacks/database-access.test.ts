import { strict as assert } from "assert";
import { readConfigFile } from "../../config/stack-files";
import type { DeclaredResource } from "../../offline/aws-mocks";
import type { Evaluation } from "../../offline/evaluate";
import { evaluated, evaluatedWith, ofType, one } from "../support/harness";

const CLUSTER = "aws:rds/cluster:Cluster";
const TASK_DEFINITION = "awsx:ecs:FargateTaskDefinition";

/** What the mock answered for the cluster, as AWS would: its endpoints, resource id and managed secret. */
const clusterOf = (e: Evaluation) =>
  one(e, CLUSTER).computed as { endpoint: string; readerEndpoint: string; clusterResourceId: string; masterUserSecrets: { secretArn: string }[] };
const masterSecretOf = (e: Evaluation): string => clusterOf(e).masterUserSecrets[0].secretArn;
const connectArn = (e: Evaluation, user: string) => `arn:aws:rds-db:eu-west-1:123456789012:dbuser:${clusterOf(e).clusterResourceId}/${user}`;
const statements = (policy: string) => JSON.parse(policy).Statement as { Sid?: string; Action: string[]; Resource: string | string[] }[];
const connects = (policy: string) => statements(policy).filter((s) => s.Action.includes("rds-db:connect"));
const envOf = (definition: DeclaredResource) =>
  Object.fromEntries(definition.inputs.container.environment.map((v: { name: string; value: string }) => [v.name, v.value])) as Record<string, string>;
/** What a resource would send AWS, decoded: boot scripts are base64. */
const sent = (r: DeclaredResource) => {
  const text = JSON.stringify(r.inputs);
  const userData = typeof r.inputs.userData === "string" ? Buffer.from(r.inputs.userData, "base64").toString() : "";
  return text + userData;
};

const stacks: [string, () => Promise<Evaluation>][] = [
  ["prod with a pinned release", () => evaluatedWith("prod", { config: { "platform:release": "1.4.2" } })],
  ["dev", () => evaluated("dev")],
  ["load-test", () => evaluated("load-test")],
  ["prod on containers (examples/containers.yaml)", () => evaluatedWith("prod", { config: readConfigFile("examples/containers.yaml") })],
];

for (const [what, evaluate] of stacks) {
  describe(`database access in ${what}`, () => {
    let e: Evaluation;
    before(async () => (e = await evaluate()));

    it("gives the master secret to no tier, instance or job but the migration task", () => {
      const secret = masterSecretOf(e);
      const holders = e.resources.filter((r) => sent(r).includes(secret)).map((r) => r.name);
      const migration = ofType(e, TASK_DEFINITION).filter((d) => d.name.endsWith("-jobs-migrate"));
      assert.deepEqual(
        holders,
        migration.map((d) => d.name),
      );
    });

    it("lets the tiers connect only as the app user, by IAM token, to this cluster", () => {
      const policies = [
        ...ofType(e, "aws:iam/rolePolicy:RolePolicy").map((p) => p.inputs.policy as string),
        ...ofType(e, TASK_DEFINITION)
          .filter((d) => !d.name.endsWith("-jobs-migrate"))
          .map((d) => d.inputs.taskRole.args.inlinePolicies[0].policy as string),
      ];
      const granted = policies.flatMap(connects).flatMap((s) => s.Resource);
      assert.ok(granted.length > 0, "no tier may connect");
      assert.deepEqual([...new Set(granted)], [connectArn(e, "app")]);
    });

    it("tells the application the cluster's writer and reader endpoints and its user, not a private alias", () => {
      const cluster = clusterOf(e);
      const boot = ofType(e, "aws:ec2/launchTemplate:LaunchTemplate")
        .filter((t) => /-compute-(web|worker)/.test(t.name))
        .map((t) => Buffer.from(t.inputs.userData, "base64").toString());
      const containers = ofType(e, "aws:ecs/taskDefinition:TaskDefinition").map((t) => t.inputs.containerDefinitions as string);
      const told = [...boot, ...containers];
      assert.ok(told.length > 0);
      for (const text of told) {
        for (const value of [cluster.endpoint, cluster.readerEndpoint, "DATABASE_USER", "app"]) assert.ok(text.includes(value), `${value} missing`);
        assert.ok(!text.includes("DATABASE_SECRET"), "no master secret variable");
      }
    });
  });
}

describe("the migration task", () => {
  let e: Evaluation;
  before(async () => (e = await evaluatedWith("prod", { config: { "platform:release": "1.4.2" } })));

  it("gets the master secret injected to create the roles, and migrates as migrator through IAM", () => {
    const migrate = one(e, TASK_DEFINITION, "-jobs-migrate");
    assert.deepEqual(migrate.inputs.container.secrets, [{ name: "DATABASE_MASTER_SECRET", valueFrom: masterSecretOf(e) }]);
    const env = envOf(migrate);
    assert.equal(env.DATABASE_USER, "migrator");
    assert.equal(env.DATABASE_AUTH, "iam");
    assert.match(env.DATABASE_BOOTSTRAP_SQL, /CREATE ROLE app LOGIN/);
    const taskPolicy = migrate.inputs.taskRole.args.inlinePolicies[0].policy as string;
    assert.deepEqual(
      connects(taskPolicy).flatMap((s) => s.Resource),
      [connectArn(e, "migrator")],
    );
    const readSecrets = statements(migrate.inputs.executionRole.args.inlinePolicies[0].policy);
    assert.deepEqual(readSecrets[0].Resource, [masterSecretOf(e)]);
  });

  it("runs the scheduled jobs as the application, without the master secret", () => {
    const cleanup = one(e, TASK_DEFINITION, "-jobs-nightly-cleanup");
    assert.equal(envOf(cleanup).DATABASE_USER, "app");
    assert.equal(envOf(cleanup).DATABASE_BOOTSTRAP_SQL, undefined);
    assert.ok(!cleanup.inputs.container.secrets.some((s: { name: string }) => s.name.startsWith("DATABASE")));
  });
});
