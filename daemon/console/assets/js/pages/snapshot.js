// Performance snapshot: the one page leaders read each month (003_'s first
// page): every measure with its figure, target, RAG rating (in words as well
// as colour) and direction of travel, a chart of the shares against their
// targets, printable to A4.

import { h } from "../dom.js";
import { get } from "../api.js";
import { currentMonth, formatDate, formatMonth, shiftMonth } from "../format.js";
import { shareBars } from "../charts.js";
import { printButton, ragTag, share } from "../report_parts.js";

// The chart's short names (the table has the full ones).
const SHORT = { completion_rate: "Completion rate", good_or_better: "Good or better", inadequate: "Inadequate",
  actions_on_time: "Actions on time", participation_child: "Child involved", participation_family: "Family involved",
  participation_worker: "Social worker involved", participation_team_manager: "Team manager involved",
  participation_iro: "IRO / CP chair involved" };

function figure(m) {
  if (m.value === null) return "none to count";
  return m.unit === "share" ? share(m.value) : String(m.value);
}

function target(m) {
  const text = (v) => (m.unit === "share" ? share(v) : String(v));
  if (m.key === "completed_to_standard") return `baseline ${text(m.baseline)}, stretch ${text(m.target)}`;
  if (m.target === null) return "none";
  return m.better === "lower" ? `at most ${text(m.target)}` : text(m.target);
}

function measureRow(m) {
  const label = m.names.length ? [m.label, h("span", { class: "hint measure__names" }, `: ${m.names.join(", ")}`)] : m.label;
  return h("tr", { dataset: { key: m.key, domain: m.domain ?? "" } },
    h("td", { class: "measure__rag" }, ragTag(m.rag, m.rag_words)),
    h("th", { scope: "row" }, label),
    h("td", { class: "numeric measure__value" }, figure(m)),
    h("td", { class: "numeric" }, target(m)),
    h("td", { class: "measure__travel" }, m.direction_of_travel));
}

// The returns recorded after the months closed, marked as not in the figures.
function lateReturns(snapshot) {
  const notes = [snapshot.late_returns_note, snapshot.late_returns_quarter_note].filter((n) => n);
  if (!notes.length) return null;
  return h("p", { class: "late-returns", id: "late-returns" }, h("strong", {}, "Late returns: "),
    `${snapshot.late_returns_note ?? "none for the month"}${snapshot.late_returns_quarter_note ? ` (quarter figures: ${snapshot.late_returns_quarter_note})` : ""}.`);
}

export async function render(root) {
  const query = new URLSearchParams(window.location.search);
  const month = query.get("month") ?? shiftMonth(currentMonth(), -1);
  const snapshot = await get(`/v1/reports/snapshot?month=${encodeURIComponent(month)}`);
  const measures = snapshot.tables.measures;
  const link = (m, text) => h("a", { href: `/console/snapshot?month=${m}`, class: "no-print" }, text);
  root.append(
    h("span", { class: "caption" }, "Quality assurance"),
    h("h1", { class: "heading-l" }, `Performance snapshot: ${formatMonth(snapshot.month)}`),
    h("p", { class: "body" }, `Month figures are ${formatMonth(snapshot.month)}'s; quarter figures are ${snapshot.quarter_words} to date `
      + `(${formatMonth(snapshot.quarter_to_date.from)} to ${formatMonth(snapshot.quarter_to_date.to)}). `
      + `Counted as at ${formatDate(snapshot.as_of)}`
      + (snapshot.frozen ? "; frozen when the month closed, so they do not move." : ".")),
    h("div", { class: "button-group no-print" }, link(shiftMonth(month, -1), "Previous month"), link(shiftMonth(month, 1), "Next month"),
      h("a", { href: `/console/quarter?quarter=${snapshot.quarter}` }, `The quarterly report (${snapshot.quarter_words})`), printButton()),
    h("div", { class: "table-wrap" }, h("table", { class: "table snapshot", id: "snapshot" },
      h("caption", {}, `Performance snapshot, ${formatMonth(snapshot.month)}`),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "RAG"), h("th", { scope: "col" }, "Measure"),
        h("th", { scope: "col", class: "numeric" }, "Figure"), h("th", { scope: "col", class: "numeric" }, "Target"),
        h("th", { scope: "col" }, "Direction of travel"))),
      h("tbody", {}, measures.map(measureRow))),
    lateReturns(snapshot),
    h("p", { class: "no-print" }, h("a", { href: `/v1/reports/snapshot?month=${month}&format=csv&table=measures`, download: "" },
      "Download the snapshot as CSV"))),
    h("p", { class: "hint" }, "RAG: Green meets the target; Amber is within the configured margin of it (or, for audits completed, "
      + "at or above the baseline); Red is further away. “No target” measures are reported without a rating; "
      + "“No figure”: nothing to count yet (for participation: no return with answers in the quarter)."));
  const shares = measures.filter((m) => m.unit === "share" && m.target !== null);
  root.append(h("h2", { class: "heading-m" }, "Shares against their targets"),
    h("figure", { class: "report-figure" }, shareBars({
      title: `Shares against targets, ${formatMonth(snapshot.month)}`,
      description: shares.map((m) => `${m.label}: ${figure(m)} against ${target(m)} (${m.rag_words})`).join("; "),
      bars: shares.map((m) => ({ label: m.domain ?? SHORT[m.key] ?? m.label, value: m.value, target: m.target, rag: m.rag })),
    }), h("figcaption", { class: "hint" }, "Each bar is the measure's figure, labelled; the dashed line its target.")));
}
