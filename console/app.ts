import { timingSafeEqual } from "crypto";
import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { ScriptContext } from "../scripts/context";
import { ACTIONS } from "./actions";
import type { AuditLog } from "./audit";
import type { EnvironmentRow } from "./environments";
import type { FormationView } from "./formation-view";
import { openApiDocument } from "./openapi";
import { Operations } from "./operations";
import { environmentsPage, formationPage } from "./pages";

export const LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1"];

/** Why the console must not start: a bind beyond localhost without a token. */
export function bindProblem(host: string, token: string | undefined): string | undefined {
  if (LOCAL_HOSTS.includes(host) || token) return undefined;
  return `Refusing to listen on ${host} without a token: set CONSOLE_TOKEN (or bind to 127.0.0.1).`;
}

/**
 * The Host header values a console bound to loopback on `port` answers, with `extra` names (a tunnel's, a local proxy's):
 * a page of another name (DNS rebinding) gets nothing. Browsers leave port 80 out of Host (RFC 9110, 7.2).
 */
export function loopbackHosts(port: number, extra: string[] = []): string[] {
  const names = ["127.0.0.1", "localhost", "[::1]"];
  return [...names.map((name) => `${name}:${port}`), ...(port === 80 ? names : []), ...extra];
}

export interface ConsoleOptions {
  /** The API token (CONSOLE_TOKEN); without one the API answers nothing but 401. */
  token?: string;
  /** Host header values answered (loopbackHosts on a loopback bind, once its port is known); others get 421. Default: any. */
  hosts?: () => string[];
  /** Also require the token for the pages (any bind beyond localhost). */
  tokenForPages: boolean;
  /** Why actions cannot run (no Pulumi CLI, no credentials); empty when they can. */
  offline: string[];
  audit: AuditLog;
  environments(): Promise<EnvironmentRow[]>;
  /** The stack's formation: live from AWS, or the plan and why (formationView). */
  formation(stack: string): Promise<FormationView>;
  /** A script context whose output goes to `print`. */
  scriptContext(print: (line: string) => void, fail: (message: string) => void): ScriptContext;
}

const sameToken = (given: string, expected: string) => given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

function authorized(c: Context, token: string | undefined): boolean {
  const header = c.req.header("authorization") ?? "";
  return token !== undefined && header.startsWith("Bearer ") && sameToken(header.slice(7), token);
}

// Set by the team's authenticating proxy; the token alone names nobody.
const who = (c: Context) => c.req.header("x-console-user") ?? "token holder";

