import { strict as assert } from "assert";
import { bindProblem, loopbackHosts } from "../../console/app";
import { openApiDocument } from "../../console/openapi";
import { consoleFixture } from "../support/console-fixture";

const setup = consoleFixture;

describe("console: HTTP API", () => {
  it("answers 401 without the token, and nothing runs", async () => {
    const { post, run, app } = setup();
    assert.equal((await post("deploy", { stack: "prod" }, "wrong")).status, 401);
    assert.equal((await app.request("/api/environments")).status, 401);
    assert.deepEqual(run.workspace.calls, []);
  });

  it("answers 400 with a message on bad input, runs nothing and logs the refusal", async () => {
    const { post, run, audit } = setup();
    const response = await post("release", { stack: "prod", version: "../etc" });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /version/);
    assert.deepEqual(run.workspace.calls, []);
    assert.equal(audit[0].outcome, "refused");
  });

  it("refuses a destructive action without the environment's name typed back", async () => {
    const { post, run } = setup();
    assert.equal((await post("env-destroy", { name: "alice" })).status, 400);
    assert.equal((await post("rollback", { stack: "prod", confirm: "dev" })).status, 400);
    assert.deepEqual(run.workspace.calls, []);
  });

  it("cycles instances only with the stack's name typed back, and a tier that is one", async () => {
    const { post, run } = setup();
    assert.equal((await post("instance-terminate", { stack: "prod", instanceId: "i-0123456789abcdef0" })).status, 400);
    assert.equal((await post("tier-refresh", { stack: "prod", tier: "web", confirm: "dev" })).status, 400);
    const bad = await post("tier-restart", { stack: "prod", tier: "database" });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /tier: one of web, web-beta, worker/);
    assert.deepEqual(run.workspace.calls, []);
  });

  it("offline, refuses every action with the reason", async () => {
    const { post, run } = setup({ offline: ["The Pulumi CLI was not found."] });
    const response = await post("deploy", { stack: "prod" });
    assert.equal(response.status, 409);
    assert.match(((await response.json()) as { error: string }).error, /Pulumi CLI/);
    assert.deepEqual(run.workspace.calls, []);
  });

  it("runs the script's own routine as an operation, whose end is audited", async () => {
    const { post, run, audit, operations } = setup();
    const response = await post("env-destroy", { name: "alice", confirm: "dev-alice" });
    assert.equal(response.status, 202);
    const { operation } = (await response.json()) as { operation: string };
    await new Promise<void>((resolve) => {
      const check = () => operations.get(operation)?.status !== "running" && resolve();
      operations.watch(operation, check);
      check();
    });
    assert.equal(operations.get(operation)?.status, "succeeded");
    assert.deepEqual(run.workspace.calls, ["destroy dev-alice", "removeStack dev-alice"]);
    assert.deepEqual(
      audit.map((e) => e.outcome),
      ["started", "succeeded"],
    );
  });

  it("refuses a cross-site request and input that is not JSON, running nothing, as a page of another site would send them", async () => {
    const { app, run, audit } = setup();
    const send = (headers: Record<string, string>) =>
      app.request("/api/actions/env-destroy", {
        method: "POST",
        body: JSON.stringify({ name: "alice", confirm: "dev-alice" }),
        headers: { authorization: "Bearer secret", ...headers },
      });
    const crossSite = await send({ "content-type": "application/json", "sec-fetch-site": "cross-site" });
    assert.equal(crossSite.status, 403);
    assert.match(((await crossSite.json()) as { error: string }).error, /cross-site request/);
    assert.equal((await send({ "content-type": "text/plain", "sec-fetch-site": "same-origin" })).status, 415);
    assert.equal((await send({ "content-type": "application/json", "sec-fetch-site": "same-origin" })).status, 202, "the page's own request runs");
    assert.deepEqual(
      audit.map((e) => e.outcome),
      ["refused", "refused", "started"],
    );
    assert.equal(run.workspace.calls.length > 0, true);
  });

  it("refuses a second action on a stack while one runs there, and takes one on another stack", async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { post, run, operations } = setup({
      scriptContext: (print, fail) => ({
        ...run.context,
        print,
        fail,
        workspace: async () => (await gate, run.workspace),
      }),
    });
    const first = (await (await post("env-destroy", { name: "alice", confirm: "dev-alice" })).json()) as { operation: string };
    const second = await post("env-destroy", { name: "alice", confirm: "dev-alice" });
    assert.equal(second.status, 409);
    assert.match(((await second.json()) as { error: string }).error, new RegExp(`env-destroy runs on dev-alice \\(operation ${first.operation}\\)`));
    assert.equal((await post("deploy", { stack: "prod" })).status, 202);
    open();
    await new Promise<void>((resolve) => {
      const check = () => operations.get(first.operation)?.status !== "running" && resolve();
      operations.watch(first.operation, check);
      check();
    });
    assert.equal(operations.runningOn("dev-alice"), undefined);
  });

  it("on a loopback bind answers only its own host names (no DNS rebinding), and beyond it asks the token for the OpenAPI document", async () => {
    assert.deepEqual(loopbackHosts(80, ["localhost:9000"]), ["127.0.0.1:80", "localhost:80", "[::1]:80", "127.0.0.1", "localhost", "[::1]", "localhost:9000"]);
    const local = setup({ hosts: () => loopbackHosts(8080) });
    assert.equal((await local.app.request("/", { headers: { host: "rebound.example:8080" } })).status, 421);
    assert.equal((await local.app.request("/", { headers: { host: "127.0.0.1:8080" } })).status, 200);
    assert.equal((await local.app.request("/openapi.json", { headers: { host: "localhost:8080" } })).status, 200);
    const team = setup({ tokenForPages: true });
    assert.equal((await team.app.request("/openapi.json")).status, 401);
    assert.equal((await team.app.request("/openapi.json", { headers: { authorization: "Bearer secret" } })).status, 200);
  });

  it("refuses a bind beyond localhost without a token", () => {
    assert.match(bindProblem("0.0.0.0", undefined) ?? "", /CONSOLE_TOKEN/);
    assert.equal(bindProblem("127.0.0.1", undefined), undefined);
    assert.equal(bindProblem("0.0.0.0", "t"), undefined);
  });

  it("the OpenAPI document names every API route the app serves", () => {
    const { app } = setup();
    const served = new Set(app.routes.filter((r) => r.path.startsWith("/api/") && r.method !== "ALL").map((r) => r.path.replace(/:(\w+)/g, "{$1}")));
    const documented = new Set(Object.keys(openApiDocument().paths).map((p) => (p.startsWith("/api/actions/") ? "/api/actions/{action}" : p)));
    assert.deepEqual([...documented].sort(), [...served].sort());
  });
});
