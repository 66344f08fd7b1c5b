import { strict as assert } from "assert";
import { QUEUE_NAMES } from "../../tiers/data/queue-plan";
import type { Evaluation } from "../../offline/evaluate";
import { evaluated, ofType, one } from "../support/harness";
import { D, found, dataOf } from "../support/data-resources";

for (const [stack, expected] of [
  ["prod", { readers: 2, scaling: true, storageType: "aurora-iopt1", retention: 14, protect: true, cacheNodes: 3 }],
  ["dev", { readers: 0, scaling: false, storageType: undefined, retention: 1, protect: false, cacheNodes: 1 }],
  ["load-test", { readers: 2, scaling: true, storageType: undefined, retention: 1, protect: false, cacheNodes: 3 }],
] as const) {
  describe(`data tier of ${stack}: queues and buckets`, () => {
    let e: Evaluation;
    let keyArn: string;
    before(async () => {
      e = await evaluated(stack);
      keyArn = String(e.outputs.kmsKeyArn);
    });

    it("gives each queue an encrypted dead-letter queue with the configured maxReceiveCount", () => {
      const { maxReceiveCount } = dataOf(e).queues;
      const queues = ofType(e, D.queue);
      assert.equal(queues.length, 2 * QUEUE_NAMES.length);
      for (const q of queues) {
        assert.equal(q.inputs.kmsMasterKeyId, keyArn);
        assert.ok(q.inputs.receiveWaitTimeSeconds >= 1, `${q.name} does not long-poll`);
      }
      for (const name of QUEUE_NAMES) {
        const source = found(
          queues.find((q) => q.inputs.name === `platform-${stack}-${name}`),
          `${name} queue`,
        );
        const dlq = found(
          queues.find((q) => q.inputs.name === `platform-${stack}-${name}-dlq`),
          `${name} dead-letter queue`,
        );
        const redrive = JSON.parse(source.inputs.redrivePolicy);
        assert.equal(redrive.maxReceiveCount, maxReceiveCount);
        assert.equal(redrive.deadLetterTargetArn, `arn:aws:sqs:eu-west-1:123456789012:${dlq.inputs.name}`);
        assert.ok(dlq.inputs.messageRetentionSeconds >= source.inputs.messageRetentionSeconds);
        assert.equal(source.inputs.visibilityTimeoutSeconds, dataOf(e).queues.visibilityTimeoutSeconds[name]);
        const allow = found(
          ofType(e, D.redriveAllow).find((p) => p.name.endsWith(`-${name}-dlq-redrive-allow`)),
          `${name} redrive-allow policy`,
        );
        assert.deepEqual(JSON.parse(allow.inputs.redriveAllowPolicy), {
          redrivePermission: "byQueue",
          sourceQueueArns: [`arn:aws:sqs:eu-west-1:123456789012:${source.inputs.name}`],
        });
      }
      const policies = ofType(e, D.queuePolicy);
      assert.equal(policies.length, queues.length);
      for (const p of policies) assert.deepEqual(JSON.parse(p.inputs.policy).Statement[0].Condition, { Bool: { "aws:SecureTransport": "false" } });
    });

    it("blocks public access, enforces ownership, encrypts and requires TLS on every bucket", () => {
      const buckets = ofType(e, D.bucket).filter((b) => b.name.includes("-data-buckets-"));
      assert.equal(buckets.length, 3);
      for (const b of buckets) {
        const part = (type: string) =>
          found(
            ofType(e, type).find((r) => r.name.startsWith(`${b.name}-`)),
            `${type} of ${b.name}`,
          );
        const block = part(D.publicAccess).inputs;
        assert.deepEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
        assert.equal(part(D.ownership).inputs.rule.objectOwnership, "BucketOwnerEnforced");
        assert.ok(part(D.encryption).inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm);
        assert.equal(JSON.parse(part(D.bucketPolicy).inputs.policy).Statement[0].Sid, "DenyInsecureTransport");
        assert.equal(b.inputs.forceDestroy, !expected.protect);
      }
      const resultsKey = one(e, D.encryption, "-results-encryption").inputs.rules[0].applyServerSideEncryptionByDefault;
      assert.deepEqual(resultsKey, { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn });
      assert.equal(one(e, D.encryption, "-logs-encryption").inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
    });

    it("tiers results to Glacier in increasing days and expires old versions and logs", () => {
      const { results, logs } = dataOf(e);
      const rules = one(e, D.lifecycle, "-results-lifecycle").inputs.rules;
      const transitions = rules.find((r: { id: string }) => r.id === "tier-to-glacier").transitions;
      assert.deepEqual(transitions, [
        { days: results.glacierInstantRetrievalDays, storageClass: "GLACIER_IR" },
        { days: results.glacierDays, storageClass: "GLACIER" },
      ]);
      assert.ok(transitions[0].days >= 1 && transitions[1].days > transitions[0].days);
      assert.ok(
        rules.some(
          (r: { noncurrentVersionExpiration?: { noncurrentDays: number } }) => r.noncurrentVersionExpiration?.noncurrentDays === results.noncurrentVersionDays,
        ),
      );
      const logRules = one(e, D.lifecycle, "-logs-lifecycle").inputs.rules;
      assert.equal(logRules.find((r: { id: string }) => r.id === "expire-logs").expiration.days, logs.expirationDays);
    });

    it("lets the eu-west-1 ELB account deliver load balancer logs", () => {
      const statements = JSON.parse(one(e, D.bucketPolicy, "-logs-policy").inputs.policy).Statement;
      const delivery = statements.find((s: { Sid: string }) => s.Sid === "LoadBalancerLogDelivery");
      assert.deepEqual(delivery.Principal, { AWS: "arn:aws:iam::156460612806:root" });
      assert.equal(delivery.Action, "s3:PutObject");
      assert.match(delivery.Resource, /\/alb\/AWSLogs\/123456789012\/\*$/);
    });
  });
}
