import { strict as assert } from "assert";
import type { DeclaredResource } from "../../offline/aws-mocks";
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-mocks";
import type { Evaluation } from "../../offline/evaluate";
import { evaluated, ofType, T } from "../support/harness";

const K = {
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  composite: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
  topic: "aws:sns/topic:Topic",
  budget: "aws:budgets/budget:Budget",
} as const;

type Statement = any;

const arnOf = (r: DeclaredResource) => String(r.computed.arn);
const statementsOf = (key: DeclaredResource): Statement[] => JSON.parse(key.inputs.policy).Statement;
const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [String(value)]);
/** IAM's ArnLike/StringLike: `*` any run of characters, `?` one. */
const like = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  ).test(value);
const servicesOf = (s: Statement) => list(s.Principal?.Service);
const scopesOf = (s: Statement, conditionKey: string) => [...list(s.Condition?.ArnLike?.[conditionKey]), ...list(s.Condition?.ArnEquals?.[conditionKey])];

/** What a key lets a service principal do, by the ARN patterns of its conditions. */
function patterns(key: DeclaredResource, service: RegExp, conditionKey: string): string[] {
  return statementsOf(key)
    .filter((s) => servicesOf(s).some((p) => service.test(p)))
    .flatMap((s) => scopesOf(s, conditionKey));
}

/** Keys of every stack a stack's resources may name: its own and, for an environment, shared's. */
async function keysFor(e: Evaluation): Promise<DeclaredResource[]> {
  const shared = e.config.role === "shared" ? [] : ofType(await evaluated("shared"), T.kmsKey);
  return [...ofType(e, T.kmsKey), ...shared];
}

function keyOf(keys: DeclaredResource[], arn: unknown): DeclaredResource | undefined {
  return keys.find((k) => arnOf(k) === arn);
}

for (const stack of ["shared", "dev", "prod", "load-test"]) {
  describe(`${stack}: KMS keys let AWS services use them for this stack's resources only`, () => {
    let e: Evaluation;
    let keys: DeclaredResource[];
    before(async () => {
      e = await evaluated(stack);
      keys = await keysFor(e);
    });

    it("conditions every service principal on this account and a resource of this stack, never a whole account's", () => {
      for (const key of ofType(e, T.kmsKey)) {
        for (const s of statementsOf(key).filter((st) => servicesOf(st).length > 0)) {
          const scopes = [...scopesOf(s, "aws:SourceArn"), ...scopesOf(s, "kms:EncryptionContext:aws:logs:arn")];
          assert.ok(scopes.length > 0, `${key.name}: ${s.Sid} names no resource`);
          for (const scope of scopes) assert.doesNotMatch(scope, /(:alarm:|log-group:|budget\/)\*$/, `${key.name}: ${s.Sid} allows ${scope}`);
          if (!servicesOf(s).some((p) => p.startsWith("logs."))) assert.equal(s.Condition.StringEquals["aws:SourceAccount"], OFFLINE_ACCOUNT_ID);
        }
        assert.ok(!statementsOf(key).some((s) => servicesOf(s).includes("events.amazonaws.com")), `${key.name}: no EventBridge rule publishes`);
      }
    });

    it("lets CloudWatch Logs encrypt each of its log groups with the group's key", () => {
      for (const group of ofType(e, T.logGroup)) {
        const key = keyOf(keys, group.inputs.kmsKeyId);
        assert.ok(key, `${group.inputs.name} is encrypted with a key of no stack`);
        const region = group.inputs.region ?? e.config.region;
        const arn = `arn:aws:logs:${region}:${OFFLINE_ACCOUNT_ID}:log-group:${group.inputs.name}`;
        const allowed = patterns(key, /^logs\./, "kms:EncryptionContext:aws:logs:arn");
        assert.ok(
          allowed.some((p) => like(p, arn)),
          `${group.inputs.name} is encrypted with ${key.name}, whose policy allows ${allowed.join(", ") || "no log group"}`,
        );
      }
    });

    it("lets each alarm publish to its encrypted topics, and each budget notify them", () => {
      const topics = ofType(e, K.topic);
      const topicKey = (topicArn: string) => {
        const own = topics.find((t) => arnOf(t) === topicArn);
        return own ? keyOf(keys, own.inputs.kmsMasterKeyId) : undefined;
      };
      const alarms = [...ofType(e, K.alarm).map((a) => ({ a, name: a.inputs.name })), ...ofType(e, K.composite).map((a) => ({ a, name: a.inputs.alarmName }))];
      let checked = 0;
      for (const { a, name } of alarms) {
        const arn = `arn:aws:cloudwatch:${a.inputs.region ?? e.config.region}:${OFFLINE_ACCOUNT_ID}:alarm:${name}`;
        for (const topicArn of list(a.inputs.alarmActions)) {
          const key = topicKey(topicArn);
          if (!key) continue;
          checked++;
          assert.ok(
            patterns(key, /^cloudwatch\.amazonaws\.com$/, "aws:SourceArn").some((p) => like(p, arn)),
            `${name} publishes to a topic ${key.name} encrypts`,
          );
        }
      }
      for (const budget of ofType(e, K.budget)) {
        const arn = `arn:aws:budgets::${OFFLINE_ACCOUNT_ID}:budget/${budget.inputs.name}`;
        for (const topicArn of budget.inputs.notifications.flatMap((n: { subscriberSnsTopicArns: string[] }) => n.subscriberSnsTopicArns)) {
          const key = topicKey(topicArn);
          assert.ok(key, `${budget.inputs.name} notifies an unencrypted topic`);
          checked++;
          assert.ok(
            patterns(key, /^budgets\.amazonaws\.com$/, "aws:SourceArn").some((p) => like(p, arn)),
            `${budget.inputs.name} notifies a topic ${key.name} encrypts`,
          );
        }
      }
      if (stack !== "shared") assert.ok(checked > 0, "the environment's alarms and budgets were checked");
    });
  });
}

describe("prod's critical alarms escalate to the shared org topic, which the shared key lets them publish to", () => {
  it("matches every escalating alarm against the shared key", async () => {
    const prod = await evaluated("prod");
    const shared = await evaluated("shared");
    const orgTopic = ofType(shared, K.topic)[0];
    const sharedKey = keyOf(ofType(shared, T.kmsKey), orgTopic.inputs.kmsMasterKeyId);
    assert.ok(sharedKey);
    const escalating = ofType(prod, K.alarm).filter((a) => list(a.inputs.alarmActions).includes(arnOf(orgTopic)));
    assert.ok(escalating.length > 0);
    for (const alarm of escalating) {
      const arn = `arn:aws:cloudwatch:${prod.config.region}:${OFFLINE_ACCOUNT_ID}:alarm:${alarm.inputs.name}`;
      assert.ok(
        patterns(sharedKey, /^cloudwatch\.amazonaws\.com$/, "aws:SourceArn").some((p) => like(p, arn)),
        alarm.inputs.name,
      );
    }
  });
});
