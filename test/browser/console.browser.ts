import { strict as assert } from "assert";
import type { AddressInfo } from "net";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { formationView } from "../../console/formation-view";
import { plannedFormation } from "../../console/planned";
import { readLiveFormation } from "../../scripts/fleet/formation";
import { consoleFixture } from "../support/console-fixture";
import { deployedWithGroups, fakeRun } from "../support/fake-workspace";

// Debian's Chromium (apt-get install chromium), which .ci/run installs before this test; playwright-core downloads no browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The console served on a free loopback port, and a headless Chromium pointed at it. */
async function open(fixture: ReturnType<typeof consoleFixture>): Promise<{ page: Page; base: string; close: () => Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: fixture.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(started));
  });
  const closeServer = () => new Promise((resolve) => server.close(resolve));
  // A browser that does not start leaves no server behind, which would keep mocha from exiting.
  const browser: Browser = await chromium
    .launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] })
    .catch(async (error: unknown) => {
      await closeServer();
      throw error;
    });
  const page = await browser.newPage();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    page,
    base,
    close: async () => {
      await browser.close();
      await closeServer();
    },
  };
}

describe("console in a browser (headless Chromium)", () => {
  it("runs an action from its form with the typed-back name and shows the operation succeed", async () => {
    const fixture = consoleFixture();
    const { page, base, close } = await open(fixture);
    try {
      await page.goto(`${base}/environments/dev-alice`);
      await page.fill("#token", "secret");
      const form = page.locator('form[data-action="env-destroy"]');
      await form.locator('input[name="name"]').fill("alice");
      await form.locator('input[name="confirm"]').fill("dev-alice");
      await form.locator("button").click();
      await form.locator('output[data-status="succeeded"]').waitFor();
      assert.deepEqual(fixture.run.workspace.calls, ["destroy dev-alice", "removeStack dev-alice"]);
      assert.deepEqual(
        fixture.audit.map((e) => e.outcome),
        ["started", "succeeded"],
      );
    } finally {
      await close();
    }
  });

  it("shows the API's refusal, and runs nothing, when the name is not typed back or the token is wrong", async () => {
    const fixture = consoleFixture();
    const { page, base, close } = await open(fixture);
    try {
      await page.goto(`${base}/environments/prod`);
      await page.fill("#token", "secret");
      const rollback = page.locator('form[data-action="rollback"]');
      await rollback.locator("button").click();
      await rollback.locator('output[data-status="refused"]').waitFor();
      assert.match(await rollback.locator("output").innerText(), /destructive: type the environment's name back/);
      await page.fill("#token", "wrong");
      const preview = page.locator('form[data-action="preview"]');
      await preview.locator("button").click();
      await preview.locator('output[data-status="refused"]').waitFor();
      assert.match(await preview.locator("output").innerText(), /unauthorized/);
      assert.deepEqual(fixture.run.workspace.calls, []);
    } finally {
      await close();
    }
  });

  it("offline, disables every action and says why", async () => {
    const fixture = consoleFixture({ offline: ["no Pulumi CLI on PATH."] });
    const { page, base, close } = await open(fixture);
    try {
      await page.goto(`${base}/environments/prod`);
      const buttons = page.locator("form.action button");
      assert.ok((await buttons.count()) > 0);
      for (const button of await buttons.all()) assert.equal(await button.isDisabled(), true);
      assert.match(await page.locator("body").innerText(), /disabled: no Pulumi CLI on PATH\./);
    } finally {
      await close();
    }
  });

  it("offline, shows prod's planned formation over three zones, with the release button disabled and its reason", async () => {
    const offline = ["no Pulumi CLI on PATH."];
    const fixture = consoleFixture({
      offline,
      formation: (stack) =>
        formationView(
          offline,
          () => Promise.reject(new Error("offline")),
          () => plannedFormation(stack),
        ),
    });
    const { page, base, close } = await open(fixture);
    try {
      await page.goto(`${base}/environments/prod`);
      assert.match(
        await page.locator("#planned").innerText(),
        /Planned, not live: evaluated offline from Pulumi\.prod\.yaml \(offline: no Pulumi CLI on PATH\.\)/,
      );
      assert.deepEqual(await page.locator("th.zone").allInnerTexts(), ["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
      assert.ok((await page.locator('#formation tr[data-kind="autoScalingGroup"]').count()) > 0, "the Auto Scaling groups are drawn");
      const release = page.locator('button[data-action="release"]');
      assert.equal(await release.isDisabled(), true);
      assert.equal(await release.getAttribute("title"), "no Pulumi CLI on PATH.");
    } finally {
      await close();
    }
  });

  it("shows the live formation: an instance row per instance of each group, with its release", async () => {
    const run = fakeRun();
    deployedWithGroups(run, "prod");
    const formation = await readLiveFormation(run.context, run.workspace, "prod");
    const fixture = consoleFixture({ formation: async () => ({ live: true, formation }) });
    const { page, base, close } = await open(fixture);
    try {
      await page.goto(`${base}/environments/prod`);
      assert.equal(await page.locator("#planned").count(), 0);
      assert.equal(await page.locator("tr[data-instance]").count(), 6);
      assert.match(await page.locator('tr[data-instance="prod-web-i1"]').innerText(), /eu-west-1a\s+InService \/ Healthy\s+prod-web: healthy\s+1\.4\.2/);
    } finally {
      await close();
    }
  });

  it("runs a named command on a tier from its form and shows what it printed", async () => {
    const fixture = consoleFixture();
    deployedWithGroups(fixture.run, "prod");
    const { page, base, close } = await open(fixture);
    try {
      await page.goto(`${base}/environments/prod`);
      await page.fill("#token", "secret");
      const form = page.locator('form[data-action="tier-logs"]');
      await form.locator('input[name="tier"]').fill("worker");
      await form.locator('input[name="log"]').fill("unit");
      await form.locator('input[name="lines"]').fill("20");
      await form.locator("button").click();
      await form.locator('output[data-status="succeeded"]').waitFor();
      assert.match(await form.locator("pre.log").innerText(), /== prod-worker-i1 eu-west-1a \(Success\) ==\nlog of prod-worker-i1/);
      assert.deepEqual(fixture.run.aws.sent[0].parameters, { Log: ["unit"], Lines: ["20"] });
    } finally {
      await close();
    }
  });
});
