import { strict as assert } from "assert";
import { readdirSync } from "fs";
import { EvaluationError, type Evaluation } from "../../offline/evaluate";
import { PROJECT_DIR } from "../../config/stack-files";
import { evaluated, evaluatedWith, ofType, one, T } from "../support/harness";

const STACK_FILES = readdirSync(PROJECT_DIR)
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
  .filter((s): s is string => s !== undefined);

async function failureOf(run: Promise<unknown>): Promise<EvaluationError> {
  const error = await run.then(
    () => assert.fail("expected the evaluation to fail"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof EvaluationError, String(error));
  return error;
}

/** Names that must be unique in the account: explicit names, and the logical names auto-naming derives from. */
function accountNames(e: Evaluation): string[] {
  return e.resources
    .filter((r) => r.custom && !r.type.startsWith("pulumi:"))
    .flatMap((r) => [r.name, ...(typeof r.inputs.name === "string" ? [r.inputs.name] : [])]);
}

/** Inputs that set a resource's name in AWS (a prefix gets a random suffix from AWS, so it cannot clash). */
const PHYSICAL_NAME_KEYS = ["name", "identifier", "replicationGroupId", "bucket", "alarmName", "dashboardName"];

describe("stacks", () => {
  it("has a stack file for every role", () => {
    assert.deepEqual([...STACK_FILES].sort(), ["dev", "load-test", "prod", "shared"]);
  });

  for (const stack of STACK_FILES) {
    it(`evaluates ${stack} from its stack file, with the cost tags on the AWS provider`, async () => {
      const e = await evaluated(stack);
      assert.equal(e.role, stack);
      const providers = ofType(e, T.provider);
      assert.equal(providers.length, 1);
      const defaultTags = typeof providers[0].inputs.defaultTags === "string" ? JSON.parse(providers[0].inputs.defaultTags) : providers[0].inputs.defaultTags;
      assert.deepEqual(Object.keys(defaultTags.tags).sort(), ["cost-center", "environment", "owner", "service"]);
      assert.equal(defaultTags.tags.environment, stack);
      for (const resource of e.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:"))) {
        assert.equal(resource.providerId, providers[0].id, `${resource.name} bypasses the tagged provider`);
      }
    });
  }

  it("dev reads the shared stack by its full name and exports the environment contract", async () => {
    const dev = await evaluated("dev");
    assert.deepEqual(Object.keys(dev.references), ["organization/platform/shared"]);
    assert.equal(dev.outputs.role, "dev");
    assert.equal((dev.outputs.appSubnetIds as string[]).length, 2);
    const cheap = ["t4g.medium", "t4g.large", "m7g.medium", "m6g.medium"];
    assert.deepEqual(dev.outputs.shape, {
      architecture: "arm64",
      web: { min: 1, desired: 1, max: 4, instanceTypes: cheap },
      worker: { min: 1, desired: 1, max: 4, instanceTypes: cheap },
      database: { instanceClass: "db.t4g.medium", readers: 0 },
      cache: { nodeType: "cache.t4g.micro", replicas: 0 },
    });
  });

  it("reads the shared stack of another organization when platform:org says so", async () => {
    const shared = (await evaluated("shared")).outputs;
    const e = await evaluatedWith("dev", { config: { "platform:org": "acme" }, references: { "acme/platform/shared": shared } });
    assert.equal(e.config.role === "dev" && e.config.sharedStack, "acme/platform/shared");
  });

  it("names the stack and the output when a referenced output is missing", async () => {
    const { baseImageParameter: _dropped, ...partial } = (await evaluated("shared")).outputs;
    const failure = await failureOf(evaluatedWith("dev", { references: { "organization/platform/shared": partial } }));
    assert.match(failure.message, /baseImageParameter/);
    assert.match(failure.message, /organization\/platform\/shared/);
  });

  it("names the stack and the output when a referenced output has the wrong shape", async () => {
    const shared = (await evaluated("shared")).outputs;
    const failure = await failureOf(evaluatedWith("dev", { references: { "organization/platform/shared": { ...shared, orgAlertTopicArn: 42 } } }));
    assert.match(failure.message, /Stack "organization\/platform\/shared" output "orgAlertTopicArn" has the wrong shape: found 42/);
  });

  it("lets two dev stacks live in one account: no physical name of dev-alice is one of dev's", async () => {
    const dev = await evaluated("dev");
    const alice = await evaluatedWith("dev-alice", { stackFile: "dev", config: { "platform:role": "dev", "platform:ttl": "3d" } });
    assert.equal(alice.role, "dev");
    const devNames = new Set(accountNames(dev));
    assert.deepEqual(
      accountNames(alice).filter((n) => devNames.has(n)),
      [],
    );
    // Names derive from the stack, never fixed strings: each explicit physical name carries dev-alice.
    const physical = alice.resources
      .filter((r) => r.custom && !r.type.startsWith("pulumi:"))
      .flatMap((r) => PHYSICAL_NAME_KEYS.filter((k) => typeof r.inputs[k] === "string").map((k) => `${r.name} ${k}=${r.inputs[k]}`));
    assert.ok(physical.length > 50, `only ${physical.length} explicit names`);
    assert.deepEqual(
      physical.filter((n) => !n.includes("dev-alice")),
      [],
    );
    const tags = JSON.parse(JSON.stringify(one(alice, T.provider).inputs.defaultTags));
    assert.equal((typeof tags === "string" ? JSON.parse(tags) : tags).tags.ttl, "3d");
  });
});

describe("shared stack", () => {
  let e: Evaluation;
  before(async () => (e = await evaluated("shared")));

  it("keeps releases in a versioned, encrypted, private, TLS-only bucket that expires old versions", () => {
    const bucket = one(e, T.bucket, "releases");
    const onBucket = (type: string) => e.resources.find((r) => r.type === type && r.inputs.bucket === bucket.id);
    assert.equal(onBucket("aws:s3/bucketVersioning:BucketVersioning")?.inputs.versioningConfiguration.status, "Enabled");
    assert.equal(
      onBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")?.inputs.rules[0].applyServerSideEncryptionByDefault
        .sseAlgorithm,
      "AES256",
    );
    const block = onBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")?.inputs;
    assert.deepEqual([block?.blockPublicAcls, block?.blockPublicPolicy, block?.ignorePublicAcls, block?.restrictPublicBuckets], [true, true, true, true]);
    const policy = JSON.parse(onBucket("aws:s3/bucketPolicy:BucketPolicy")?.inputs.policy);
    assert.ok(
      policy.Statement.some(
        (s: { Effect: string; Condition?: { Bool?: Record<string, string> } }) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false",
      ),
    );
    const rules = onBucket("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")?.inputs.rules;
    assert.equal(rules.find((r: { noncurrentVersionExpiration?: unknown }) => r.noncurrentVersionExpiration).noncurrentVersionExpiration.noncurrentDays, 180);
  });

  it("has a registry that scans on push, keeps tags immutable and expires old images", () => {
    const repository = one(e, "aws:ecr/repository:Repository");
    assert.equal(repository.inputs.imageScanningConfiguration.scanOnPush, true);
    assert.equal(repository.inputs.imageTagMutability, "IMMUTABLE");
    const lifecycle = JSON.parse(one(e, "aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs.policy);
    const anyRule = lifecycle.rules.find((r: { selection: { tagStatus: string } }) => r.selection.tagStatus === "any");
    assert.equal(anyRule.rulePriority, Math.max(...lifecycle.rules.map((r: { rulePriority: number }) => r.rulePriority)), "ECR needs the 'any' rule last");
  });

  it("serves the configured domain, names the base image in SSM and has an encrypted org alert topic", () => {
    assert.equal(one(e, T.zone).inputs.name, "example.com");
    const parameter = one(e, "aws:ssm/parameter:Parameter");
    assert.equal(parameter.inputs.dataType, "aws:ec2:image");
    assert.match(parameter.inputs.value, /^ami-/);
    const topic = one(e, "aws:sns/topic:Topic");
    assert.match(topic.inputs.kmsMasterKeyId, /^arn:aws:kms:/);
    assert.equal(one(e, T.kmsKey).inputs.enableKeyRotation, true);
  });

  it("exports the name servers to delegate the domain to, and notifies the org topic's subscribers", () => {
    assert.deepEqual(e.outputs.publicZoneNameServers, ["ns-1.awsdns-01.org", "ns-2.awsdns-02.net"]);
    const topic = one(e, "aws:sns/topic:Topic");
    const subscriptions = ofType(e, "aws:sns/topicSubscription:TopicSubscription");
    assert.deepEqual(
      subscriptions.map((s) => [s.inputs.protocol, s.inputs.endpoint]),
      (e.config.role === "shared" ? e.config.alerts.emails : []).map((email) => ["email", email]),
    );
    assert.ok(subscriptions.length > 0, "the stack file names someone to notify");
    for (const subscription of subscriptions) assert.equal(subscription.inputs.topic, topic.computed.arn);
  });

  it("adopts the domain's existing public zone instead of creating one when told to", async () => {
    const adopted = await evaluatedWith("shared", { config: { "platform:publicZone": "existing" } });
    assert.equal(ofType(adopted, T.zone).length, 0);
    assert.match(String(adopted.outputs.publicZoneId), /^Z[0-9A-F]+$/);
    assert.deepEqual(adopted.outputs.publicZoneNameServers, ["ns-101.awsdns-11.com", "ns-202.awsdns-22.net"]);
  });

  it("protects its stateful resources from deletion in Pulumi and in AWS", () => {
    assert.equal(one(e, "aws:ecr/repository:Repository").inputs.forceDelete, false);
    assert.equal(one(e, T.bucket, "releases").inputs.forceDestroy, false);
  });
});
