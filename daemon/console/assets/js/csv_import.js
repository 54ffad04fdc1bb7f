// The two-step CSV import: choose a file, see the per-row report of an
// atomic dry run (nothing written), then import it (atomic: all or nothing).
// A file with a bad row cannot be imported until it is fixed.

import { h, clear, uid } from "./dom.js";
import { sendCsv, ApiError } from "./api.js";
import { plural, words } from "./format.js";

// csvImport({title, route: "/v1/staff/import", hint, onImported})
export function csvImport(options) {
  const id = uid("csv");
  const input = h("input", { type: "file", id, class: "input", accept: ".csv,text/csv", "aria-describedby": `${id}-hint` });
  const report = h("div", { "aria-live": "polite" });
  const check = h("button", { class: "button button--secondary", type: "button" }, "Check the file");
  let checkedText = null;

  check.addEventListener("click", async () => {
    clear(report);
    const file = input.files[0];
    if (!file) {
      report.append(h("p", { class: "error-message" }, "Choose a CSV file first"));
      return;
    }
    checkedText = await file.text();
    const result = await run(`${options.route}?atomic=1&dry_run=1`, checkedText, report);
    if (!result) return;
    report.append(rowsReport(result, "Nothing has been written yet."));
    if (result.rejected > 0) {
      report.append(h("p", { class: "warning-text" }, `Fix the ${plural(result.rejected, "rejected row")} in the file and check it again: nothing is imported while any row is refused.`));
      return;
    }
    const importButton = h("button", { class: "button", type: "button", id: "import-button" }, "Import these rows");
    importButton.addEventListener("click", async () => {
      importButton.disabled = true;
      const written = await run(`${options.route}?atomic=1`, checkedText, report);
      if (!written) return;
      clear(report).append(h("div", { class: "notice notice--success", role: "status" },
        h("p", { class: "notice__title" }, "Imported"), h("p", {}, summaryText(written))));
      if (options.onImported) options.onImported(written);
    });
    report.append(importButton);
  });
  input.addEventListener("change", () => clear(report));

  return h("section", { class: "panel panel--form", "aria-labelledby": `${id}-title` },
    h("h3", { class: "heading-s", id: `${id}-title` }, options.title),
    h("div", { class: "form-group" },
      h("label", { class: "label", for: id }, "CSV file"),
      h("p", { class: "hint", id: `${id}-hint` }, options.hint), input),
    check, report);
}

async function run(route, text, report) {
  try {
    return await sendCsv(route, text);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 422 && error.body?.rows) return error.body;  // the report, with rejected rows
    if (error.status !== 0 && error.status !== 503) {
      report.append(h("p", { class: "error-message", role: "alert" }, `The file was refused: ${error.message}`));
    }
    return null;
  }
}

function summaryText(result) {
  return `${plural(result.created, "row")} new, ${plural(result.updated, "row")} changed, ${plural(result.unchanged, "row")} unchanged, ${plural(result.rejected, "row")} refused.`;
}

function rowsReport(result, note) {
  return h("div", { id: "import-report" },
    h("p", { class: "body" }, `${summaryText(result)} ${note}`),
    h("table", { class: "report" },
      h("caption", { class: "visually-hidden" }, "What each row of the file would do"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Line"), h("th", { scope: "col" }, "Result"), h("th", { scope: "col" }, "Problem"))),
      h("tbody", {}, result.rows.map((row) => h("tr", {},
        h("td", {}, String(row.line)),
        h("td", { class: row.result === "rejected" ? "result--rejected" : null }, row.result === "rejected" ? "Refused" : words(row.result === "created" ? "would be created" : row.result === "updated" ? "would be updated" : "unchanged")),
        h("td", {}, row.error ? row.error.message : ""))))));
}
