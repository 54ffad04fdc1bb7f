// Caseload: look a child up by case reference, and import the caseload
// export in two steps (the per-row report first, then the import).

import { h, clear } from "../dom.js";
import { get } from "../api.js";
import { form } from "../forms.js";
import { csvImport } from "../csv_import.js";
import { loadDirectory } from "../names.js";
import { words, yesNo } from "../format.js";

export async function render(root, context) {
  const directory = await loadDirectory();
  root.append(h("h1", { class: "heading-l" }, "Caseload"),
    h("p", { class: "body" }, "caseaudit holds each child's case reference, team and legal status only: never a name, a birth date or an address."));
  const found = h("div", { "aria-live": "polite" });
  root.append(h("h2", { class: "heading-m" }, "Find a child's record"), form({
    fields: [{ name: "case_reference", label: "Case reference", required: true, hint: "For example LCS-1234567" }],
    submit: "Find",
    onSubmit: (v) => get(`/v1/children/${encodeURIComponent(v.case_reference.trim())}`),
    onDone: (child) => clear(found).append(h("dl", { class: "summary-list" },
      h("dt", {}, "Case reference"), h("dd", {}, child.case_reference),
      h("dt", {}, "Team"), h("dd", {}, directory.teamName(child.team_id, child.team_name)),
      h("dt", {}, "Legal status"), h("dd", {}, words(child.legal_status)),
      h("dt", {}, "Court proceedings"), h("dd", {}, yesNo(child.court_proceedings)),
      h("dt", {}, "IRO / CP chair"), h("dd", {}, directory.personName(child.iro_id, child.iro_name) || "None"),
      h("dt", {}, "Allocated worker"), h("dd", {}, directory.personName(child.allocated_worker_id, child.allocated_worker_name) || "None"),
      h("dt", {}, "Open case"), h("dd", {}, yesNo(child.open)))),
    onRefused: () => clear(found),
  }), found);
  if (context.canWrite) {
    root.append(h("h2", { class: "heading-m" }, "Import the caseload"), csvImport({
      title: "Caseload export (CSV)",
      route: "/v1/children/import",
      hint: "Columns: case_reference (required), team (its name), legal_status, court_proceedings, iro and allocated_worker (emails), open. A file with a child's name, birth date or address is refused whole.",
    }));
  }
}
