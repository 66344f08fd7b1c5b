import { strict as assert } from "assert";
import { ELB_LOG_DELIVERY_ACCOUNTS, loadBalancerLogDelivery } from "../../lib/elb-log-delivery";
import { AwsMocks } from "../../offline/aws-mocks";

describe("ELB log delivery in the offline mocks", () => {
  const mocks = new AwsMocks({ defaultRegion: "eu-west-1", stackOutputs: () => undefined });
  const serviceAccount = (region: string) => mocks.call({ token: "aws:elb/getServiceAccount:getServiceAccount", inputs: { region }, provider: "" });

  for (const [region, account] of Object.entries(ELB_LOG_DELIVERY_ACCOUNTS)) {
    it(`answers aws.elb.getServiceAccount in ${region} with the account the code expects`, () => {
      assert.equal(loadBalancerLogDelivery(region).kind, "elb-account");
      const answer = serviceAccount(region) as Record<string, unknown>;
      assert.equal(answer.id, account);
      assert.match(String(answer.arn), new RegExp(`^arn:aws(-cn|-us-gov)?:iam::${account}:root$`));
    });
  }

  for (const region of ["eu-central-2", "me-central-1", "ca-west-1", "constructor"]) {
    it(`refuses aws.elb.getServiceAccount in ${region}, which takes the service principal`, () => {
      assert.equal(loadBalancerLogDelivery(region).kind, "service");
      assert.throws(() => serviceAccount(region), /has no ELB account/);
    });
  }
});