export function consoleApp(options: ConsoleOptions): { app: Hono; operations: Operations } {
  const operations = new Operations();
  const app = new Hono();
  const refuse = (c: Context) => c.json({ error: "unauthorized: send Authorization: Bearer <CONSOLE_TOKEN>" }, 401);

  app.use("*", async (c, next) => {
    const hosts = options.hosts?.();
    if (!hosts || hosts.includes(c.req.header("host") ?? "")) return next();
    return c.text(`This console answers ${hosts.join(", ")} only (--allowed-host adds a name).`, 421);
  });
  app.use("/api/*", async (c, next) => (authorized(c, options.token) ? next() : refuse(c)));
  for (const pages of ["/", "/environments/*", "/openapi.json"])
    app.use(pages, async (c, next) => (!options.tokenForPages || authorized(c, options.token) ? next() : refuse(c)));

  app.get("/openapi.json", (c) => c.json(openApiDocument()));
  app.get("/", async (c) => c.html(environmentsPage(await options.environments(), options.offline)));
  app.get("/environments/:stack", async (c) => {
    const stack = c.req.param("stack");
    if (!(await options.environments()).some((e) => e.stack === stack)) return c.text(`No environment ${stack}`, 404);
    return c.html(formationPage(stack, await options.formation(stack), options.offline));
  });

  app.get("/api/environments", async (c) => c.json({ offline: options.offline, environments: await options.environments() }));
  app.get("/api/environments/:stack/formation", async (c) => {
    const stack = c.req.param("stack");
    if (!(await options.environments()).some((e) => e.stack === stack)) return c.json({ error: `no environment ${stack}` }, 404);
    const view = await options.formation(stack);
    return c.json(
      view.live
        ? { stack, live: true, planned: false, formation: view.formation }
        : { stack, live: false, planned: true, why: view.why, formation: view.model },
    );
  });

  app.post("/api/actions/:action", async (c) => {
    const name = c.req.param("action");
    const action = ACTIONS[name];
    if (!action) return c.json({ error: `no action ${name}; see /openapi.json` }, 404);
    const body: unknown = await c.req.json().catch(() => undefined);
    const parsed = action.input.safeParse(body);
    const deny = (status: 400 | 403 | 409 | 415, error: string, stack?: string) => {
      options.audit({ who: who(c), action: name, stack, input: body, outcome: "refused", detail: error });
      return c.json({ error }, status);
    };
    // A page of another site may POST here with a proxy's cookie (and so its token): browsers mark such a request
    // (Sec-Fetch-Site), and cannot send JSON across origins without a CORS preflight, which the console never allows.
    const site = c.req.header("sec-fetch-site");
    if (site === "cross-site" || site === "same-site") return deny(403, `refused: a ${site} request (Sec-Fetch-Site)`);
    if (!(c.req.header("content-type") ?? "").startsWith("application/json")) return deny(415, "send the input as Content-Type: application/json");
    if (!parsed.success) return deny(400, `bad input: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`);
    const input = parsed.data;
    const stack = action.stackOf(input);
    const typed = (input as { confirm?: string }).confirm;
    if (action.destructive(input) && typed !== stack)
      return deny(400, `${name} of ${stack} is destructive: type the environment's name back in "confirm"`, stack);
    if (options.offline.length > 0) return deny(409, `offline: ${options.offline.join(" ")}`, stack);
    // Two actions on one stack would race for its stack file and its instances (Pulumi's lock covers only its own up).
    const busy = operations.runningOn(stack);
    if (busy) return deny(409, `${busy.action} runs on ${stack} (operation ${busy.id}): wait for it to end`, stack);
    const operation = operations.start(
      name,
      stack,
      async (print) => {
        let failure: string | undefined;
        const context = options.scriptContext(print, (message) => (failure = message));
        await action.program(context).exitOverride().parseAsync(action.argv(input), { from: "user" });
        if (failure !== undefined) throw new Error(failure);
      },
      (op) =>
        options.audit({
          who: who(c),
          action: name,
          stack,
          input,
          outcome: op.status === "succeeded" ? "succeeded" : "failed",
          detail: op.error,
          operation: op.id,
        }),
    );
    options.audit({ who: who(c), action: name, stack, input, outcome: "started", operation: operation.id });
    return c.json({ operation: operation.id, status: operation.status }, 202);
  });

  app.get("/api/operations/:id", (c) => {
    const operation = operations.get(c.req.param("id"));
    return operation ? c.json(operation) : c.json({ error: "no such operation" }, 404);
  });
  app.get("/api/operations/:id/events", (c) => {
    const operation = operations.get(c.req.param("id"));
    if (!operation) return c.json({ error: "no such operation" }, 404);
    return streamSSE(c, async (stream) => {
      let sent = 0;
      let wake: () => void = () => undefined;
      const stop = operations.watch(operation.id, () => wake());
      try {
        for (;;) {
          while (sent < operation.log.length) await stream.writeSSE({ event: "log", data: operation.log[sent++] });
          if (operation.status !== "running") break;
          await new Promise<void>((resolve) => (wake = resolve));
        }
        await stream.writeSSE({ event: "end", data: JSON.stringify({ status: operation.status, error: operation.error }) });
      } finally {
        stop();
      }
    });
  });
  return { app, operations };
}
