// Teams and services: each with its managers by name; a team's manager
// changed, a team or a service added.

import { h, clear } from "../dom.js";
import { send } from "../api.js";
import { dataTable } from "../table.js";
import { form } from "../forms.js";
import { loadDirectory } from "../names.js";

export async function render(root, context) {
  const directory = await loadDirectory();
  const people = directory.staff.filter((s) => s.active).sort((a, b) => a.name.localeCompare(b.name));
  const personOptions = [["", "Nobody"], ...people.map((p) => [p.id, p.name])];
  const editor = h("div", { id: "team-editor" });
  root.append(h("h1", { class: "heading-l" }, "Teams and services"), editor);
  root.append(dataTable({
    caption: "Teams", rows: directory.teams, searchLabel: "Search teams", csv: "/v1/teams?format=csv", sort: { column: 0 },
    filters: [{ label: "Service", all: "All services", value: (t) => directory.serviceName(t.service_id, t.service_name) }],
    columns: [
      { label: "Team", value: (t) => t.name },
      { label: "Service", value: (t) => directory.serviceName(t.service_id, t.service_name) },
      { label: "Team manager", value: (t) => directory.personName(t.team_manager_id, t.team_manager_name) || "None on record" },
      { label: "Staff", value: (t) => directory.staff.filter((s) => s.team_id === t.id && s.active).length, numeric: true },
      ...(context.canWrite ? [{ label: "Change", sortable: false, value: () => "",
        render: (t) => h("button", { class: "button button--secondary button--small", type: "button", onclick: () => editTeam(editor, t, personOptions) },
          "Change", h("span", { class: "visually-hidden" }, ` ${t.name}`)) }] : []),
    ],
  }));
  root.append(h("h2", { class: "heading-m" }, "Services"), dataTable({
    caption: "Services", rows: directory.services, searchLabel: "Search services", csv: "/v1/services?format=csv",
    columns: [
      { label: "Service", value: (s) => s.name },
      { label: "Service manager", value: (s) => directory.personName(s.service_manager_id, s.service_manager_name) },
      { label: "Head of service", value: (s) => directory.personName(s.head_of_service_id, s.head_of_service_name) },
      { label: "Director", value: (s) => directory.personName(s.director_id, s.director_name) },
      { label: "Teams", value: (s) => directory.teams.filter((t) => t.service_id === s.id).length, numeric: true },
    ],
  }));
  if (context.canWrite) {
    root.append(h("h2", { class: "heading-m" }, "Add a team"), form({
      fields: [
        { name: "name", label: "Team name", required: true },
        { name: "service_id", label: "Service", type: "select", required: true,
          options: [["", "Choose a service"], ...directory.services.map((s) => [s.id, s.name])] },
        { name: "team_manager_id", label: "Team manager", type: "select", options: personOptions },
      ],
      submit: "Add the team",
      onSubmit: (v) => send("POST", "/v1/teams", { name: v.name, service_id: Number(v.service_id),
        ...(v.team_manager_id ? { team_manager_id: Number(v.team_manager_id) } : {}) }),
      onDone: () => window.location.reload(),
    }));
  }
}

function editTeam(editor, team, personOptions) {
  clear(editor);
  const panel = h("section", { class: "panel panel--form", tabindex: "-1", "aria-labelledby": "team-heading" },
    h("h2", { class: "heading-m", id: "team-heading" }, `Change ${team.name}`));
  panel.append(form({
    panel: false,
    fields: [
      { name: "name", label: "Team name", value: team.name, required: true },
      { name: "team_manager_id", label: "Team manager", type: "select", value: team.team_manager_id ?? "", options: personOptions },
    ],
    submit: "Save the changes",
    secondary: h("button", { class: "button button--secondary", type: "button", onclick: () => clear(editor) }, "Cancel"),
    onSubmit: (v) => send("PATCH", `/v1/teams/${team.id}`, { name: v.name, team_manager_id: v.team_manager_id ? Number(v.team_manager_id) : null }),
    onDone: () => window.location.reload(),
  }));
  editor.append(panel);
  panel.focus();
}
