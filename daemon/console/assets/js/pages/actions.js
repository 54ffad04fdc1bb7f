// Actions: every open action, overdue first and by team, each completed
// from here; completed ones below.

import { h } from "../dom.js";
import { get, send } from "../api.js";
import { dataTable } from "../table.js";
import { formatDate, formatMonth } from "../format.js";

export async function render(root, context) {
  const { actions } = await get("/v1/actions");
  const open = actions.filter((a) => a.status === "open");
  const overdue = open.filter((a) => a.overdue).length;
  root.append(h("h1", { class: "heading-l" }, "Actions"),
    h("p", { class: "body" }, `${open.length} open, of which ${overdue} overdue. Overdue actions come first; the owners are reminded and, when late, their managers.`));
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
        onclick: async (event) => {
          event.target.disabled = true;
          try {
            await send("POST", `/v1/actions/${a.id}/complete`);
            window.location.reload();
          } finally {
            event.target.disabled = false;
          }
        } }, "Mark as completed", h("span", { class: "visually-hidden" }, `: ${a.description} (${a.case_reference})`)) }] : []),
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
