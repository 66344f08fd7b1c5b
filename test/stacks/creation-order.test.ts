import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Network } from "../../tiers/network/network";
import { SecureBucket } from "../../lib/secure-bucket";
import { AwsMocks } from "../../offline/aws-mocks";

/** The resources an Output waits for: what Pulumi orders a consumer of it after. */
async function dependenciesOf(output: pulumi.Output<unknown>): Promise<string[]> {
  const resources = await (output as unknown as { allResources(): Promise<Set<pulumi.Resource>> }).allResources();
  return Promise.all([...resources].map((r) => new Promise<string>((resolve) => r.urn.apply(resolve))));
}

describe("creation order AWS insists on", () => {
  let network: Network;
  let bucket: SecureBucket;
  before(() => {
    pulumi.runtime.setAllConfig({ "aws:region": "eu-west-1" });
    pulumi.runtime.setMocks(new AwsMocks({ defaultRegion: "eu-west-1", stackOutputs: () => undefined }), "platform", "order", false, "organization");
    const provider = new aws.Provider("provider", { region: "eu-west-1" });
    network = new Network(
      "net",
      {
        namePrefix: "platform-order",
        region: "eu-west-1",
        accountId: "123456789012",
        cidr: "10.0.0.0/16",
        availabilityZones: ["eu-west-1a", "eu-west-1b"],
        nat: "single",
        interfaceEndpoints: [],
        ports: { web: 8080, proxy: 3128, database: 5432, cache: 6379 },
        flowLogRetentionDays: 7,
        logsKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
        internalDomain: "order.platform.internal",
      },
      { provider },
    );
    bucket = new SecureBucket(
      "logs",
      { versioned: false, encryption: { kind: "s3-managed" }, lifecycleRules: [], forceDestroy: true, protect: false },
      { provider },
    );
  });

  it("hands out public subnet ids only once the internet gateway exists (an internet-facing load balancer needs it)", async () => {
    for (const id of network.subnetIds.public) {
      assert.ok((await dependenciesOf(id)).some((urn) => urn.includes("aws:ec2/internetGateway:InternetGateway")));
    }
  });

  it("hands out the bucket's name for log delivery only once its policy is in place (ALB access logs check it)", async () => {
    assert.ok((await dependenciesOf(bucket.bucketNameWithPolicy)).some((urn) => urn.includes("aws:s3/bucketPolicy:BucketPolicy")));
    assert.ok(!(await dependenciesOf(bucket.bucketName)).some((urn) => urn.includes("aws:s3/bucketPolicy:BucketPolicy")));
  });
});
