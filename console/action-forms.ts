import { z } from "zod";
import { ACTIONS } from "./actions";
import { escape } from "./html";

interface Field {
  name: string;
  kind: "text" | "number" | "checkbox";
  required: boolean;
  description?: string;
}

/** An action's input fields, read from its schema: strings as text boxes, numbers as number boxes, booleans as check boxes. */
export function fieldsOf(action: string): Field[] {
  const schema = z.toJSONSchema(ACTIONS[action].input) as { properties?: Record<string, { type?: string; description?: string }>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    kind: property.type === "boolean" ? "checkbox" : property.type === "integer" || property.type === "number" ? "number" : "text",
    required: (schema.required ?? []).includes(name),
    description: property.description,
  }));
}

/** One form per action on a stack's page; the stack is given, the rest is asked. Offline, each is disabled and says why. */
export function actionForms(stack: string, offline: string[]): string {
  const disabled = offline.length > 0 ? ` disabled title="${escape(offline.join(" "))}"` : "";
  const why = offline.length > 0 ? ` <small class="reason">(disabled: ${escape(offline.join(" "))})</small>` : "";
  return Object.entries(ACTIONS)
    .filter(([name]) => !name.startsWith("env-create"))
    .map(([name, action]) => {
      const inputs = fieldsOf(name)
        .map((field) => {
          if (field.name === "stack") return `<input type="hidden" name="stack" value="${escape(stack)}">`;
          const hint = field.description ? ` title="${escape(field.description)}"` : "";
          return field.kind === "checkbox"
            ? `<label${hint}><input type="checkbox" name="${field.name}"> ${field.name}</label>`
            : `<label${hint}>${field.name} <input name="${field.name}"${field.kind === "number" ? ' type="number"' : ""}${field.required ? " required" : ""}></label>`;
        })
        .join(" ");
      return `<li><form class="action" data-action="${name}">${inputs} <button type="submit" data-action="${name}" data-stack="${escape(stack)}"${disabled}>${escape(name)}</button> ${escape(action.summary)}${why} <output class="status"></output><pre class="log" hidden></pre></form></li>`;
    })
    .join("");
}

/**
 * What runs the forms in the browser: each posts its fields to /api/actions/<action> with the token typed at the top
 * of the page, then polls the operation until it ends, showing its log as it grows (the SSE stream needs no polling
 * but cannot send the token).
 */
export const ACTION_SCRIPT = `
for (const form of document.querySelectorAll("form.action")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = form.querySelector("output.status");
    const log = form.querySelector("pre.log");
    const body = {};
    for (const field of form.elements) {
      if (!field.name) continue;
      if (field.type === "checkbox") { if (field.checked) body[field.name] = true; }
      else if (field.value !== "") body[field.name] = field.type === "number" ? Number(field.value) : field.value;
    }
    const headers = { "content-type": "application/json", authorization: "Bearer " + document.getElementById("token").value };
    status.dataset.status = "sent";
    status.textContent = "sent";
    const answer = await fetch("/api/actions/" + form.dataset.action, { method: "POST", headers, body: JSON.stringify(body) });
    const result = await answer.json();
    if (answer.status !== 202) {
      status.dataset.status = "refused";
      status.textContent = "refused: " + result.error;
      return;
    }
    status.dataset.status = "running";
    status.textContent = "running (operation " + result.operation + ")";
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const operation = await (await fetch("/api/operations/" + result.operation, { headers })).json();
      log.hidden = operation.log.length === 0;
      log.textContent = operation.log.join("\\n");
      if (operation.status === "running") continue;
      status.dataset.status = operation.status;
      status.textContent = operation.status + (operation.error ? ": " + operation.error : "");
      break;
    }
  });
}`;
