// Cases of concern: open ones with category, age and the last monthly
// update; the head of service's update recorded, a concern resolved.

import { h, clear } from "../dom.js";
import { get, send } from "../api.js";
import { dataTable } from "../table.js";
import { form } from "../forms.js";
import { loadDirectory } from "../names.js";
import { currentMonth, daysSince, formatDate, formatMonth, words } from "../format.js";

const CATEGORY = { 1: "Category 1: immediate risk of significant harm", 2: "Category 2: the service is not right for the child's needs" };

function age(raisedOn) {
  const days = daysSince(raisedOn);
  if (days === null) return "";
  if (days < 31) return `${days} day${days === 1 ? "" : "s"}`;
  const months = Math.floor(days / 30.44);
  return months >= 12 ? `${months} months (over a year)` : `${months} month${months === 1 ? "" : "s"}`;
}

export async function render(root, context) {
  const [{ concerns }, directory] = await Promise.all([get("/v1/concerns"), loadDirectory()]);
  const open = concerns.filter((c) => c.status === "open");
  root.append(h("h1", { class: "heading-l" }, "Cases of concern"),
    h("p", { class: "body" }, `${open.length} open. The head of service updates the QA team every month until the concern is resolved.`));
  const work = h("div", { id: "concern-work" });
  root.append(work);
  root.append(dataTable({
    caption: "Open cases of concern", rows: open, searchLabel: "Search concerns", csv: "/v1/concerns?status=open&format=csv",
    filters: [{ label: "Category", all: "Both categories", value: (c) => `Category ${c.category}` }],
    sort: { column: 3, descending: true }, empty: "No open cases of concern.",
    columns: [
      { label: "Child's case reference", value: (c) => c.case_reference },
      { label: "Category", value: (c) => CATEGORY[c.category] ?? `Category ${c.category}` },
      { label: "Raised", nowrap: true, value: (c) => formatDate(c.raised_on), sortValue: (c) => c.raised_on },
      { label: "Open for", value: (c) => age(c.raised_on), sortValue: (c) => daysSince(c.raised_on) },
      { label: "Last monthly update", value: (c) => (c.last_update_month ? formatMonth(c.last_update_month) : "None yet"), sortValue: (c) => c.last_update_month ?? "" },
      ...(context.canWrite ? [{ label: "Change", sortable: false, value: () => "",
        render: (c) => h("div", { class: "button-group" },
          h("button", { class: "button button--secondary button--small", type: "button", onclick: () => openUpdate(work, c, directory) },
            "Record update", h("span", { class: "visually-hidden" }, ` for ${c.case_reference}`)),
          h("button", { class: "button button--secondary button--small", type: "button", onclick: () => openResolve(work, c) },
            "Resolve", h("span", { class: "visually-hidden" }, ` ${c.case_reference}`))) }] : []),
    ],
  }));
  root.append(h("h2", { class: "heading-m" }, "Resolved"), dataTable({
    caption: "Resolved cases of concern", rows: concerns.filter((c) => c.status === "resolved"), searchLabel: "Search resolved concerns",
    csv: "/v1/concerns?status=resolved&format=csv", empty: "None resolved yet.",
    columns: [
      { label: "Child's case reference", value: (c) => c.case_reference },
      { label: "Category", value: (c) => `Category ${c.category}` },
      { label: "Raised", nowrap: true, value: (c) => formatDate(c.raised_on), sortValue: (c) => c.raised_on },
      { label: "Resolved", value: (c) => formatDate(c.resolved_on), sortValue: (c) => c.resolved_on },
      { label: "Status", value: (c) => words(c.status) },
    ],
  }));
}

function panel(work, title) {
  clear(work);
  const section = h("section", { class: "panel panel--form", tabindex: "-1", "aria-labelledby": "concern-heading" },
    h("h2", { class: "heading-m", id: "concern-heading" }, title));
  work.append(section);
  section.focus();
  return section;
}

function openUpdate(work, concern, directory) {
  const heads = directory.staff.filter((s) => s.active && ["head_of_service", "service_manager", "director"].includes(s.role))
    .sort((a, b) => a.name.localeCompare(b.name));
  panel(work, `Monthly update for ${concern.case_reference}`).append(form({
    panel: false,
    fields: [
      { name: "month", label: "Month", type: "month", value: currentMonth(), required: true },
      { name: "note", label: "What the head of service reported", type: "textarea", required: true },
      { name: "recorded_by", label: "Given by", type: "select", options: [["", "Not recorded"], ...heads.map((p) => [p.id, `${p.name} (${words(p.role)})`])] },
    ],
    submit: "Record the update",
    onSubmit: (v) => send("POST", `/v1/concerns/${concern.id}/updates`, {
      month: v.month, note: v.note, ...(v.recorded_by ? { recorded_by: Number(v.recorded_by) } : {}) }),
    onDone: () => window.location.reload(),
  }));
}

function openResolve(work, concern) {
  panel(work, `Resolve the concern about ${concern.case_reference}`).append(
    h("p", { class: "body" }, "Resolve it when the child is safe and a plan is in place with grip. The reminders stop."),
    form({
      panel: false,
      fields: [{ name: "resolved_on", label: "Resolved on (empty: today)", type: "date" }],
      submit: "Resolve the concern",
      onSubmit: (v) => send("POST", `/v1/concerns/${concern.id}/resolve`, v.resolved_on ? { resolved_on: v.resolved_on } : undefined),
      onDone: () => window.location.reload(),
    }));
}
