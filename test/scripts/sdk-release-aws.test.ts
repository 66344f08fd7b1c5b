import { strict as assert } from "assert";
import { DescribeInstanceInformationCommand, InvalidInstanceId, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { SdkReleaseAws } from "../../scripts/aws/sdk-release-aws";

describe("SdkReleaseAws over a mocked SSM", () => {
  const ssm = mockClient(SSMClient);
  afterEach(() => ssm.reset());
  after(() => ssm.restore());

  it("finds the instances whose agent is online, 100 ids a request and every page, in the order asked", async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `i-${String(i).padStart(17, "0")}`);
    ssm.on(DescribeInstanceInformationCommand).callsFake((input: { Filters: { Key: string; Values: string[] }[]; NextToken?: string }) => {
      const asked = input.Filters.find((filter) => filter.Key === "InstanceIds")?.Values ?? [];
      // Every other one is online; the first request answers in two pages.
      const online = asked.filter((_, i) => i % 2 === 0).map((InstanceId) => ({ InstanceId, PingStatus: "Online" }));
      if (asked.length === 100 && !input.NextToken) return { InstanceInformationList: online.slice(0, 10), NextToken: "page-2" };
      if (input.NextToken) return { InstanceInformationList: online.slice(10) };
      return { InstanceInformationList: online };
    });
    const online = await new SdkReleaseAws("eu-west-1").onlineInstances([...ids].reverse());
    const requests = ssm.commandCalls(DescribeInstanceInformationCommand).map((call) => call.args[0].input);
    assert.deepEqual(
      requests.map((input) => [input.Filters?.map((f) => `${f.Key}:${f.Values?.length}`).join(" "), input.NextToken ?? "-"]),
      [
        ["InstanceIds:100 PingStatus:1", "-"],
        ["InstanceIds:100 PingStatus:1", "page-2"],
        ["InstanceIds:50 PingStatus:1", "-"],
      ],
    );
    assert.deepEqual(requests[0].Filters?.[1].Values, ["Online"]);
    assert.equal(online.length, 75);
    assert.deepEqual(online.slice(0, 2), [ids[149], ids[147]], "in the order asked");
  });

  it("lists every online node instead when an id's agent never registered (InvalidInstanceId)", async () => {
    ssm.on(DescribeInstanceInformationCommand).callsFake((input: { Filters: { Key: string }[]; NextToken?: string }) => {
      if (input.Filters.some((filter) => filter.Key === "InstanceIds")) throw new InvalidInstanceId({ message: "not registered", $metadata: {} });
      return input.NextToken
        ? { InstanceInformationList: [{ InstanceId: "i-b" }] }
        : { InstanceInformationList: [{ InstanceId: "i-a" }, { InstanceId: "i-other" }], NextToken: "2" };
    });
    assert.deepEqual(await new SdkReleaseAws("eu-west-1").onlineInstances(["i-b", "i-unregistered", "i-a"]), ["i-b", "i-a"]);
    const requests = ssm.commandCalls(DescribeInstanceInformationCommand).map((call) => call.args[0].input.Filters?.map((f) => f.Key).join(","));
    assert.deepEqual(requests, ["InstanceIds,PingStatus", "PingStatus", "PingStatus"]);
  });
});
