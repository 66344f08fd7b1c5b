import { strict as assert } from "assert";
import { groupInputs, instancesDistribution, launchTemplateInputs, type GroupSettings, type TemplateSettings } from "../../lib/auto-scaling-plan";

const template: TemplateSettings = {
  launchedName: "platform-prod-web",
  costTags: { environment: "prod" },
  userData: "IyEvYmluL2Jhc2g=",
  instanceProfileArn: "arn:aws:iam::123456789012:instance-profile/p",
  securityGroupId: "sg-1",
  rootVolumeGiB: 20,
};
const group: GroupSettings & TemplateSettings = {
  ...template,
  subnetIds: ["subnet-a", "subnet-b"],
  min: 1,
  desired: 2,
  max: 4,
  healthCheckType: "EC2",
  capacityWaitMinutes: 20,
};
const version = { id: "lt-1", version: "3" };
const plain = (value: unknown): any => JSON.parse(JSON.stringify(value));

describe("Auto Scaling group plan", () => {
  it("buys on-demand only, or spot above an on-demand base", () => {
    assert.deepEqual(instancesDistribution("on-demand", 3), { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100 });
    assert.deepEqual(instancesDistribution("spot", 1), {
      onDemandBaseCapacity: 1,
      onDemandPercentageAboveBaseCapacity: 0,
      spotAllocationStrategy: "price-capacity-optimized",
    });
  });

  it("always launches with IMDSv2 only, hop limit 1, one network interface and an encrypted gp3 root volume", () => {
    const lt = plain(launchTemplateInputs(template, "ami-1"));
    assert.deepEqual(lt.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
    assert.deepEqual(lt.networkInterfaces, [{ deviceIndex: 0, associatePublicIpAddress: "false", securityGroups: ["sg-1"], deleteOnTermination: "true" }]);
    assert.deepEqual(lt.blockDeviceMappings, [
      { deviceName: "/dev/xvda", ebs: { volumeType: "gp3", volumeSize: 20, encrypted: "true", deleteOnTermination: "true" } },
    ]);
    assert.deepEqual(
      lt.tagSpecifications.map((s: { resourceType: string }) => s.resourceType),
      ["instance", "volume"],
    );
    assert.deepEqual(lt.tagSpecifications[0].tags, { environment: "prod", Name: "platform-prod-web" });
    assert.equal(lt.imageId, "ami-1");
    for (const absent of ["monitoring", "name", "instanceType", "tags", "region"]) assert.equal(lt[absent], undefined, absent);
  });

  for (const { what, settings, expect } of [
    { what: "a public address", settings: { publicIp: true }, expect: { "networkInterfaces.0.associatePublicIpAddress": "true" } },
    { what: "a key on the root volume", settings: { rootVolumeKmsKeyArn: "arn:k" }, expect: { "blockDeviceMappings.0.ebs.kmsKeyId": "arn:k" } },
    { what: "instance metadata tags", settings: { instanceMetadataTags: true }, expect: { "metadataOptions.instanceMetadataTags": "enabled" } },
    { what: "detailed monitoring", settings: { detailedMonitoring: true }, expect: { "monitoring.enabled": true } },
    {
      what: "a name, a type and template tags",
      settings: { name: "n", instanceType: "m7g.large", templateTags: { tier: "t" } },
      expect: { name: "n", instanceType: "m7g.large", "tags.tier": "t" },
    },
  ]) {
    it(`puts ${what} in the template only when asked`, () => {
      const lt = plain(launchTemplateInputs({ ...template, ...settings }, "ami-1"));
      for (const [path, value] of Object.entries(expect)) {
        assert.deepEqual(
          path.split(".").reduce((at, key) => at?.[key], lt),
          value,
          path,
        );
      }
    });
  }

  for (const { what, purchase, mixed, rebalance } of [
    { what: "no purchase settings: the template alone", purchase: undefined, mixed: false, rebalance: undefined },
    {
      what: "one on-demand type: the template alone",
      purchase: { purchase: "on-demand", onDemandBase: 0, instanceTypes: ["m7g.large"] },
      mixed: false,
      rebalance: false,
    },
    {
      what: "several on-demand types: mixed",
      purchase: { purchase: "on-demand", onDemandBase: 0, instanceTypes: ["m7g.large", "m6g.large"] },
      mixed: true,
      rebalance: false,
    },
    {
      what: "spot: mixed, with capacity rebalancing",
      purchase: { purchase: "spot", onDemandBase: 1, instanceTypes: ["m7g.large"] },
      mixed: true,
      rebalance: true,
    },
  ] as const) {
    it(`launches from ${what}`, () => {
      const asg = plain(groupInputs({ ...group, purchase: purchase && { ...purchase, instanceTypes: [...purchase.instanceTypes] } }, version));
      assert.equal(asg.capacityRebalance, rebalance);
      if (mixed) {
        assert.equal(asg.launchTemplate, undefined);
        assert.deepEqual(asg.mixedInstancesPolicy.launchTemplate.launchTemplateSpecification, { launchTemplateId: "lt-1", version: "3" });
        assert.deepEqual(
          asg.mixedInstancesPolicy.launchTemplate.overrides.map((o: { instanceType: string }) => o.instanceType),
          purchase?.instanceTypes,
        );
      } else {
        assert.deepEqual(asg.launchTemplate, version);
        assert.equal(asg.mixedInstancesPolicy, undefined);
      }
    });
  }

  it("refreshes by rolling only with refresh preferences, and warms instances up for the health check grace", () => {
    assert.equal(plain(groupInputs(group, version)).instanceRefresh, undefined);
    const asg = plain(groupInputs({ ...group, healthCheckGraceSeconds: 180, refreshPreferences: { minHealthyPercentage: 100 } }, version));
    assert.deepEqual(asg.instanceRefresh, { strategy: "Rolling", preferences: { minHealthyPercentage: 100 } });
    assert.deepEqual([asg.healthCheckGracePeriod, asg.defaultInstanceWarmup], [180, 180]);
    assert.deepEqual(asg.tags, [
      { key: "environment", value: "prod", propagateAtLaunch: true },
      { key: "Name", value: "platform-prod-web", propagateAtLaunch: true },
    ]);
  });

  it("waits for capacity the tier's minutes, past failed launches that Auto Scaling retries, or not at all at 0", () => {
    const asg = plain(groupInputs(group, version));
    assert.deepEqual([asg.ignoreFailedScalingActivities, asg.waitForCapacityTimeout], [true, "20m"]);
    assert.equal(plain(groupInputs({ ...group, capacityWaitMinutes: 0 }, version)).waitForCapacityTimeout, "0m");
  });
});
