import { strict as assert } from "assert";
import { ecsImageParameter } from "../../tiers/compute/container-plan";
import { INSTANCE_API_ENDPOINTS } from "../../tiers/network/interface-endpoints-plan";
import type { Evaluation } from "../../offline/evaluate";
import { evaluatedWith, ofType, one, T } from "../support/harness";
import { C, withoutBeta, ofCompute, mainForward } from "../support/container-resources";

describe("containers: on ec2 capacity", () => {
  let e: Evaluation;
  const interfaceEndpoints = [...INSTANCE_API_ENDPOINTS, "ecs", "ecs-agent", "ecs-telemetry"];
  before(
    async () =>
      (e = await evaluatedWith("prod", { config: { ...withoutBeta, "platform:containers": { capacity: "ec2" }, "platform:network": { interfaceEndpoints } } })),
  );

  it("gives the ECS agent its interface endpoints, since the container instances have no way to the internet", () => {
    const services = ofType(e, T.endpoint).map((endpoint) => endpoint.inputs.serviceName);
    for (const service of ["ecs", "ecs-agent", "ecs-telemetry"]) assert.ok(services.includes(`com.amazonaws.eu-west-1.${service}`), `no ${service} endpoint`);
  });

  it("ties a capacity provider to each tier's Auto Scaling group, with managed scaling and termination protection", () => {
    for (const tier of ["web", "worker"]) {
      const provider = one(e, C.capacityProvider, `containers-${tier}-hosts`);
      const group = one(e, C.group, `compute-${tier}-asg`);
      assert.equal(provider.inputs.name, `platform-prod-${tier}`);
      assert.equal(provider.inputs.autoScalingGroupProvider.autoScalingGroupArn, group.computed.arn);
      assert.equal(provider.inputs.autoScalingGroupProvider.managedScaling.status, "ENABLED");
      assert.equal(provider.inputs.autoScalingGroupProvider.managedTerminationProtection, "ENABLED");
      assert.equal(group.inputs.protectFromScaleIn, true);
      assert.equal(group.inputs.instanceRefresh.preferences.scaleInProtectedInstances, "Refresh");
      const template = one(e, C.launchTemplate, `compute-${tier}-lt`);
      assert.ok(template.inputs.blockDeviceMappings[0].ebs.volumeSize >= 30, "the ECS-optimized image's root snapshot is 30 GiB");
      assert.equal(group.inputs.targetGroupArns, undefined);
      const script = Buffer.from(one(e, C.launchTemplate, `compute-${tier}-lt`).inputs.userData, "base64").toString();
      assert.match(script, /^ECS_CLUSTER=platform-prod-app$/m);
      assert.match(script, /^ECS_AWSVPC_BLOCK_IMDS=true$/m);
      const service = one(e, C.service, `containers-${tier}-service`);
      assert.deepEqual(service.inputs.capacityProviderStrategies, [{ capacityProvider: provider.inputs.name, weight: 1 }]);
      assert.deepEqual(one(e, C.taskDefinition, `containers-${tier}-task`).inputs.requiresCompatibilities, ["EC2"]);
    }
    assert.deepEqual(one(e, C.capacityProviders, "compute-containers").inputs.capacityProviders, [
      "FARGATE",
      "FARGATE_SPOT",
      "platform-prod-web",
      "platform-prod-worker",
    ]);
    assert.deepEqual(
      ofCompute(e, "aws:autoscaling/policy:Policy").map((p) => p.name),
      [],
    );
    assert.ok(
      ofCompute(e, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").some((a) =>
        a.inputs.policyArn.endsWith("service-role/AmazonEC2ContainerServiceforEC2Role"),
      ),
    );
  });

  it("boots the ECS-optimized Amazon Linux 2023 image of the architecture", () => {
    assert.equal(ecsImageParameter("arm64"), "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id");
    assert.equal(ecsImageParameter("x86_64"), "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
  });
});

describe("containers: a beta on instances", () => {
  it("runs web-beta as an Auto Scaling group booting the beta release behind its own target group", async () => {
    const e = await evaluatedWith("prod", { config: { "platform:release": "1.5.0", "platform:beta": { release: "1.6.0", weight: 25 } } });
    const group = one(e, C.group, "compute-web-beta-asg");
    const betaGroup = one(e, C.targetGroup, "compute-lb-web-beta");
    assert.equal(betaGroup.inputs.targetType, "instance");
    assert.deepEqual(group.inputs.targetGroupArns, [betaGroup.computed.arn]);
    const script = Buffer.from(one(e, C.launchTemplate, "compute-web-beta-lt").inputs.userData, "base64").toString();
    assert.match(script, /^RELEASE_POINTER=\/platform-prod\/release\/web-beta$/m);
    assert.equal(one(e, "aws:ssm/parameter:Parameter", "compute-web-beta-release").inputs.value, "1.6.0");
    assert.match(script, /^TIER=web$/m, "the web tier's unit and routine");
    const weights = mainForward(e).forward.targetGroups.map((g: { weight: number }) => g.weight);
    assert.deepEqual(weights, [75, 25]);
  });
});
