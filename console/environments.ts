import { environmentAge, formatAge } from "../scripts/durations";
import { readReleaseConfig } from "../scripts/rollout/beta-rollout";
import type { PlatformWorkspace } from "../scripts/pulumi/workspace";
import { plannedEvaluation, stackFiles } from "./planned";

export interface EnvironmentRow {
  stack: string;
  role: string;
  release?: string;
  beta?: { release: string; weight: number };
  age?: string;
  ttl?: string;
  lastUpdate?: string;
  expired: boolean;
  /** planned: from the stack file, evaluated offline; live: from the Pulumi backend. */
  source: "planned" | "live";
}

/** Every stack file's environment as its file plans it (offline: nothing is deployed). */
export async function plannedEnvironments(): Promise<EnvironmentRow[]> {
  const rows: EnvironmentRow[] = [];
  for (const stack of stackFiles()) {
    const { role, config } = await plannedEvaluation(stack);
    const release = "release" in config ? config.release : undefined;
    const beta = "beta" in config && config.beta ? { release: config.beta.release, weight: config.beta.weight } : undefined;
    rows.push({ stack, role, release, beta, ttl: config.tags.ttl, expired: false, source: "planned" });
  }
  return rows;
}

/** The backend's stacks with their release config, tags (age, TTL) and last update. */
export async function liveEnvironments(workspace: PlatformWorkspace, now: Date): Promise<EnvironmentRow[]> {
  const rows: EnvironmentRow[] = [];
  for (const { name, lastUpdate } of await workspace.listStacks()) {
    const tags = await workspace.listTags(name);
    const { ageMs, expired } = environmentAge(tags, now);
    const release = await readReleaseConfig(workspace, name);
    const role = (await workspace.getConfig(name, "platform:role")) ?? name.split("/").pop() ?? name;
    rows.push({
      stack: name,
      role,
      release: release.release,
      beta: release.beta && { release: release.beta.release, weight: release.beta.weight },
      age: ageMs === undefined ? undefined : formatAge(ageMs),
      ttl: tags.ttl,
      lastUpdate,
      expired,
      source: "live",
    });
  }
  return rows;
}
