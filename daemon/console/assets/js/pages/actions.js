// Actions: the new due dates owners proposed from their emails, each
// accepted or declined here; every open action, overdue first and by team,
// each completed from here; completed ones below.

import { h, clear } from "../dom.js";
import { get, send } from "../api.js";
import { dataTable } from "../table.js";
import { form } from "../forms.js";
import { formatDate, formatInstant, formatMonth } from "../format.js";

export async function render(root, context) {
  const [{ actions }, { action_updates: pending }] = await Promise.all([get("/v1/actions"), get("/v1/action-updates")]);
  const open = actions.filter((a) => a.status === "open");
  const overdue = open.filter((a) => a.overdue).length;
  root.append(h("h1", { class: "heading-l" }, "Actions"),
    h("p", { class: "body" }, `${open.length} open, of which ${overdue} overdue. Overdue actions come first; the owners are reminded and, when late, their managers.`));
  renderProposals(root, context, pending, new Map(actions.map((a) => [a.id, a])));
  const columns = (withComplete) => [
    { label: "Action", value: (a) => a.description },
    { label: "Team", value: (a) => a.team_name ?? "" },
    { label: "Child's case reference", value: (a) => a.case_reference ?? "" },
    { label: "Owner", value: (a) => a.owner_name ?? "" },
    { label: "Due", nowrap: true, value: (a) => formatDate(a.due_date), sortValue: (a) => a.due_date },
    { label: "State", value: (a) => (a.status === "completed" ? `Completed ${formatDate(a.completed_on)}` : a.overdue ? "Overdue" : "Open"),
      render: (a) => h("span", { class: `tag ${a.status === "completed" ? "tag--green" : a.overdue ? "tag--red" : ""}` },
        a.status === "completed" ? `Completed ${formatDate(a.completed_on)}` : a.overdue ? "Overdue" : "Open") },
    { label: "From the audit of", value: (a) => formatMonth(a.month) },
    ...(withComplete && context.canWrite ? [{ label: "Complete", sortable: false, value: () => "",
      render: (a) => h("button", { class: "button button--small", type: "button",
        onclick: (event) => postThenReload(event, `/v1/actions/${a.id}/complete`) }, "Mark as completed", h("span", { class: "visually-hidden" }, `: ${a.description} (${a.case_reference})`)) }] : []),
  ];
  root.append(dataTable({
    caption: "Open actions", rows: open, searchLabel: "Search open actions", csv: "/v1/actions?status=open&format=csv",
    filters: [{ label: "Team", all: "All teams", value: (a) => a.team_name }],
    rowClass: (a) => (a.overdue ? "row--overdue" : null), columns: columns(true), empty: "No open actions.",
  }));
  root.append(h("h2", { class: "heading-m" }, "Completed actions"), dataTable({
    caption: "Completed actions", rows: actions.filter((a) => a.status === "completed"), searchLabel: "Search completed actions",
    csv: "/v1/actions?status=completed&format=csv", columns: columns(false), empty: "No completed actions yet.",
    sort: { column: 4, descending: true },
  }));
}

// The owners' proposed due dates waiting for the QA team: accept (the action
// moves to the new date) or decline with a reason; either way the owner is
// emailed. Shown only while some wait.
function renderProposals(root, context, pending, actionsById) {
  if (pending.length === 0) return;
  const work = h("div", { id: "proposal-work" });
  const rows = pending.map((u) => ({ ...u, action: actionsById.get(u.action_id) ?? {} }));
  root.append(h("h2", { class: "heading-m", id: "proposals-heading" }, "New due dates proposed by owners"),
    h("p", { class: "body" }, `${rows.length} waiting for your decision. Until you decide, each action stays due on its current date. The owner is emailed whichever you choose.`),
    work,
    dataTable({
      caption: "Proposed due dates", rows, searchLabel: "Search proposed dates", empty: "None waiting.",
      columns: [
        { label: "Action", value: (u) => u.action.description ?? `Action ${u.action_id}` },
        { label: "Child's case reference", value: (u) => u.action.case_reference ?? "" },
        { label: "Owner", value: (u) => u.action.owner_name ?? "" },
        { label: "Due now", nowrap: true, value: (u) => formatDate(u.action.due_date), sortValue: (u) => u.action.due_date ?? "" },
        { label: "Proposed", nowrap: true, value: (u) => formatDate(u.proposed_due_date), sortValue: (u) => u.proposed_due_date },
        { label: "Their update", value: (u) => u.note },
        { label: "Posted", nowrap: true, value: (u) => formatInstant(u.created_at), sortValue: (u) => u.created_at },
        ...(context.canWrite ? [{ label: "Decide", sortable: false, value: () => "",
          render: (u) => h("div", { class: "button-group" },
            h("button", { class: "button button--small", type: "button", onclick: (event) => postThenReload(event, `/v1/action-updates/${u.id}/accept`) },
              `Accept ${formatDate(u.proposed_due_date)}`, h("span", { class: "visually-hidden" }, ` for ${u.action.case_reference ?? ""}`)),
            h("button", { class: "button button--secondary button--small", type: "button", onclick: () => openDecline(work, u) },
              "Decline", h("span", { class: "visually-hidden" }, ` the date for ${u.action.case_reference ?? ""}`))) }] : []),
      ],
    }));
}

// A one-click decision: the button is disabled while the POST runs, and the
// page is drawn again from the API once it is done.
async function postThenReload(event, path) {
  event.target.disabled = true;
  try {
    await send("POST", path);
    window.location.reload();
  } finally {
    event.target.disabled = false;
  }
}

function openDecline(work, update) {
  clear(work);
  const section = h("section", { class: "panel panel--form", tabindex: "-1", "aria-labelledby": "decline-heading" },
    h("h3", { class: "heading-s", id: "decline-heading" },
      `Decline ${formatDate(update.proposed_due_date)} for ${update.action.case_reference ?? `action ${update.action_id}`}`),
    h("p", { class: "body" }, `The action stays due on ${formatDate(update.action.due_date)}. The owner is emailed your reason.`),
    form({
      panel: false,
      fields: [{ name: "reason", label: "Why the date cannot move", type: "textarea", required: true }],
      submit: "Decline the new date",
      onSubmit: (v) => send("POST", `/v1/action-updates/${update.id}/decline`, { reason: v.reason }),
      onDone: () => window.location.reload(),
    }));
  work.append(section);
  section.focus();
}
