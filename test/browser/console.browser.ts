import { strict as assert } from "assert";
import type { AddressInfo } from "net";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { consoleFixture } from "../support/console-fixture";

// Debian's Chromium (apt-get install chromium), which .ci/run installs before this test; playwright-core downloads no browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The console served on a free loopback port, and a headless Chromium pointed at it. */
async function open(fixture: ReturnType<typeof consoleFixture>): Promise<{ page: Page; base: string; close: () => Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: fixture.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(started));
  });
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    page,
    base,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
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
});
