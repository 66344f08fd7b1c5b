import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";

export const PROJECT_DIR = path.resolve(__dirname, "..");

export interface ProjectFile {
  name: string;
  /** Values and defaults the project file gives its config keys. */
  config: Record<string, unknown>;
}

export interface StackFile {
  config: Record<string, unknown>;
  /** Keys whose values are encrypted secrets, which cannot be read offline. */
  secretKeys: string[];
}

export function readProjectFile(projectDir = PROJECT_DIR): ProjectFile {
  const doc = parse(readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { name: string; config?: Record<string, unknown> };
  const config: Record<string, unknown> = {};
  for (const [key, declaration] of Object.entries(doc.config ?? {})) {
    const declared = declaration as { value?: unknown; default?: unknown } | null;
    const value = declared && typeof declared === "object" ? (declared.value ?? declared.default) : declaration;
    if (value !== undefined) config[key.includes(":") ? key : `${doc.name}:${key}`] = value;
  }
  return { name: doc.name, config };
}

export function stackFilePath(stack: string, projectDir = PROJECT_DIR): string {
  return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

export function readStackFile(stack: string, projectDir = PROJECT_DIR): StackFile {
  const file = stackFilePath(stack, projectDir);
  if (!existsSync(file)) throw new Error(`No stack file ${path.basename(file)} in ${projectDir}`);
  const doc = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const config: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    if (value && typeof value === "object" && "secure" in value) {
      secretKeys.push(key);
      config[key] = "offline-placeholder-secret";
    } else {
      config[key] = value;
    }
  }
  return { config, secretKeys };
}

/** Config as the engine hands it to a program: every value a string, structured ones as JSON. */
export function toEngineConfig(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

/** The `config:` of a YAML file laid over a stack's own, e.g. a documented example under examples/. */
export function readConfigFile(file: string): Record<string, unknown> {
  const doc = (parse(readFileSync(path.resolve(PROJECT_DIR, file), "utf8")) ?? {}) as { config?: Record<string, unknown> };
  return doc.config ?? {};
}
