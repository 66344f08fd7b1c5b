import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { autoScalingDeployabilityRules } from "../../policy/deployability/auto-scaling";
import { violations, type Violation } from "../../policy/rules";
import { declaredUnderMocks } from "../support/policy-view";

interface Fleet {
  /** The image parameter the template resolves, e.g. Amazon Linux 2023 for arm64. */
  image?: string;
  instanceTypes?: string[];
  /** What the boot script downloads. */
  script?: string;
  ignoreFailedScalingActivities?: boolean;
  waitForCapacityTimeout?: string;
}

/** A spot group of a launch template, as the shared group builder makes one. */
function fleet({
  image = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
  instanceTypes = ["c7g.large", "m7g.large"],
  script = "curl -fsSL -o k6.tar.gz https://github.com/grafana/k6/releases/download/v1.4.2/k6-v1.4.2-linux-arm64.tar.gz",
  ignoreFailedScalingActivities = true,
  waitForCapacityTimeout = "20m",
}: Fleet) {
  return (provider: aws.Provider) => {
    const template = new aws.ec2.LaunchTemplate(
      "fleet-lt",
      { imageId: image, instanceType: instanceTypes[0], userData: Buffer.from(`#!/bin/bash\n${script}\n`).toString("base64") },
      { provider },
    );
    new aws.autoscaling.Group(
      "fleet-asg",
      {
        minSize: 2,
        maxSize: 2,
        vpcZoneIdentifiers: ["subnet-1"],
        ignoreFailedScalingActivities,
        waitForCapacityTimeout,
        mixedInstancesPolicy: {
          instancesDistribution: { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: "price-capacity-optimized" },
          launchTemplate: {
            launchTemplateSpecification: { launchTemplateId: template.id, version: "1" },
            overrides: instanceTypes.map((instanceType) => ({ instanceType })),
          },
        },
      },
      { provider },
    );
  };
}

async function found(program: (provider: aws.Provider) => void): Promise<Violation[]> {
  return violations(await declaredUnderMocks("load-test", program), autoScalingDeployabilityRules);
}

describe("deployability rules of Auto Scaling groups", () => {
  it("every rule names its source", () => {
    for (const rule of autoScalingDeployabilityRules) assert.ok(rule.source, rule.name);
  });

  it("pass a spot fleet that tolerates failed launches and downloads its own architecture's builds", async () => {
    assert.deepEqual(await found(fleet({})), []);
    assert.deepEqual(await found(fleet({ ignoreFailedScalingActivities: false, waitForCapacityTimeout: "0" })), [], "no wait, nothing to fail");
  });

  const broken: { what: string; program: (provider: aws.Provider) => void; rule: string; message: RegExp }[] = [
    {
      what: "a group that waits for capacity without ignoring failed launches",
      program: fleet({ ignoreFailedScalingActivities: false }),
      rule: "group-tolerates-failed-launches",
      message: /"fleet-asg" waits for capacity but does not set ignoreFailedScalingActivities/,
    },
    {
      what: "Graviton instances whose boot script downloads an amd64 build",
      program: fleet({ script: "curl -o k6.tar.gz https://github.com/grafana/k6/releases/download/v1.4.2/k6-v1.4.2-linux-amd64.tar.gz" }),
      rule: "boot-script-matches-architecture",
      message: /"fleet-lt" boots a script that downloads x86_64 builds, but it runs arm64/,
    },
    {
      what: "x86 instance types on an arm64 image installing an aarch64 RPM",
      program: fleet({ instanceTypes: ["c7i.large"], script: "dnf install -y https://example.com/tool-1.0.aarch64.rpm" }),
      rule: "boot-script-matches-architecture",
      message: /"fleet-lt" boots a script that downloads arm64 builds, but it runs x86_64/,
    },
  ];
  for (const { what, program, rule, message } of broken) {
    it(`catch ${what}`, async () => {
      const hits = (await found(program)).filter((v) => v.rule === rule);
      assert.equal(hits.length, 1, JSON.stringify(await found(program)));
      assert.match(hits[0].message, message);
    });
  }
});
