import { strict as assert } from "assert";
import type { EnvironmentConfig } from "../../config/load";
import { loadTestOutputs } from "../../contracts/outputs";
import type { DeclaredResource } from "../../offline/aws-mocks";
import type { Evaluation } from "../../offline/evaluate";
import { evaluated, evaluatedWith, ofType, one } from "../support/harness";

const SHARED = "organization/platform/shared";
const PROD = "organization/platform/prod";
const ASG = "aws:autoscaling/group:Group";
const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const RDS_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";

/** The system under test's shape, as the resources AWS would receive say it. */
function builtShape(e: Evaluation, prefix: string) {
  const group = (tier: string) => {
    const asg = one(e, ASG, `${prefix}-compute-${tier}`);
    // A group of one on-demand type has no mixed instances policy: the type is on its launch template.
    const single = () => [ofType(e, "aws:ec2/launchTemplate:LaunchTemplate").find((t) => t.id === asg.inputs.launchTemplate.id)?.inputs.instanceType];
    const types = asg.inputs.mixedInstancesPolicy?.launchTemplate.overrides.map((o: { instanceType: string }) => o.instanceType) ?? single();
    return { min: asg.inputs.minSize, desired: asg.inputs.desiredCapacity, max: asg.inputs.maxSize, instanceTypes: types };
  };
  const cluster = one(e, RDS_CLUSTER);
  const instances = ofType(e, RDS_INSTANCE);
  const scaling = ofType(e, "aws:appautoscaling/target:Target").find((t) => t.inputs.serviceNamespace === "rds");
  const policy = ofType(e, "aws:appautoscaling/policy:Policy").find((p) => p.inputs.serviceNamespace === "rds");
  assert.ok(
    instances.every((i) => i.inputs.clusterIdentifier === cluster.inputs.clusterIdentifier && i.inputs.instanceClass === instances[0].inputs.instanceClass),
  );
  return {
    web: group("web"),
    worker: group("worker"),
    database: {
      instanceClass: instances[0].inputs.instanceClass,
      readers: instances.length - 1,
      readerAutoScaling: scaling
        ? { maxReaders: scaling.inputs.maxCapacity, targetCpuPercent: policy?.inputs.targetTrackingScalingPolicyConfiguration.targetValue }
        : undefined,
    },
    cache: { nodeType: one(e, CACHE).inputs.nodeType, replicas: one(e, CACHE).inputs.numCacheClusters - 1 },
  };
}

