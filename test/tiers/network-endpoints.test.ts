import { strict as assert } from "assert";
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-mocks";
import type { Evaluation } from "../../offline/evaluate";
import { POLICY_SCOPED_INTERFACE_SERVICES } from "../../tiers/network/endpoint-policy-plan";
import { evaluated, ofType, one, T } from "../support/harness";

const ENDPOINT_POLICY = "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy";
const OWN_ACCOUNT = { StringEquals: { "aws:PrincipalAccount": OFFLINE_ACCOUNT_ID, "aws:ResourceAccount": OFFLINE_ACCOUNT_ID } };

const serviceOf = (e: Evaluation, serviceName: string) => serviceName.replace(`com.amazonaws.${e.config.region}.`, "");

for (const stack of ["prod", "dev", "load-test"]) {
  describe(`endpoint policies of ${stack}`, () => {
    let e: Evaluation;
    before(async () => (e = await evaluated(stack)));

    it("admits through each interface endpoint that takes a policy only this account's principals on this account's resources", () => {
      const interfaceEndpoints = ofType(e, T.endpoint).filter((x) => x.inputs.vpcEndpointType === "Interface");
      assert.ok(
        interfaceEndpoints.some((x) => serviceOf(e, x.inputs.serviceName) === "ec2"),
        "no ec2 endpoint for the CloudWatch agent's DescribeTags",
      );
      for (const endpoint of interfaceEndpoints) {
        const service = serviceOf(e, endpoint.inputs.serviceName);
        if (!(POLICY_SCOPED_INTERFACE_SERVICES as readonly string[]).includes(service)) {
          // A service without endpoint policy support refuses any policy but AWS's full-access one.
          assert.equal(endpoint.inputs.policy, undefined, service);
          continue;
        }
        const statements = JSON.parse(endpoint.inputs.policy).Statement;
        assert.deepEqual(statements[0], {
          Sid: "OwnPrincipalsToOwnResources",
          Effect: "Allow",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: OWN_ACCOUNT,
        });
        for (const statement of statements) assert.equal(statement.Condition.StringEquals["aws:PrincipalAccount"], OFFLINE_ACCOUNT_ID, service);
        assert.equal(statements.length, service === "ssm" ? 2 : 1, service);
      }
    });

    it("lets DynamoDB's gateway endpoint reach only this account's tables, by its principals", () => {
      const dynamodb = ofType(e, T.endpoint).find((x) => x.inputs.serviceName === `com.amazonaws.${e.config.region}.dynamodb`);
      assert.deepEqual(JSON.parse(dynamodb?.inputs.policy).Statement, [
        { Sid: "OwnPrincipalsToOwnResources", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: OWN_ACCOUNT },
      ]);
    });

    it("lets S3's gateway endpoint reach the platform's buckets and reads of the AWS-owned ones the boot path needs, nothing else", () => {
      const s3 = ofType(e, T.endpoint).find((x) => x.inputs.serviceName === `com.amazonaws.${e.config.region}.s3`);
      assert.ok(s3);
      // The policy is its own resource, set once the buckets exist; an inline one would fight it.
      assert.equal(s3.inputs.policy, undefined);
      const policy = one(e, ENDPOINT_POLICY);
      assert.equal(policy.inputs.vpcEndpointId, s3.id);
      const [own, awsOwned, ...rest] = JSON.parse(policy.inputs.policy).Statement;
      assert.deepEqual(rest, []);

      const shared = Object.values(e.references).find((r) => r.role === "shared");
      const platformBuckets = [...ofType(e, T.bucket).map((b) => String(b.computed.arn)), String(shared?.outputs.releaseBucketArn)];
      assert.equal(platformBuckets.length, 4);
      assert.deepEqual(own.Condition, OWN_ACCOUNT);
      assert.deepEqual([...own.Resource].sort(), platformBuckets.flatMap((arn) => [arn, `${arn}/*`]).sort());

      const region = e.config.region;
      assert.equal(awsOwned.Action, "s3:GetObject");
      assert.equal(awsOwned.Condition, undefined);
      for (const bucket of [`al2023-repos-${region}-de612dc2`, `amazon-ssm-${region}`, `aws-ssm-${region}`, `prod-${region}-starport-layer-bucket`]) {
        assert.ok(awsOwned.Resource.includes(`arn:aws:s3:::${bucket}/*`), bucket);
      }
      for (const arn of awsOwned.Resource) assert.match(arn, /^arn:aws:s3:::[a-z0-9.-]+\/\*$/);
    });
  });
}
