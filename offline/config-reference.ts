import { z } from "zod";
import { ROLE_DEFAULTS } from "../config/defaults";
import { ROLES, type Role } from "../config/roles";
import { ROLE_SCHEMAS } from "../config/schema";

/** What a JSON Schema (draft 2020-12, as zod's toJSONSchema writes it) says of one value. */
interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  /** Rules zod checks in a refine, which JSON Schema cannot say: their messages. */
  "x-rules"?: string[];
}

/** One key or nested field as one role's schema sees it. */
interface Field {
  key: string;
  /** The top-level config key it belongs to, e.g. platform:web. */
  section: string;
  /** Inside a list item: its default is the list's. */
  inList: boolean;
  required: boolean;
  schema: JsonSchema;
}

const UNSET = "unset";
const NOT_ACCEPTED = "n/a";
// loadConfig fills platform:role from the stack's name when the stack file does not set it.
const FILLED_BY_LOADER: Record<string, string> = { "platform:role": "the stack name" };
// toJSONSchema gives an integer without an upper bound this maximum.
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A zod check's own message, when it has a fixed one (refine(fn, "message")). */
function fixedMessage(check: unknown): string | undefined {
  const def = (check as { _zod?: { def?: { check?: string; error?: (issue: object) => unknown } } })._zod?.def;
  if (def?.check !== "custom" || typeof def.error !== "function") return undefined;
  const message = def.error({});
  return typeof message === "string" ? message.replace(/^expected /, "") : undefined;
}

function toJsonSchema(role: Role): JsonSchema {
  return z.toJSONSchema(ROLE_SCHEMAS[role], {
    io: "input",
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => {
      const checks = (zodSchema as unknown as { _zod: { def: { checks?: unknown[] } } })._zod.def.checks ?? [];
      const json = jsonSchema as JsonSchema;
      // A refine over an enum narrows it (per role): list the values that pass instead of its message.
      if (json.enum && checks.length > 0) json.enum = json.enum.filter((value) => z.safeParse(zodSchema, value).success);
      const rules = json.enum ? [] : checks.map(fixedMessage).filter((m): m is string => m !== undefined);
      if (rules.length > 0) json["x-rules"] = rules;
    },
  }) as JsonSchema;
}

function flatten(schema: JsonSchema, prefix: string, section: string, inList: boolean, required: boolean, out: Field[]): void {
  out.push({ key: prefix, section, inList, required, schema });
  if (schema.type === "object" && schema.properties) {
    for (const [name, child] of Object.entries(schema.properties)) {
      flatten(child, `${prefix}.${name}`, section, inList, (schema.required ?? []).includes(name), out);
    }
  }
  if (schema.type === "array" && schema.items?.type === "object") flatten(schema.items, `${prefix}[]`, section, true, true, out);
}

function fieldsOf(role: Role): Field[] {
  const root = toJsonSchema(role);
  const out: Field[] = [];
  for (const [key, schema] of Object.entries(root.properties ?? {})) flatten(schema, key, key, false, (root.required ?? []).includes(key), out);
  return out;
}

function code(text: string): string {
  const escaped = text.replace(/\|/g, "\\|");
  return escaped.includes("`") ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return code("[]");
    return value.map((item) => (typeof item === "object" ? code(JSON.stringify(item)) : code(String(item)))).join(", ");
  }
  return typeof value === "object" ? code(JSON.stringify(value)) : code(String(value));
}

function range(low: string | undefined, high: string | undefined): string | undefined {
  if (low !== undefined && high !== undefined) return `${low} to ${high}`;
  if (low !== undefined) return low.startsWith(">") ? low : `at least ${low}`;
  return high === undefined ? undefined : `at most ${high}`;
}

/** Type and allowed values of a field, in words. */
function allowed(schema: JsonSchema): string {
  const parts: string[] = [];
  if (schema.enum) parts.push(`one of ${schema.enum.map((v) => code(String(v))).join(", ")}`);
  else if (schema.const !== undefined) parts.push(code(String(schema.const)));
  else if (schema.type === "array") {
    const items =
      schema.items?.type === "object" ? "objects" : schema.items ? allowed(schema.items).replace(/^(string|integer|number|boolean)/, "$1s") : "values";
    const count = range(schema.minItems?.toString(), schema.maxItems?.toString());
    parts.push(`list of ${items}${count ? ` (${count} item${count === "at least 1" ? "" : "s"})` : ""}`);
  } else if (schema.type) {
    parts.push(schema.type);
    const high = schema.maximum !== undefined && schema.maximum < MAX_SAFE ? String(schema.maximum) : undefined;
    const low =
      schema.exclusiveMinimum !== undefined
        ? `> ${schema.exclusiveMinimum}`
        : schema.minimum !== undefined && schema.minimum > -MAX_SAFE
          ? String(schema.minimum)
          : undefined;
    const values = range(low, high);
    if (values) parts.push(values);
    const length = range(schema.minLength?.toString(), schema.maxLength?.toString());
    if (length) parts.push(`${length} characters`);
    if (schema.pattern) parts.push(`matching ${code(schema.pattern)}`);
  }
  for (const rule of schema["x-rules"] ?? []) parts.push(prose(rule));
  return parts.join(", ") || "any";
}