describe("load-test stack", () => {
  let e: Evaluation;
  before(async () => (e = await evaluated("load-test")));

  it("reads the shared stack and the stack it mirrors (prod), so both deploy first", () => {
    assert.deepEqual(Object.keys(e.references), [SHARED, PROD]);
    assert.equal(e.outputs.mirroredStack, PROD);
    // What it exports is what its contract promises a reader (the loadtest script reads it).
    const exported = loadTestOutputs.safeParse(e.outputs);
    assert.ok(exported.success, JSON.stringify(exported.error?.issues));
  });

  it("builds the system under test in prod's shape: instance types, tier sizes, database class and replicas, cache nodes", () => {
    const prod = e.references[PROD];
    const expected = prod.outputs.shape as Record<string, Record<string, unknown>>;
    const built = builtShape(e, "platform-load-test");
    assert.deepEqual(built, { web: expected.web, worker: expected.worker, database: expected.database, cache: expected.cache });
    // The same reading of prod's own resources: the shape prod exports is the one it builds.
    assert.deepEqual(builtShape(prod, "platform-prod").web, expected.web);
  });

  it("runs on its own cheap terms: spot above a small on-demand base, no deletion protection, short retention", () => {
    const distribution = one(e, ASG, "platform-load-test-compute-web").inputs.mixedInstancesPolicy.instancesDistribution;
    assert.equal(distribution.onDemandPercentageAboveBaseCapacity, 0);
    assert.equal(distribution.onDemandBaseCapacity, 2);
    for (const database of ofType(e, RDS_CLUSTER)) assert.notEqual(database.inputs.deletionProtection, true, database.name);
    const retention = ofType(e, "aws:cloudwatch/logGroup:LogGroup").map((g) => g.inputs.retentionInDays);
    assert.ok(Math.max(...retention) <= 7, `retention ${retention.join(", ")}`);
  });

  it("puts a spot generator fleet in another region, in a VPC of its own, aimed at the system under test's URL", () => {
    const generators = e.resources.filter((r) => r.custom && r.name.startsWith("platform-load-test-generators-") && !r.type.startsWith("aws:iam/"));
    assert.ok(generators.length > 0);
    for (const resource of generators) assert.equal(resource.inputs.region, "us-east-1", `${resource.name} is not in us-east-1`);
    const asg = one(e, ASG, "generators");
    assert.deepEqual([asg.inputs.minSize, asg.inputs.desiredCapacity, asg.inputs.maxSize], [200, 200, 200]);
    assert.equal(asg.inputs.mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity, 0);
    assert.equal(asg.inputs.mixedInstancesPolicy.instancesDistribution.onDemandBaseCapacity, 0);
    const vpc = one(e, "aws:ec2/vpc:Vpc", "generators");
    const subnetIds = ofType(e, "aws:ec2/subnet:Subnet")
      .filter((s) => s.inputs.vpcId === vpc.id)
      .map((s) => s.id);
    assert.equal(subnetIds.length, 2);
    assert.deepEqual([...asg.inputs.vpcZoneIdentifiers].sort(), subnetIds.sort());
    assert.equal(e.outputs.targetUrl, e.outputs.url);
    assert.equal(e.outputs.targetUrl, "https://load-test.example.com");
    assert.equal(e.outputs.generatorRegion, "us-east-1");
    assert.match(String(e.outputs.generatorGroupName), /^platform-load-test-generators-asg/);
  });

  it("empties the default security group of the generators' VPC, in their region", () => {
    const vpc = one(e, "aws:ec2/vpc:Vpc", "generators");
    const closed = ofType(e, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup").filter((g) => g.inputs.vpcId === vpc.id);
    assert.equal(closed.length, 1);
    assert.equal(closed[0].inputs.region, "us-east-1");
    assert.deepEqual(closed[0].inputs.ingress ?? [], []);
    assert.deepEqual(closed[0].inputs.egress ?? [], []);
  });

  it("installs the pinned k6 build of its image's architecture, runs the configured scenario and writes under the run's prefix only", () => {
    const template = one(e, "aws:ec2/launchTemplate:LaunchTemplate", "generators");
    assert.equal(template.inputs.metadataOptions.httpTokens, "required");
    assert.match(template.inputs.imageId, /^resolve:ssm:\/aws\/service\/ami-amazon-linux-latest\/al2023-ami-kernel-default-arm64$/);
    const userData = Buffer.from(template.inputs.userData, "base64").toString();
    // The image is arm64 (above), and so is the build, checked against its SHA-256.
    assert.ok(userData.includes("retry curl -fsSL -o k6.tar.gz https://github.com/grafana/k6/releases/download/v1.4.2/k6-v1.4.2-linux-arm64.tar.gz\n"));
    assert.ok(userData.includes('echo "0e9515502f80edb562f12c0b12a59085c0b113c6416d728e3c2a9e5a7506cc5c  k6.tar.gz" | sha256sum --check --strict -\n'));
    assert.ok(userData.includes(`const target = "https://load-test.example.com";`));
    assert.ok(userData.includes(`"ramping-arrival-rate"`));
    const results = (e.outputs.buckets as { results: string }).results;
    assert.equal(e.outputs.resultsLocation, `s3://${results}/load-tests/checkout-peak/`);
    assert.ok(userData.includes(`s3://${results}/load-tests/checkout-peak/`));
    assert.ok(userData.includes("--region eu-west-1"));
    const policy = JSON.parse(one(e, "aws:iam/rolePolicy:RolePolicy", "generators-results-write").inputs.policy);
    const put = policy.Statement.find((s: { Action: string[] }) => s.Action.includes("s3:PutObject"));
    assert.deepEqual(put.Resource, [`arn:aws:s3:::${results}/load-tests/checkout-peak/*`]);
  });

  it("creates the generator fleet only after the system under test, and its group only after its own route to the internet", () => {
    const waitsFor = (resource: DeclaredResource, names: string[]) => {
      for (const name of names) assert.ok(resource.options?.dependencies.includes(name), `${resource.name} does not wait for ${name}`);
    };
    const systemUnderTest = [one(e, RDS_INSTANCE, "platform-load-test-data-db-writer"), one(e, ASG, "platform-load-test-compute-web"), one(e, CACHE)];
    waitsFor(
      one(e, "platform:load-generators:LoadGenerators"),
      systemUnderTest.map((r) => r.name),
    );
    waitsFor(one(e, ASG, "generators"), [
      "platform-load-test-generators-internet",
      "platform-load-test-generators-subnet-0-routes",
      "platform-load-test-generators-subnet-1-routes",
    ]);
  });

  it("waits for the web tier's health path through the public entry before k6 runs", () => {
    const userData = Buffer.from(one(e, "aws:ec2/launchTemplate:LaunchTemplate", "generators").inputs.userData, "base64").toString();
    const { healthCheckPath } = (e.config as EnvironmentConfig).web;
    assert.ok(userData.includes(`health='https://load-test.example.com${healthCheckPath}'\n`), userData);
    assert.ok(userData.indexOf('curl -fsS -o /dev/null --max-time 5 "$health"') < userData.indexOf("k6 run"));
  });

  it("lets the generators decrypt with the results key through S3, as a multipart upload needs", () => {
    const policy = JSON.parse(one(e, "aws:iam/rolePolicy:RolePolicy", "generators-results-write").inputs.policy);
    const kms = policy.Statement.find((s: { Action: string[] }) => s.Action.some((a) => a.startsWith("kms:")));
    assert.deepEqual(kms.Action, ["kms:GenerateDataKey", "kms:Decrypt"]);
    assert.deepEqual(kms.Condition, { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } });
  });

  it("follows prod: change prod's config and the system under test changes with it", async () => {
    const shared = (await evaluated("shared")).outputs;
    const prod = await evaluatedWith("prod", {
      config: {
        "platform:web": { min: 4, desired: 8, max: 40, instanceTypes: ["c7g.2xlarge", "m7g.2xlarge"] },
        "platform:data": {
          instanceClass: "db.r7g.xlarge",
          readers: 1,
          readerAutoScaling: { maxReaders: 3, targetCpuPercent: 50 },
          cache: { nodeType: "cache.r7g.xlarge", replicas: 1 },
        },
      },
    });
    const followed = await evaluatedWith("load-test", { references: { [SHARED]: shared, [PROD]: prod.outputs } });
    const built = builtShape(followed, "platform-load-test");
    assert.deepEqual(built.web, { min: 4, desired: 8, max: 40, instanceTypes: ["c7g.2xlarge", "m7g.2xlarge"] });
    assert.deepEqual(built.database, { instanceClass: "db.r7g.xlarge", readers: 1, readerAutoScaling: { maxReaders: 3, targetCpuPercent: 50 } });
    assert.deepEqual(built.cache, { nodeType: "cache.r7g.xlarge", replicas: 1 });
    // Still spot: the mirror gives the shape, not the purchase option.
    assert.equal(one(followed, ASG, "platform-load-test-compute-web").inputs.mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity, 0);
  });
});
