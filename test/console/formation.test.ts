import { strict as assert } from "assert";
import { formationView } from "../../console/formation-view";
import type { DiagramModel } from "../../offline/insight/diagram-model";
import { readLiveFormation } from "../../scripts/fleet/formation";
import type { LiveFormation } from "../../scripts/fleet/formation-plan";
import { consoleFixture } from "../support/console-fixture";
import { deployedWithGroups, fakeRun } from "../support/fake-workspace";

const PLAN: DiagramModel = { stack: "prod", region: "eu-west-1", vpcCidrs: [], zones: ["a", "b", "c"], rows: [], subnets: [], nodes: [], edges: [] };

async function liveProd(): Promise<LiveFormation> {
  const run = fakeRun();
  deployedWithGroups(run, "prod", { release: "1.5.0" });
  run.formationAws.targetStates.set("prod-web-i1", { instanceId: "prod-web-i1", state: "draining" });
  run.formationAws.releases.set("prod-web-i2", "1.5.0");
  run.formationAws.openAlarmNames = ["platform-prod-service-down"];
  return readLiveFormation(run.context, run.workspace, "prod");
}

describe("console: formation", () => {
  it("is the plan, marked with why, when offline, and reads nothing live", async () => {
    let read = false;
    const view = await formationView(
      ["no Pulumi CLI on PATH."],
      async () => {
        read = true;
        return liveProd();
      },
      async () => PLAN,
    );
    assert.deepEqual(view, { live: false, model: PLAN, why: "offline: no Pulumi CLI on PATH." });
    assert.equal(read, false);
  });

  it("is the plan with the failure when the live read fails, and says so when there is no plan either", async () => {
    const failing = async (): Promise<LiveFormation> => {
      throw new Error("prod does not export its formation (alarmNames)");
    };
    const view = await formationView([], failing, async () => PLAN);
    assert.deepEqual(view, { live: false, model: PLAN, why: "the live formation could not be read: prod does not export its formation (alarmNames)" });
    const none = await formationView([], failing, async () => {
      throw new Error("no Pulumi.org-prod.yaml");
    });
    assert.deepEqual(none, {
      live: false,
      why: "the live formation could not be read: prod does not export its formation (alarmNames); nor planned: no Pulumi.org-prod.yaml",
    });
  });

  it("shows each instance behind its target group with health, zone, release, age and its logged session command", async () => {
    const formation = await liveProd();
    const { app } = consoleFixture({ formation: async () => ({ live: true, formation }) });
    const html = await (await app.request("/environments/prod")).text();
    assert.doesNotMatch(html, /id="planned"/);
    assert.match(html, /<h3 data-group="web">prod-web behind prod-web: min 3, desired 3, max 30<\/h3>/);
    const row = (id: string) => new RegExp(`<tr data-instance="${id}">(.*?)</tr>`, "s").exec(html)?.[1] ?? "";
    assert.match(
      row("prod-web-i1"),
      /eu-west-1a<\/td><td>InService \/ Healthy<\/td>\s*<td>prod-web: <b class="target-draining">draining<\/b><\/td><td>1\.4\.2<\/td><td>1h 0m<\/td>/,
    );
    assert.match(row("prod-web-i2"), /<td>1\.5\.0<\/td>/);
    assert.match(row("prod-worker-i3"), /<td>-<\/td><td>1\.4\.2<\/td>/);
    assert.match(
      row("prod-web-i2"),
      /<code class="session">aws ssm start-session --region eu-west-1 --target prod-web-i2 --document-name platform-prod-shell<\/code>/,
    );
    assert.match(html, /href="https:\/\/eu-west-1\.console\.aws\.amazon\.com\/systems-manager\/session-manager\/start-session\?region=eu-west-1"/);
    assert.match(html, /<tr><td>platform-prod-db-1<\/td><td>writer<\/td><td>eu-west-1a<\/td><td>available<\/td><\/tr>/);
    assert.match(html, /<tr><td>tasks<\/td><td>0<\/td><td>0<\/td><td>no datapoint<\/td><td>0<\/td><\/tr>/);
    assert.match(html, /<tr class="alarm"><td>platform-prod-service-down<\/td><td>2026-01-10T11:55:00\.000Z<\/td>/);
  });

  it("answers the API with the live formation, or the plan and why", async () => {
    const formation = await liveProd();
    const live = consoleFixture({ formation: async () => ({ live: true, formation }) });
    const auth = { headers: { authorization: "Bearer secret" } };
    const body = (await (await live.app.request("/api/environments/prod/formation", auth)).json()) as { live: boolean; formation: LiveFormation };
    assert.equal(body.live, true);
    assert.deepEqual(
      body.formation.groups.map((g) => g.instances.length),
      [3, 3],
    );
    const planned = consoleFixture();
    const plan = (await (await planned.app.request("/api/environments/prod/formation", auth)).json()) as { planned: boolean; why: string };
    assert.deepEqual([plan.planned, plan.why], [true, "offline: no Pulumi CLI on PATH."]);
  });
});