function valueAt(values: unknown, key: string): unknown {
  const [top, ...rest] = key.split(".");
  let value = (values as Record<string, unknown>)[top];
  for (const name of rest) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** What a role's stack gets for a field when its stack file says nothing. */
function defaultFor(role: Role, field: Field | undefined, parentUnset: boolean): string {
  if (!field) return NOT_ACCEPTED;
  // Inside an unset object or a list item, a field's own default still applies once the parent is given.
  if (field.inList || parentUnset) return field.schema.default === undefined ? "—" : formatValue(field.schema.default);
  if (FILLED_BY_LOADER[field.key]) return FILLED_BY_LOADER[field.key];
  const value = valueAt(ROLE_DEFAULTS[role], field.key) ?? field.schema.default;
  if (value === undefined) return field.required ? "**required**" : UNSET;
  return typeof value === "object" && !Array.isArray(value) ? "" : formatValue(value);
}

/** A text per role, said once for the roles that agree: `dev, load-test: ...; prod: ...`. */
function perRole(byRole: Map<Role, Field>, text: (field: Field) => string): string {
  const groups = new Map<string, Role[]>();
  for (const [role, field] of byRole) groups.set(text(field), [...(groups.get(text(field)) ?? []), role]);
  if (groups.size === 1) return [...groups.keys()][0];
  return [...groups].map(([said, roles]) => `${roles.join(", ")}: ${said}`).join("; ");
}

/** Prose in a table cell: no line breaks, no pipes, and <placeholders> shown rather than read as HTML. */
const prose = (text: string) => text.replace(/\n/g, " ").replace(/\|/g, "\\|").replace(/</g, "&lt;");

/**
 * The configuration reference as Markdown: every key and nested field of every role's schema, its
 * type and allowed values, each role's default (config/defaults.ts) and its description. Throws,
 * naming them, when a field has no description.
 */
export function renderConfigReference(): string {
  const fieldsByRole = Object.fromEntries(ROLES.map((role) => [role, new Map(fieldsOf(role).map((f) => [f.key, f]))])) as Record<Role, Map<string, Field>>;
  const keys: string[] = [];
  for (const role of ["dev", "prod", "load-test", "shared"] as const) {
    for (const key of fieldsByRole[role].keys()) if (!keys.includes(key)) keys.push(key);
  }
  const isObject = (key: string) => keys.some((k) => k.startsWith(`${key}.`));
  const sections = [
    { title: "Single-value keys", keys: keys.filter((k) => !k.includes(".") && !isObject(k)), top: "" },
    ...keys
      .filter((k) => !k.includes(".") && isObject(k))
      .map((top) => ({ title: code(top), keys: keys.filter((k) => k === top || k.startsWith(`${top}.`)), top })),
  ];
  const undocumented: string[] = [];
  const lines = [
    "# Configuration reference",
    "",
    "<!-- Generated by `npm run docs` from the zod schemas in config/ and the role defaults in config/defaults.ts. Do not edit. -->",
    "",
    "Every key a stack file may set, per role. A stack file states only what differs from its role's default: objects",
    "merge key by key over the default, lists and other values replace it. Every value is validated before the first",
    "resource is declared; a bad one stops the program with one message listing every problem. Besides the rules below,",
    "some checks span keys (named in the descriptions).",
    "",
    `In the role columns: **required** means the stack file must set it; ${UNSET} means no value unless the stack file`,
    `gives one; ${NOT_ACCEPTED} means the role's schema refuses the key; — means the value comes with its parent (an item of`,
    "a list, or a field of an object that is unset); a value under an unset object applies once the object is given.",
    "",
  ];
  for (const section of sections) {
    lines.push(
      `## ${section.title}`,
      "",
      `| key | type and allowed values | ${ROLES.join(" | ")} | description |`,
      `| --- | --- | ${ROLES.map(() => "---").join(" | ")} | --- |`,
    );
    for (const key of section.keys) {
      const byRole = new Map(
        ROLES.flatMap((role) => fieldsByRole[role].get(key))
          .map((field, i) => [ROLES[i], field] as const)
          .filter((e): e is readonly [Role, Field] => e[1] !== undefined),
      );
      if ([...byRole.values()].some((field) => !field.schema.description)) undocumented.push(key);
      const ancestors = key
        .split(".")
        .map((_, i, parts) => parts.slice(0, i + 1).join("."))
        .slice(0, -1);
      const defaults = ROLES.map((role) => {
        const parentUnset = ancestors.some((a) => !a.endsWith("[]") && valueAt(ROLE_DEFAULTS[role], a) === undefined);
        return defaultFor(role, byRole.get(role), parentUnset);
      });
      const name = key === section.top || section.top === "" ? code(key) : code(key.slice(section.top.length));
      lines.push(
        `| ${name} | ${perRole(byRole, (field) => allowed(field.schema))} | ${defaults.join(" | ")} | ${perRole(byRole, (field) => prose(field.schema.description ?? ""))} |`,
      );
    }
    lines.push("");
  }
  if (undocumented.length > 0) throw new Error(`config fields without a description (add .describe() in the schema): ${undocumented.join(", ")}`);
  return lines.join("\n");
}
