// A table with search, filters, sortable columns and a CSV download, in the
// manner of MOJ Frontend's sortable table and filter: everything stays in
// the page (the rows are already loaded), sort buttons carry aria-sort.
//
// dataTable({
//   caption, rows, columns: [{label, value(row) (text or number for sort and
//     search), render(row) (optional: a node), numeric, sortable}],
//   filters: [{label, value(row), all: "All teams"}],  // options from the rows
//   searchLabel, csv: "/v1/...?format=csv", rowClass(row), empty: "No audits",
//   sort: {column, descending}, pageSize: 50 (rows drawn before "Show more")
// }) -> element

import { h, clear, uid } from "./dom.js";

export function dataTable(options) {
  const state = {
    search: "",
    filters: (options.filters ?? []).map(() => ""),
    sortColumn: options.sort?.column ?? null,
    descending: options.sort?.descending ?? false,
    limit: options.pageSize ?? 50,
  };
  const more = h("button", { class: "button button--secondary", type: "button", hidden: true,
    onclick: () => { state.limit += options.pageSize ?? 50; draw(); } });
  const body = h("tbody");
  const count = h("p", { class: "table-count", "aria-live": "polite" });
  const headers = options.columns.map((column, index) => {
    if (column.sortable === false) return h("th", { scope: "col", class: column.numeric ? "numeric" : null }, column.label);
    const th = h("th", { scope: "col", class: column.numeric ? "numeric" : null, "aria-sort": "none" });
    th.append(h("button", { type: "button", onclick: () => sortBy(index) }, column.label));
    return th;
  });

  function sortBy(index) {
    state.descending = state.sortColumn === index ? !state.descending : false;
    state.sortColumn = index;
    draw();
  }

  function visibleRows() {
    const needle = state.search.trim().toLowerCase();
    let rows = options.rows.filter((row) =>
      (options.filters ?? []).every((filter, i) => !state.filters[i] || String(filter.value(row) ?? "") === state.filters[i]));
    if (needle) {
      rows = rows.filter((row) => options.columns.some((c) => String(c.value(row) ?? "").toLowerCase().includes(needle)));
    }
    if (state.sortColumn !== null) {
      const column = options.columns[state.sortColumn];
      const sign = state.descending ? -1 : 1;
      rows = [...rows].sort((a, b) => sign * compare(column.sortValue ? column.sortValue(a) : column.value(a),
        column.sortValue ? column.sortValue(b) : column.value(b)));
    }
    return rows;
  }

  function draw() {
    headers.forEach((th, i) => {
      if (th.hasAttribute("aria-sort")) {
        th.setAttribute("aria-sort", i === state.sortColumn ? (state.descending ? "descending" : "ascending") : "none");
      }
    });
    const rows = visibleRows();
    clear(body);
    for (const row of rows.slice(0, state.limit)) {
      const tr = h("tr", { class: options.rowClass ? options.rowClass(row) : null });
      options.columns.forEach((column, i) => {
        const content = column.render ? column.render(row) : column.value(row);
        const cell = i === 0 && column.rowHeader !== false ? h("th", { scope: "row" }, content) : h("td", {}, content);
        if (column.numeric) cell.className = "numeric";
        if (column.nowrap) cell.classList.add("nowrap");
        tr.append(cell);
      });
      body.append(tr);
    }
    if (rows.length === 0) {
      body.append(h("tr", {}, h("td", { colspan: options.columns.length }, options.empty ?? "Nothing to show.")));
    }
    const total = options.rows.length;
    const shown = Math.min(rows.length, state.limit);
    const matching = rows.length === total ? `${total}` : `${rows.length} matching (of ${total})`;
    count.textContent = shown === rows.length ? `Showing ${rows.length === total ? "all " : ""}${matching}` : `Showing ${shown} of ${matching}`;
    more.hidden = shown === rows.length;
    more.textContent = `Show ${Math.min(options.pageSize ?? 50, rows.length - shown)} more`;
  }

  const tools = h("div", { class: "table-tools" });
  if (options.searchLabel !== null) {
    const id = uid("search");
    tools.append(h("div", { class: "form-group" },
      h("label", { class: "label", for: id }, options.searchLabel ?? "Search"),
      h("input", { class: "input", id, type: "search", oninput: (e) => { state.search = e.target.value; state.limit = options.pageSize ?? 50; draw(); } })));
  }
  (options.filters ?? []).forEach((filter, i) => {
    const id = uid("filter");
    const values = [...new Set(options.rows.map((row) => filter.value(row)).filter((v) => v !== null && v !== undefined && v !== ""))]
      .map(String).sort((a, b) => a.localeCompare(b));
    const select = h("select", { class: "select", id, onchange: (e) => { state.filters[i] = e.target.value; draw(); } },
      h("option", { value: "" }, filter.all ?? "All"), values.map((v) => h("option", { value: v }, v)));
    tools.append(h("div", { class: "form-group" }, h("label", { class: "label", for: id }, filter.label), select));
  });
  if (options.csv) {
    tools.append(h("div", { class: "form-group" },
      h("a", { class: "button button--secondary", href: options.csv, download: "" }, "Download as CSV",
        h("span", { class: "visually-hidden" }, `: ${options.caption}`))));
  }
  const table = h("table", { class: "table" }, h("caption", {}, options.caption), h("thead", {}, h("tr", {}, headers)), body);
  draw();
  return h("div", { class: "data-table" }, tools, count, h("div", { class: "table-wrap" }, table), more);
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined || a === "") return 1;
  if (b === null || b === undefined || b === "") return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "en-GB", { numeric: true });
}
