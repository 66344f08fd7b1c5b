import { z } from "zod";
import { ACTIONS } from "./actions";

const json = (schema: unknown) => ({ "application/json": { schema } });
const error = { description: "The reason, in `error`.", content: json({ type: "object", properties: { error: { type: "string" } } }) };
const stackParameter = { name: "stack", in: "path", required: true, schema: { type: "string" } };
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string" } };

/** Paths the app serves, in OpenAPI's template form; a test holds them against the app's routes. */
export function openApiDocument() {
  const actions = Object.fromEntries(
    Object.entries(ACTIONS).map(([name, action]) => [
      `/api/actions/${name}`,
      {
        post: {
          operationId: name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
          summary: action.summary,
          requestBody: { required: true, content: json(z.toJSONSchema(action.input)) },
          responses: {
            202: {
              description: "Started; follow the operation.",
              content: json({ type: "object", properties: { operation: { type: "string" }, status: { type: "string" } } }),
            },
            400: { ...error, description: "Bad input, or a destructive action without the name typed back; nothing ran." },
            401: error,
            403: { ...error, description: "A cross-site request (Sec-Fetch-Site): nothing ran." },
            409: { ...error, description: "Offline (no Pulumi CLI or no credentials), or an action already runs on the stack: nothing ran." },
            415: { ...error, description: "The input is not Content-Type: application/json: nothing ran." },
          },
        },
      },
    ]),
  );
  return {
    openapi: "3.1.0",
    info: { title: "platform console", version: "1" },
    components: { securitySchemes: { token: { type: "http", scheme: "bearer", description: "The CONSOLE_TOKEN the console was started with." } } },
    security: [{ token: [] }],
    paths: {
      "/api/environments": {
        get: {
          operationId: "listEnvironments",
          summary: "Environments with role, release, beta, age, TTL, last update.",
          responses: { 200: { description: "The environments." }, 401: error },
        },
      },
      "/api/environments/{stack}/formation": {
        get: {
          operationId: "formation",
          summary: "An environment's formation: live from AWS, or `planned` (from its stack file) with `why` when offline or when the live read fails.",
          parameters: [stackParameter],
          responses: { 200: { description: "The formation." }, 401: error, 404: error },
        },
      },
      "/api/operations/{id}": {
        get: {
          operationId: "operation",
          summary: "A long action's status and log.",
          parameters: [idParameter],
          responses: { 200: { description: "The operation." }, 401: error, 404: error },
        },
      },
      "/api/operations/{id}/events": {
        get: {
          operationId: "operationEvents",
          summary: "A long action's log as server-sent events (log, then end).",
          parameters: [idParameter],
          responses: { 200: { description: "text/event-stream" }, 401: error, 404: error },
        },
      },
      ...actions,
    },
  };
}
