import { ACTION_SCRIPT, actionForms } from "./action-forms";
import type { EnvironmentRow } from "./environments";
import type { FormationView } from "./formation-view";
import { liveFormationSections } from "./live-formation-page";
import { escape } from "./html";

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
.planned{background:#fff3cd;padding:6px}.expired{color:#b00}button[disabled]{color:#777}</style></head><body>${body}</body></html>`;
}

export function environmentsPage(rows: EnvironmentRow[], offline: string[]): string {
  const banner =
    offline.length > 0 ? `<p class="planned">Offline: every environment is as planned from its stack file, not live. ${escape(offline.join(" "))}</p>` : "";
  const cells = rows
    .map((e) => {
      const beta = e.beta ? `${escape(e.beta.release)} at ${e.beta.weight}%` : "";
      const expired = e.expired ? ' <b class="expired">EXPIRED</b>' : "";
      return `<tr><td><a href="/environments/${encodeURIComponent(e.stack)}">${escape(e.stack)}</a>${expired}</td><td>${escape(e.role)}</td>
<td>${escape(e.release ?? "(none)")}</td><td>${beta}</td><td>${escape(e.age ?? "")}</td><td>${escape(e.ttl ?? "")}</td><td>${escape(e.lastUpdate ?? "")}</td><td>${e.source}</td></tr>`;
    })
    .join("");
  return layout(
    "Environments",
    `<h1>Environments</h1>${banner}<table><tr><th>stack</th><th>role</th><th>release</th><th>beta</th><th>age</th><th>TTL</th><th>last update</th><th>source</th></tr>${cells}</table>`,
  );
}

export function formationPage(stack: string, view: FormationView, offline: string[]): string {
  const actions = `<h2>Actions</h2><p><label>Console token <input id="token" type="password" autocomplete="off"></label></p><ul>${actionForms(stack, offline)}</ul><script>${ACTION_SCRIPT}</script>`;
  const top = `<p><a href="/">environments</a></p><h1>${escape(stack)}</h1>`;
  if (view.live) return layout(`${stack}: formation`, `${top}${liveFormationSections(view.formation)}${actions}`);
  const { model } = view;
  if (!model) return layout(`${stack}: formation`, `${top}<p class="planned" id="planned">No formation to show: ${escape(view.why)}.</p>${actions}`);
  const mark = `<p class="planned" id="planned">Planned, not live: evaluated offline from Pulumi.${escape(stack)}.yaml (${escape(view.why)}).</p>`;
  const zoneCells = (zones: string[]) => model.zones.map((z) => `<td>${zones.length === 0 || zones.includes(z) ? "&#9679;" : ""}</td>`).join("");
  const rows = model.nodes
    .filter((n) => n.kind !== "internet")
    .map((n) => `<tr data-kind="${n.kind}"><td>${escape(n.kind)}</td><td>${escape(n.label)}</td><td>${escape(n.row)}</td>${zoneCells(n.zones)}</tr>`)
    .join("");
  const zones = model.zones.map((z) => `<th class="zone">${escape(z)}</th>`).join("");
  return layout(
    `${stack}: formation`,
    `${top}${mark}<p>Region ${escape(model.region)}, VPC ${escape(model.vpcCidrs.join(", "))}, ${model.zones.length} zones.</p>
<table id="formation"><tr><th>kind</th><th>what</th><th>row</th>${zones}</tr>${rows}</table>${actions}`,
  );
}
