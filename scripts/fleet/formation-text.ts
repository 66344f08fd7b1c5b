import { formatAge } from "../durations";
import type { LiveFormation, LiveInstance } from "./formation-plan";

const targetText = (instance: LiveInstance) => instance.targets.map((t) => `${t.targetGroup}:${t.state}${t.reason ? ` (${t.reason})` : ""}`).join(" ") || "-";

/** The live formation as lines for a terminal: groups and their instances, data, queues, open alarms. */
export function formationLines(formation: LiveFormation): string[] {
  const lines = [`${formation.stack} in ${formation.region} at ${formation.observedAt}: ${formation.url} (${formation.loadBalancerDnsName})`];
  for (const group of formation.groups) {
    lines.push(`${group.groupName}: min ${group.min}, desired ${group.desired}, max ${group.max}, ${group.instances.length} instance(s)`);
    for (const i of group.instances) {
      const age = i.ageSeconds === undefined ? "?" : formatAge(i.ageSeconds * 1000);
      lines.push(`  ${i.instanceId}  ${i.zone}  ${i.lifecycleState}/${i.healthStatus}  ${targetText(i)}  release ${i.release ?? "unknown"}  age ${age}`);
      lines.push(`    ${i.sessionCommand}`);
    }
  }
  for (const [what, data] of [
    ["database", formation.database],
    ["cache", formation.cache],
  ] as const) {
    lines.push(`${what} ${data.id}: ${data.status}`);
    for (const m of data.members) lines.push(`  ${m.id}  ${m.role}  ${m.zone ?? "?"}  ${m.status ?? ""}`.trimEnd());
  }
  for (const q of formation.queues) {
    const age = q.depth.oldestAgeSeconds === undefined ? "no datapoint" : `${q.depth.oldestAgeSeconds} s`;
    lines.push(`queue ${q.name}: ${q.depth.visible} waiting, ${q.depth.inFlight} in flight, oldest ${age}; dead letters ${q.deadLetter.visible}`);
  }
  lines.push(formation.openAlarms.length === 0 ? "no alarm in ALARM" : `${formation.openAlarms.length} alarm(s) in ALARM:`);
  for (const a of formation.openAlarms) lines.push(`  ${a.name} since ${a.since ?? "?"}: ${a.reason}`);
  return lines;
}
