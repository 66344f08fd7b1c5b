import { formatAge } from "../scripts/durations";
import type { LiveFormation } from "../scripts/fleet/formation-plan";
import { escape } from "./html";

const age = (seconds?: number) => (seconds === undefined ? "?" : formatAge(seconds * 1000));

/** The live formation's sections: each group behind its target groups, the data tier, the queues, the open alarms. */
export function liveFormationSections(f: LiveFormation): string {
  const groups = f.groups
    .map((g) => {
      const rows = g.instances
        .map((i) => {
          const targets = i.targets.map(
            (t) => `${escape(t.targetGroup)}: <b class="target-${escape(t.state)}">${escape(t.state)}</b>${t.reason ? ` (${escape(t.reason)})` : ""}`,
          );
          return `<tr data-instance="${escape(i.instanceId)}"><td>${escape(i.instanceId)}</td><td>${escape(i.zone)}</td><td>${escape(i.lifecycleState)} / ${escape(i.healthStatus)}</td>
<td>${targets.join("<br>") || "-"}</td><td>${escape(i.release ?? "unknown")}</td><td>${age(i.ageSeconds)}</td><td><code class="session">${escape(i.sessionCommand)}</code></td></tr>`;
        })
        .join("");
      return `<h3 data-group="${escape(g.part)}">${escape(g.groupName)} behind ${escape(g.targetGroups.join(", ") || "no target group")}: min ${g.min}, desired ${g.desired}, max ${g.max}</h3>
<table class="instances"><tr><th>instance</th><th>zone</th><th>lifecycle / health</th><th>target health</th><th>release</th><th>age</th><th>Session Manager (logged)</th></tr>${rows}</table>`;
    })
    .join("");
  const data = (
    [
      ["database", f.database],
      ["cache", f.cache],
    ] as const
  )
    .map(([what, d]) => {
      const members = d.members
        .map((m) => `<tr><td>${escape(m.id)}</td><td>${escape(m.role)}</td><td>${escape(m.zone ?? "?")}</td><td>${escape(m.status ?? "")}</td></tr>`)
        .join("");
      return `<h3>${what} ${escape(d.id)}: ${escape(d.status)}</h3><table class="${what}"><tr><th>member</th><th>role</th><th>zone</th><th>status</th></tr>${members}</table>`;
    })
    .join("");
  const queues = f.queues
    .map((q) => {
      const oldest = q.depth.oldestAgeSeconds === undefined ? "no datapoint" : `${q.depth.oldestAgeSeconds} s`;
      return `<tr><td>${escape(q.name)}</td><td>${q.depth.visible}</td><td>${q.depth.inFlight}</td><td>${oldest}</td><td>${q.deadLetter.visible}</td></tr>`;
    })
    .join("");
  const alarms =
    f.openAlarms.length === 0
      ? `<p id="alarms">No alarm in ALARM.</p>`
      : `<table id="alarms"><tr><th>alarm</th><th>since</th><th>reason</th></tr>${f.openAlarms
          .map((a) => `<tr class="alarm"><td>${escape(a.name)}</td><td>${escape(a.since ?? "?")}</td><td>${escape(a.reason)}</td></tr>`)
          .join("")}</table>`;
  return `<p id="live">Live from AWS at ${escape(f.observedAt)}: <a href="${escape(f.url)}">${escape(f.url)}</a> (load balancer ${escape(f.loadBalancerDnsName)}), zones ${escape(f.zones.join(", "))}.</p>
<p>Sessions: the command beside each instance starts a session with <code>${escape(f.sessionDocumentName)}</code>, which logs every command to this environment's session log. The <a id="session-console" href="${escape(f.sessionConsoleUrl)}">Systems Manager console's Start session page</a> starts <strong>unlogged</strong> sessions: the console always uses the account's default preferences (SSM-SessionManagerRunShell), which this environment does not own.</p>
<h2>Groups</h2>${groups}<h2>Data</h2>${data}<h2>Queues</h2><table id="queues"><tr><th>queue</th><th>waiting</th><th>in flight</th><th>oldest</th><th>dead letters</th></tr>${queues}</table>
<h2>Open alarms</h2>${alarms}`;
}
