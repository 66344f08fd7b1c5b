import * as path from "path";
import { serve } from "@hono/node-server";
import { Command } from "commander";
import { PROJECT_DIR } from "../config/stack-files";
import { processContext } from "../scripts/context";
import { existsSync } from "fs";
import { cliProblem, credentialProblems } from "../scripts/pulumi/preflight";
import { bindProblem, consoleApp, LOCAL_HOSTS, loopbackHosts } from "./app";
import { fileAuditLog } from "./audit";
import { liveEnvironments, plannedEnvironments } from "./environments";
import { formationView } from "./formation-view";
import { plannedFormation } from "./planned";
import { readLiveFormation } from "../scripts/fleet/formation";

async function start(options: { host: string; port: string; auditLog: string; allowedHost: string[] }): Promise<void> {
  const token = process.env.CONSOLE_TOKEN || undefined;
  const problem = bindProblem(options.host, token);
  if (problem) throw new Error(problem);
  // Both are reported, so the page says everything missing at once.
  const offline = [await cliProblem(), ...credentialProblems(process.env, existsSync)].filter((p): p is string => p !== undefined);
  const base = processContext();
  // On a loopback bind, the names answered follow the port actually bound (--port 0 picks one).
  let hosts: string[] = [];
  const { app } = consoleApp({
    token,
    hosts: LOCAL_HOSTS.includes(options.host) ? () => hosts : undefined,
    tokenForPages: !LOCAL_HOSTS.includes(options.host),
    offline,
    audit: fileAuditLog(options.auditLog),
    environments: async () => (offline.length > 0 ? plannedEnvironments() : liveEnvironments(await base.workspace(), new Date())),
    formation: (stack) =>
      formationView(
        offline,
        async () => readLiveFormation(base, await base.workspace(), stack),
        () => plannedFormation(stack),
      ),
    scriptContext: (print, fail) => ({ ...base, interactive: false, print, fail }),
  });
  serve({ fetch: app.fetch, hostname: options.host, port: Number(options.port) }, ({ port }) => {
    hosts = loopbackHosts(port, options.allowedHost);
    console.log(`Console on http://${options.host}:${port}/${offline.length > 0 ? ` (offline: ${offline.join(" ")})` : ""}`);
  });
}

new Command("console")
  .description("The platform's control plane: environments, formations and actions as pages and a JSON API (see /openapi.json).")
  .option("--host <host>", "address to listen on; beyond localhost needs CONSOLE_TOKEN", "127.0.0.1")
  .option("--port <port>", "port to listen on", "8080")
  .option("--audit-log <file>", "JSON-lines audit log of every action", path.join(PROJECT_DIR, "console-audit.jsonl"))
  .option("--allowed-host <host...>", "on a loopback bind, another Host header to answer, e.g. localhost:9000 for a tunnel", [])
  .action(start)
  .parseAsync()
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
