import { strict as assert } from "assert";
import type { GroupState } from "../../scripts/aws/formation-aws";
import { assembleFormation, sessionConsoleUrl, targetGroupName, type FormationReads } from "../../scripts/fleet/formation-plan";

const TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/platform-prod-web/0123456789abcdef";
const facts = {
  stack: "prod",
  region: "eu-west-1",
  url: "https://prod.example.com",
  loadBalancerDnsName: "lb",
  availabilityZones: ["eu-west-1a", "eu-west-1b"],
  sessionDocumentName: "platform-prod-shell",
};
const web: GroupState = {
  groupName: "platform-prod-web",
  min: 2,
  desired: 3,
  max: 30,
  targetGroupArns: [TG],
  instances: [
    { instanceId: "i-b", zone: "eu-west-1b", lifecycleState: "InService", healthStatus: "Healthy" },
    { instanceId: "i-c", zone: "eu-west-1a", lifecycleState: "Pending", healthStatus: "Healthy" },
    { instanceId: "i-a", zone: "eu-west-1b", lifecycleState: "InService", healthStatus: "Unhealthy" },
  ],
};
const empty = { id: "x", status: "available", members: [] };
const reads = (overrides: Partial<FormationReads> = {}): FormationReads => ({
  groups: [{ part: "web", state: web }],
  targetHealth: new Map([
    [
      TG,
      [
        { instanceId: "i-a", state: "unhealthy", reason: "Target.FailedHealthChecks" },
        { instanceId: "i-b", state: "healthy" },
        { instanceId: "i-gone", state: "draining" },
      ],
    ],
  ]),
  instances: [
    { instanceId: "i-a", launchTime: new Date("2026-01-10T11:00:00Z"), release: "1.4.2" },
    { instanceId: "i-b", launchTime: new Date("2026-01-10T11:59:30Z"), release: "1.5.0" },
  ],
  database: empty,
  cache: empty,
  queues: [],
  openAlarms: [],
  ...overrides,
});
const NOW = new Date("2026-01-10T12:00:00Z");

describe("formation plan", () => {
  it("orders a group's instances by zone, then id", () => {
    const [group] = assembleFormation(facts, reads(), NOW).groups;
    assert.deepEqual(
      group.instances.map((i) => i.instanceId),
      ["i-c", "i-a", "i-b"],
    );
    assert.deepEqual([group.min, group.desired, group.max, group.targetGroups], [2, 3, 30, ["platform-prod-web"]]);
  });

  for (const [instanceId, targets, release, ageSeconds] of [
    ["i-a", [{ targetGroup: "platform-prod-web", state: "unhealthy", reason: "Target.FailedHealthChecks" }], "1.4.2", 3600],
    ["i-b", [{ targetGroup: "platform-prod-web", state: "healthy", reason: undefined }], "1.5.0", 30],
    // Pending: not registered yet, and DescribeInstances had nothing of it.
    ["i-c", [{ targetGroup: "platform-prod-web", state: "not registered", reason: undefined }], undefined, undefined],
  ] as const) {
    it(`joins ${instanceId}'s target health, release tag and age`, () => {
      const instance = assembleFormation(facts, reads(), NOW).groups[0].instances.find((i) => i.instanceId === instanceId);
      assert.deepEqual(instance?.targets, targets);
      assert.equal(instance?.release, release);
      assert.equal(instance?.ageSeconds, ageSeconds);
      assert.equal(instance?.sessionCommand, `aws ssm start-session --region eu-west-1 --target ${instanceId} --document-name platform-prod-shell`);
    });
  }

  it("gives a group without target groups (a worker) no target states", () => {
    const worker = { ...web, groupName: "platform-prod-worker", targetGroupArns: [] };
    const [group] = assembleFormation(facts, reads({ groups: [{ part: "worker", state: worker }] }), NOW).groups;
    assert.ok(group.instances.every((i) => i.targets.length === 0));
  });

  it("keeps the open alarms with their time as ISO text", () => {
    const formation = assembleFormation(facts, reads({ openAlarms: [{ name: "a", reason: "r", since: new Date("2026-01-10T11:55:00Z") }] }), NOW);
    assert.deepEqual(formation.openAlarms, [{ name: "a", reason: "r", since: "2026-01-10T11:55:00.000Z" }]);
    assert.equal(formation.observedAt, "2026-01-10T12:00:00.000Z");
  });

  it("names a target group from its ARN, and links the console's Start session page of the region", () => {
    assert.equal(targetGroupName(TG), "platform-prod-web");
    assert.equal(sessionConsoleUrl("eu-west-1"), "https://eu-west-1.console.aws.amazon.com/systems-manager/session-manager/start-session?region=eu-west-1");
  });
});
