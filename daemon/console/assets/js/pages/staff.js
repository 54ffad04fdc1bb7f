// Staff and rotas: the staff table (cadence, parity, capacity, quota,
// access level, active); a person's rota, capacity and quota changed in
// place; exemptions by month, added (single-month ones with the authorising
// director) and removed; the staff CSV import in two steps.

import { h, clear } from "../dom.js";
import { get, send } from "../api.js";
import { dataTable } from "../table.js";
import { form } from "../forms.js";
import { csvImport } from "../csv_import.js";
import { loadDirectory } from "../names.js";
import { currentMonth, formatMonth, rota, words, yesNo, plural } from "../format.js";

const ACCESS = { coordinator: "Coordinator", viewer: "Viewer", none: "None" };
const accessWords = (level) => ACCESS[level] ?? words(level);

export async function render(root, context) {
  const month = new URLSearchParams(window.location.search).get("month") ?? currentMonth();
  const [directory, exemptions] = await Promise.all([loadDirectory(), get(`/v1/exemptions?month=${month}`)]);
  root.append(h("h1", { class: "heading-l" }, "Staff and rotas"));
  const editor = h("div", { id: "staff-editor" });
  root.append(editor);
  root.append(dataTable({
    caption: "Staff",
    rows: directory.staff,
    searchLabel: "Search staff",
    csv: "/v1/staff?format=csv",
    filters: [
      { label: "Team", all: "All teams", value: (s) => directory.teamName(s.team_id, s.team_name) },
      { label: "Auditor", all: "Auditors and others", value: (s) => (s.auditor ? "Auditors" : "Not auditors") },
      { label: "Active", all: "Active and inactive", value: (s) => (s.active ? "Active" : "Inactive") },
    ],
    sort: { column: 0 },
    columns: [
      { label: "Name", value: (s) => s.name },
      { label: "Role", value: (s) => words(s.role) },
      { label: "Team", value: (s) => directory.teamName(s.team_id, s.team_name) },
      { label: "Audit rota", value: (s) => (s.auditor ? rota(s.audit_rota) : "Not an auditor") },
      { label: "Audit quota", value: (s) => (!s.auditor ? "" : s.audit_quota === null ? "1" : String(s.audit_quota)), numeric: true },
      { label: "Moderation capacity", value: (s) => s.moderator_capacity, numeric: true },
      ...(directory.staff.some((s) => "console_access" in s)
        ? [{ label: "Console access", value: (s) => accessWords(s.console_access) }] : []),
      { label: "Active", value: (s) => yesNo(s.active) },
      ...(context.canWrite ? [{ label: "Change", sortable: false, value: () => "",
        render: (s) => h("button", { class: "button button--secondary button--small", type: "button", onclick: () => editStaff(editor, s) },
          "Change", h("span", { class: "visually-hidden" }, ` ${s.name}'s rota or capacity`)) }] : []),
    ],
  }));

  root.append(h("h2", { class: "heading-m", id: "exemptions" }, `Exemptions in ${formatMonth(month)}`));
  const exemptionRows = exemptions.exemptions;
  root.append(dataTable({
    caption: `Exemptions covering ${formatMonth(month)}`,
    rows: exemptionRows,
    searchLabel: "Search exemptions",
    csv: `/v1/exemptions?month=${month}&format=csv`,
    empty: "Nobody is exempt this month.",
    columns: [
      { label: "Person", value: (e) => directory.personName(e.staff_id, e.staff_name) },
      { label: "Kind", value: (e) => words(e.kind) },
      { label: "From", value: (e) => formatMonth(e.first_month), sortValue: (e) => e.first_month },
      { label: "To", value: (e) => (e.last_month ? formatMonth(e.last_month) : "Until further notice"), sortValue: (e) => e.last_month ?? "9999" },
      { label: "Reason", value: (e) => e.reason },
      { label: "Authorised by", value: (e) => (e.authorised_by ? directory.personName(e.authorised_by, e.authorised_by_name) : "") },
      ...(context.canWrite ? [{ label: "Remove", sortable: false, value: () => "",
        render: (e) => h("button", { class: "button button--warning button--small", type: "button",
          onclick: async () => { await send("DELETE", `/v1/exemptions/${e.id}`); window.location.reload(); } },
        "Remove", h("span", { class: "visually-hidden" }, ` ${directory.personName(e.staff_id, e.staff_name)}'s exemption`)) }] : []),
    ],
  }));
  if (context.canWrite) {
    root.append(exemptionForm(directory, month), h("h2", { class: "heading-m" }, "Import the staff list"),
      csvImport({
        title: "Staff list (CSV)",
        route: "/v1/staff/import",
        hint: "Columns: email (required), name, role, fte, team (its name), line_manager (an email), auditor, audit_cadence, audit_parity, audit_quota, moderator_capacity, active. You see every row's result before anything is written.",
        onImported: () => window.setTimeout(() => window.location.reload(), 1500),
      }));
  }
}

