// What the two report pages (pages/snapshot.js, pages/quarter.js) share: a
// plain table of figures with its CSV download, the RAG tag (the rating in
// words as well as colour), and the print button.

import { h } from "./dom.js";

// headers: ["Grade", "April 2024", ...]; rows: [["Good", 7, ...]] (first cell
// a row header); numeric columns right-aligned.
export function figureTable({ caption, headers, rows, csv, id }) {
  const table = h("table", { class: "table report-table", id },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headers.map((label, i) => h("th", { scope: "col", class: i ? "numeric" : null }, label)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell, i) => (i
      ? h("td", { class: "numeric" }, cell)
      : h("th", { scope: "row" }, cell)))))));
  return h("div", { class: "table-wrap" }, table,
    csv ? h("p", { class: "no-print" }, h("a", { href: csv, download: "" }, `Download “${caption}” as CSV`)) : null);
}

const RAG_CLASS = { green: "tag--green", amber: "tag--yellow", red: "tag--red" };

export function ragTag(rag, words) {
  return h("span", { class: `tag rag ${RAG_CLASS[rag] ?? "tag--grey"}`, dataset: { rag: rag ?? "none" } }, words);
}

export function printButton() {
  return h("button", { class: "button button--secondary no-print", type: "button", id: "print-button",
    onclick: () => window.print() }, "Print or save as PDF");
}

// "7 (22.6%)": a count with its share of the total, as 000_'s tables.
export function countWithShare(count, total) {
  if (!total) return String(count);
  return `${count} (${Math.round((count / total) * 1000) / 10}%)`;
}

export function share(value) {
  return value === null || value === undefined ? "none to count" : `${Math.round(value * 100)}%`;
}
