import { strict as assert } from "assert";
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeReplicationGroupsCommand, ReplicationGroupNotFoundFault } from "@aws-sdk/client-elasticache";
import { DBClusterNotFoundFault, DescribeDBClustersCommand, DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { formation, names } from "../support/sdk-formation-mocks";

describe("scripts: SdkFormationAws, the data tier and alarms", () => {
  describe("database", () => {
    it("maps the cluster's members with their roles, and each instance's zone, status and class across pages", async () => {
      const { aws, mocks } = formation();
      mocks.rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: "prod-db" }).resolves({
        DBClusters: [
          {
            DBClusterIdentifier: "prod-db",
            Status: "available",
            DBClusterMembers: [
              { DBInstanceIdentifier: "prod-db-1", IsClusterWriter: true },
              { DBInstanceIdentifier: "prod-db-2", IsClusterWriter: false },
            ],
          },
        ],
      });
      mocks.rds
        .on(DescribeDBInstancesCommand)
        .resolvesOnce({
          DBInstances: [{ DBInstanceIdentifier: "prod-db-1", AvailabilityZone: "eu-west-1a", DBInstanceStatus: "available", DBInstanceClass: "db.r7g.large" }],
          Marker: "next",
        })
        .resolvesOnce({
          DBInstances: [{ DBInstanceIdentifier: "prod-db-2", AvailabilityZone: "eu-west-1b", DBInstanceStatus: "rebooting", DBInstanceClass: "db.r7g.large" }],
        });

      assert.deepEqual(await aws.database("prod-db"), {
        id: "prod-db",
        status: "available",
        members: [
          { id: "prod-db-1", role: "writer", zone: "eu-west-1a", status: "available", instanceClass: "db.r7g.large" },
          { id: "prod-db-2", role: "reader", zone: "eu-west-1b", status: "rebooting", instanceClass: "db.r7g.large" },
        ],
      });
      assert.deepEqual(
        mocks.rds.commandCalls(DescribeDBInstancesCommand).map((call) => call.args[0].input),
        [
          { Filters: [{ Name: "db-cluster-id", Values: ["prod-db"] }], Marker: undefined },
          { Filters: [{ Name: "db-cluster-id", Values: ["prod-db"] }], Marker: "next" },
        ],
      );
    });

    it("throws an error naming a cluster that does not exist", async () => {
      const { aws, mocks } = formation();
      mocks.rds.on(DescribeDBClustersCommand).rejects(new DBClusterNotFoundFault({ message: "DBCluster prod-db not found.", $metadata: {} }));
      mocks.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
      await assert.rejects(aws.database("prod-db"), (error: Error) => !(error instanceof DBClusterNotFoundFault) && /prod-db not found/.test(error.message));
    });
  });

  describe("cache", () => {
    it("maps the replication group's status and its members' roles and zones", async () => {
      const { aws, mocks } = formation();
      mocks.elastiCache.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: "prod-cache" }).resolves({
        ReplicationGroups: [
          {
            ReplicationGroupId: "prod-cache",
            Status: "available",
            NodeGroups: [
              {
                NodeGroupId: "0001",
                Status: "available",
                NodeGroupMembers: [
                  { CacheClusterId: "prod-cache-001", CacheNodeId: "0001", CurrentRole: "primary", PreferredAvailabilityZone: "eu-west-1a" },
                  { CacheClusterId: "prod-cache-002", CacheNodeId: "0001", CurrentRole: "replica", PreferredAvailabilityZone: "eu-west-1b" },
                ],
              },
            ],
          },
        ],
      });
      assert.deepEqual(await aws.cache("prod-cache"), {
        id: "prod-cache",
        status: "available",
        members: [
          { id: "prod-cache-001", role: "primary", zone: "eu-west-1a" },
          { id: "prod-cache-002", role: "replica", zone: "eu-west-1b" },
        ],
      });
      assert.equal(mocks.elastiCache.calls().length, 1);
    });

    it("throws an error naming a replication group that does not exist", async () => {
      const { aws, mocks } = formation();
      mocks.elastiCache.on(DescribeReplicationGroupsCommand).rejects(new ReplicationGroupNotFoundFault({ message: "not found", $metadata: {} }));
      await assert.rejects(aws.cache("prod-cache"), /replication group prod-cache not found/);
    });
  });

  describe("openAlarms", () => {
    it("asks for metric and composite alarms in ALARM, 100 names a call, follows NextToken, and maps both kinds", async () => {
      const { aws, mocks } = formation();
      const since = new Date("2026-01-10T11:55:00Z");
      mocks.cloudWatch.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames: string[]; NextToken?: string }) => {
        if (input.AlarmNames[0] === "alarm-1" && !input.NextToken) {
          return {
            MetricAlarms: [{ AlarmName: "alarm-1", StateValue: "ALARM", StateReason: "Threshold Crossed", StateUpdatedTimestamp: since }],
            NextToken: "t",
          };
        }
        if (input.NextToken === "t")
          return { CompositeAlarms: [{ AlarmName: "alarm-2", StateValue: "ALARM", StateReason: "composite", StateUpdatedTimestamp: since }] };
        if (input.AlarmNames.includes("alarm-230")) return { MetricAlarms: [{ AlarmName: "alarm-230", StateValue: "ALARM", StateReason: "late" }] };
        return { MetricAlarms: [], CompositeAlarms: [] };
      });
      const wanted = names("alarm-", 230);

      const open = await aws.openAlarms(wanted);

      const inputs = mocks.cloudWatch.commandCalls(DescribeAlarmsCommand).map((call) => call.args[0].input);
      assert.deepEqual(inputs.map((input) => input.AlarmNames?.length).sort(), [100, 100, 100, 30].sort());
      assert.ok(inputs.every((input) => input.StateValue === "ALARM"));
      assert.ok(inputs.every((input) => JSON.stringify(input.AlarmTypes) === JSON.stringify(["MetricAlarm", "CompositeAlarm"])));
      assert.deepEqual(inputs.filter((input) => input.NextToken).length, 1);
      assert.deepEqual(new Set(inputs.flatMap((input) => input.AlarmNames)), new Set(wanted));
      assert.deepEqual(
        [...open].sort((a, b) => a.name.localeCompare(b.name)),
        [
          { name: "alarm-1", reason: "Threshold Crossed", since },
          { name: "alarm-2", reason: "composite", since },
          { name: "alarm-230", reason: "late", since: undefined },
        ],
      );
    });

    it("makes no call for no names", async () => {
      const { aws, mocks } = formation();
      assert.deepEqual(await aws.openAlarms([]), []);
      assert.equal(mocks.cloudWatch.calls().length, 0);
    });
  });
});
