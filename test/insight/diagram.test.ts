import { strict as assert } from "assert";
import type { DeclaredResource } from "../../offline/aws-mocks";
import { diagramModel } from "../../offline/insight/diagram-model";
import { graphOf, TYPES, type ResourceGraph } from "../../offline/insight/graph";
import { mermaid } from "../../offline/insight/mermaid";
import { svg } from "../../offline/insight/svg";
import { evaluated, ofType } from "../support/harness";

const resource = (type: string, name: string, id: string, inputs: Record<string, unknown>): DeclaredResource => ({
  type,
  name,
  id,
  inputs,
  custom: true,
  computed: {},
});

describe("insight: diagram", () => {
  it("draws prod with a column per zone, every subnet, and an arrow for each path the security groups allow", async () => {
    const prod = await evaluated("prod");
    const model = diagramModel(graphOf(prod));
    const text = mermaid(model);
    const zones = new Set(ofType(prod, TYPES.subnet).map((s) => s.inputs.availabilityZone));
    assert.equal(zones.size, 3);
    assert.deepEqual(model.zones, [...zones].sort());
    assert.equal(text.match(/subgraph zone_/g)?.length, 3);
    for (const subnet of ofType(prod, TYPES.subnet)) assert.ok(text.includes(subnet.inputs.tags.Name), `subnet ${subnet.inputs.tags.Name} drawn`);
    const path = (from: string, to: (group: string) => boolean) => model.edges.some((e) => e.fromGroup === from && e.toGroup !== undefined && to(e.toGroup));
    assert.ok(
      path("web", (g) => g === "database"),
      "web -> database",
    );
    assert.ok(
      path("web", (g) => g === "cache"),
      "web -> cache",
    );
    const appNodes = model.nodes.filter((n) => n.row === "app").map((n) => n.id);
    assert.ok(
      model.edges.some((e) => appNodes.includes(e.from) && e.toGroup?.startsWith("proxy")),
      "app -> proxy",
    );
    for (const e of model.edges) assert.ok(text.includes(`${e.from} -->`) && text.includes(`| ${e.to}`), `edge ${e.from} -> ${e.to} in the Mermaid text`);
  });

  it("draws dev with two zone columns", async () => {
    const model = diagramModel(graphOf(await evaluated("dev")));
    assert.equal(model.zones.length, 2);
    assert.equal(mermaid(model).match(/subgraph zone_/g)?.length, 2);
  });

  it("reads a database cluster and its instances as well as DB instances, and resolves rules to the groups' holders", () => {
    const graph: ResourceGraph = {
      stack: "s",
      role: "prod",
      region: "eu-west-1",
      resources: [
        resource(TYPES.subnet, "p-s-network-app-1", "subnet-a", { availabilityZone: "eu-west-1a", tags: { Name: "p-s-app-1", tier: "app" } }),
        resource(TYPES.subnet, "p-s-network-data-1", "subnet-d", { availabilityZone: "eu-west-1a", tags: { Name: "p-s-data-1" } }),
        resource(TYPES.securityGroup, "p-s-network-web", "sg-web", { tags: { Name: "p-s-web" } }),
        resource(TYPES.securityGroup, "p-s-network-database", "sg-db", { tags: { Name: "p-s-database" } }),
        resource(TYPES.launchTemplate, "p-s-compute-web-lt", "lt-1", { instanceType: "m7g.large", networkInterfaces: [{ securityGroups: ["sg-web"] }] }),
        resource(TYPES.autoScalingGroup, "p-s-compute-web-asg", "asg-1", {
          minSize: 1,
          desiredCapacity: 2,
          maxSize: 3,
          vpcZoneIdentifiers: ["subnet-a"],
          launchTemplate: { id: "lt-1" },
        }),
        resource(TYPES.dbSubnetGroup, "p-s-data-db-subnets", "dbsg", { name: "p-s-db", subnetIds: ["subnet-d"] }),
        resource(TYPES.dbCluster, "p-s-data-db-cluster", "c-1", { engine: "aurora-postgresql", dbSubnetGroupName: "p-s-db", vpcSecurityGroupIds: ["sg-db"] }),
        resource(TYPES.dbClusterInstance, "p-s-data-db-instance-1", "ci-1", {
          instanceClass: "db.r7g.large",
          engine: "aurora-postgresql",
          availabilityZone: "eu-west-1a",
        }),
        resource(TYPES.ingressRule, "p-s-network-database-in-web", "sgr-1", {
          securityGroupId: "sg-db",
          referencedSecurityGroupId: "sg-web",
          fromPort: 5432,
          toPort: 5432,
        }),
      ],
    };
    const model = diagramModel(graph);
    assert.deepEqual(model.rows, ["app", "data"], "the data subnet's tier comes from its name");
    const databases = model.nodes.filter((n) => n.kind === "database");
    assert.deepEqual(
      databases.map((n) => n.row),
      ["data", "data"],
    );
    assert.match(databases[0].label, /cluster aurora-postgresql/);
    assert.deepEqual(model.edges, [{ from: "p_s_compute_web_asg", to: "p_s_data_db_cluster", fromGroup: "web", toGroup: "database", ports: ["5432"] }]);
    assert.match(model.nodes.find((n) => n.kind === "autoScalingGroup")?.label ?? "", /1\/2\/3 \(min\/desired\/max\) m7g\.large/);
  });

  it("draws the SVG itself: a heading per zone, a box per subnet and an arrow per path", async () => {
    const model = diagramModel(graphOf(await evaluated("prod")));
    const drawing = svg(model);
    assert.ok(drawing.startsWith("<svg") && drawing.endsWith("</svg>"));
    for (const zone of model.zones) assert.ok(drawing.includes(`>${zone}</text>`));
    for (const subnet of model.subnets) assert.ok(drawing.includes(subnet.name));
    assert.equal(drawing.match(/marker-end=/g)?.length, model.edges.length);
  });
});