function editStaff(editor, person) {
  clear(editor);
  const panel = h("section", { class: "panel panel--form", tabindex: "-1", "aria-labelledby": "edit-heading" },
    h("h2", { class: "heading-m", id: "edit-heading" }, `Change ${person.name}'s rota and capacity`));
  panel.append(form({
    panel: false,
    fields: [
      { name: "auditor", label: "Audits case files", type: "checkbox", value: person.auditor },
      { name: "audit_cadence", label: "Audits", type: "select", value: person.audit_rota.cadence, apiFields: ["audit_rota", "audit_rota.cadence"],
        options: [["monthly", "Every month"], ["bimonthly", "Every other month"]] },
      { name: "audit_parity", label: "Audit months (when every other month)", type: "select", value: person.audit_rota.parity, apiFields: ["audit_rota.parity"],
        options: [["odd", "Odd months (January, March ...)"], ["even", "Even months (February, April ...)"]] },
      { name: "audit_quota", label: "Audits a month (leave empty for the usual one)", type: "number", short: true, min: 0, value: person.audit_quota ?? "" },
      { name: "moderator_capacity", label: "Moderation capacity (audits a month)", type: "number", short: true, min: 0, value: person.moderator_capacity },
      { name: "moderation_cadence", label: "Moderates", type: "select", value: person.moderation_rota.cadence, apiFields: ["moderation_rota", "moderation_rota.cadence"],
        options: [["monthly", "Every month"], ["bimonthly", "Every other month"]] },
      { name: "moderation_parity", label: "Moderation months (when every other month)", type: "select", value: person.moderation_rota.parity, apiFields: ["moderation_rota.parity"],
        options: [["odd", "Odd months"], ["even", "Even months"]] },
      { name: "active", label: "Active", type: "checkbox", value: person.active },
      { name: "access", label: "Console access", type: "select", value: person.console_access ?? "",
        options: [...("console_access" in person ? [] : [["", "Leave as it is"]]),
          ["coordinator", "Coordinator: runs the programme"], ["viewer", "Viewer: reads everything, changes nothing"],
          ["none", "None: their own items only"]] },
    ],
    submit: "Save the changes",
    secondary: h("button", { class: "button button--secondary", type: "button", onclick: () => clear(editor) }, "Cancel"),
    onSubmit: async (v) => {
      if (v.access && v.access !== person.console_access) {
        await send("PUT", `/v1/staff/${person.id}/access`, { access: v.access });
      }
      return send("PATCH", `/v1/staff/${person.id}`, {
      auditor: v.auditor,
      audit_rota: { cadence: v.audit_cadence, parity: v.audit_parity },
      audit_quota: v.audit_quota === "" ? null : numberOrText(v.audit_quota),
      moderator_capacity: numberOrText(v.moderator_capacity),
      moderation_rota: { cadence: v.moderation_cadence, parity: v.moderation_parity },
      active: v.active,
      });
    },
    onDone: () => window.location.reload(),
  }));
  editor.append(panel);
  panel.focus();
}

// A number when the text is one, else the text, so the API names the field
// and the rule ("moderator_capacity: expected a whole number").
function numberOrText(text) {
  return /^-?\d+(\.\d+)?$/.test(String(text).trim()) ? Number(text) : text;
}

function exemptionForm(directory, month) {
  const people = directory.staff.filter((s) => s.active).sort((a, b) => a.name.localeCompare(b.name));
  const directors = directory.staff.filter((s) => s.role === "director" && s.active);
  return h("div", {}, h("h2", { class: "heading-m" }, "Add an exemption"),
    form({
      legend: null,
      fields: [
        { name: "staff_id", label: "Person", type: "select", required: true, options: [["", "Choose a person"], ...people.map((p) => [p.id, p.name])] },
        { name: "kind", label: "Kind", type: "select", value: "single_month", options: [["single_month", words("single_month")],
          ["maternity_leave", words("maternity_leave")], ["extended_leave", words("extended_leave")],
          ["moderating", words("moderating")], ["secondment", words("secondment")]] },
        { name: "first_month", label: "First month", type: "month", value: month, required: true, hint: "For example 2027-01" },
        { name: "last_month", label: "Last month (empty: one month for a single-month exemption, else until further notice)", type: "month" },
        { name: "reason", label: "Reason", type: "text", required: true },
        { name: "authorised_by", label: "Authorised by (a director; needed for a single-month exemption)", type: "select",
          options: [["", "Nobody"], ...directors.map((d) => [d.id, d.name])] },
      ],
      submit: "Add the exemption",
      onSubmit: (v) => send("POST", "/v1/exemptions", {
        staff_id: Number(v.staff_id), kind: v.kind, first_month: v.first_month, reason: v.reason,
        ...(v.last_month ? { last_month: v.last_month } : {}),
        ...(v.authorised_by ? { authorised_by: Number(v.authorised_by) } : {}),
      }),
      onDone: (result) => {
        const withdrawn = result.withdrawn ?? [];
        const note = withdrawn.length > 0 ? ` ${plural(withdrawn.length, "audit was", "audits were")} withdrawn: ${withdrawn.map((w) => w.explanation).join(" ")}` : "";
        window.sessionStorage.setItem("caseaudit.notice", `Exemption added.${note}`);
        window.location.reload();
      },
    }));
}
