import { consoleApp, type ConsoleOptions } from "../../console/app";
import type { AuditEntry } from "../../console/audit";
import { fakeRun } from "./fake-workspace";

/** The console over a fake workspace: prod and dev-alice planned, the token "secret", every audit entry kept. */
export function consoleFixture(overrides: Partial<ConsoleOptions> = {}) {
  const run = fakeRun();
  const audit: Omit<AuditEntry, "time">[] = [];
  const { app, operations } = consoleApp({
    token: "secret",
    tokenForPages: false,
    offline: [],
    audit: (entry) => audit.push(entry),
    environments: async () => [
      { stack: "prod", role: "prod", expired: false, source: "planned" },
      { stack: "dev-alice", role: "dev", expired: false, source: "planned" },
    ],
    formation: async () => ({
      live: false,
      why: "offline: no Pulumi CLI on PATH.",
      model: { stack: "prod", region: "eu-west-1", vpcCidrs: [], zones: ["a", "b", "c"], rows: [], subnets: [], nodes: [], edges: [] },
    }),
    scriptContext: (print, fail) => ({ ...run.context, print, fail }),
    ...overrides,
  });
  const post = (action: string, body: unknown, token = "secret") =>
    app.request(`/api/actions/${action}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
  return { app, operations, audit, run, post };
}
