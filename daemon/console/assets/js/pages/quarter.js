// The quarterly report (000_/001_): grades by month (stacked chart and
// table), the quarter's totals in sentences, the domains, moderation, looped
// audits, family feedback, participation, breakdowns by team, service and
// legal status, and a 12-month trend against the targets. Printable to A4.

import { h } from "../dom.js";
import { get } from "../api.js";
import { currentMonth, formatMonth, shiftMonth } from "../format.js";
import { lineChart, stackedBars } from "../charts.js";
import { countWithShare, figureTable, printButton, share } from "../report_parts.js";

const GRADES = [["outstanding", "Outstanding"], ["good", "Good"], ["requires_improvement", "Requires improvement"], ["inadequate", "Inadequate"]];

function quarterOf(month) {
  const [year, m] = month.split("-").map(Number);
  const fy = m >= 4 ? year : year - 1;  // the console's default; the server's year start decides the figures
  return `${fy}-Q${Math.floor(((m - 4 + 12) % 12) / 3) + 1}`;
}

function shiftQuarter(quarter, by) {
  const [year, n] = quarter.split("-Q").map(Number);
  const index = year * 4 + (n - 1) + by;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

const csvOf = (params, table) => `/v1/reports/quarter?${params}&format=csv&table=${table}`;

function gradesByMonth(root, report, params) {
  const months = report.tables.grades_by_month;
  const names = months.map((m) => formatMonth(m.month));
  root.append(h("h2", { class: "heading-m" }, "Grades by month"),
    h("figure", { class: "report-figure" }, stackedBars({
      title: "Overall grades by month",
      description: months.map((m) => `${formatMonth(m.month)}: ${GRADES.map(([k, w]) => `${m[k]} ${w}`).join(", ")}; ${m.total} in all`).join(". "),
      categories: names,
      series: GRADES.map(([key, label]) => ({ label, style: key, values: months.map((m) => m[key]) })),
    })),
    figureTable({
      caption: "Grades by month", id: "grades-by-month", csv: csvOf(params, "grades_by_month"),
      headers: ["Grade", ...names, "Total"],
      rows: [...GRADES.map(([key, label]) => [label, ...months.map((m) => m[key]), months.reduce((s, m) => s + m[key], 0)]),
        ["Moderated", ...months.map((m) => m.moderated), months.reduce((s, m) => s + m.moderated, 0)],
        ["Total audits", ...months.map((m) => m.total), report.total],
        ...(report.late_returns ? [["Late returns (not in these figures)", ...months.map((m) => m.late_returns), report.late_returns]] : [])],
    }));
  if (report.late_returns_note) {
    root.append(h("p", { class: "late-returns", id: "late-returns" }, h("strong", {}, "Late returns: "),
      `${report.late_returns_note}: a closed month's figures are frozen when it closes, so this report gives the same numbers as the last.`));
  }
}

function domains(root, report, params) {
  root.append(h("h2", { class: "heading-m" }, "Grades by domain"));
  const byDomain = new Map();
  for (const row of report.tables.domains) {
    if (!byDomain.has(row.domain)) byDomain.set(row.domain, []);
    byDomain.get(row.domain).push(row);
  }
  for (const [domain, rows] of byDomain) {
    const heads = rows.map((r) => (r.month === "total" ? "Total" : formatMonth(r.month)));
    root.append(figureTable({
      caption: domain, headers: ["Grade", ...heads],
      rows: [...GRADES.map(([key, label]) => [label, ...rows.map((r) => countWithShare(r[key], r.graded))]),
        ["N/A", ...rows.map((r) => r.not_applicable)], ["Graded", ...rows.map((r) => r.graded)]],
    }));
  }
  root.append(h("p", { class: "no-print" }, h("a", { href: csvOf(params, "domains"), download: "" }, "Download the domain tables as CSV")));
}

function smallTables(root, report, params) {
  const t = report.tables;
  const m = t.moderation[0], l = t.looped[0], f = t.family_feedback[0], i = t.impact[0];
  const answers = i.yes + i.partly + i.no;
  root.append(h("h2", { class: "heading-m" }, "Moderation, looped audits, family feedback and impact"),
    figureTable({ caption: "Moderation", id: "moderation", csv: csvOf(params, "moderation"), headers: ["Moderated audits", "Number"],
      rows: [["Kept the same grade", m.kept], ["Upgraded", m.upgraded], ["Downgraded", m.downgraded], ["Moderated in all", m.moderated]] }),
    figureTable({ caption: "Looped audits: did the two auditors agree?", csv: csvOf(params, "looped"), headers: ["Pairs", "Number"],
      rows: [["Same grade", l.agreed], ["Different grades", l.differed], ["Pairs in all", l.pairs]] }),
    figureTable({ caption: "Family feedback", csv: csvOf(params, "family_feedback"), headers: ["Family feedback", "Returns"],
      rows: [["Contact with parent, carer or young person", countWithShare(f.contacted, f.contacted + f.attempted + f.none)],
        ["Contact attempted", countWithShare(f.attempted, f.contacted + f.attempted + f.none)],
        ["No contact", countWithShare(f.none, f.contacted + f.attempted + f.none)], ["Not recorded", f.not_recorded]] }),
    figureTable({ caption: "Impact follow-up: did the audit make a difference for the child?", id: "impact", csv: csvOf(params, "impact"),
      headers: ["Answer", "Answers"],
      rows: [["Yes", countWithShare(i.yes, answers)], ["Partly", countWithShare(i.partly, answers)], ["No", countWithShare(i.no, answers)],
        ["Audits with an answer", i.audits]] }),
    figureTable({ caption: "Participation", csv: csvOf(params, "participation"), headers: ["Who took part", "Yes", "No", "N/A", "Share", "Target"],
      rows: t.participation.map((p) => [{ child_seen: "Child seen or spoken to", family: "Family", worker: "Social worker",
        team_manager: "Team manager", iro: "IRO / CP chair" }[p.question], p.yes, p.no, p.not_applicable, share(p.yes_share), share(p.target)]) }));
}

function breakdowns(root, report, params) {
  root.append(h("h2", { class: "heading-m" }, "By team, service and legal status"));
  for (const [table, caption, first] of [["by_service", "By service", "Service"], ["by_team", "By team", "Team"],
    ["by_legal_status", "By legal status", "Legal status"]]) {
    root.append(figureTable({ caption, csv: csvOf(params, table), id: table.replaceAll("_", "-"),
      headers: [first, "Graded", ...GRADES.map(([, w]) => w), "Good or better", "Inadequate (share)"],
      rows: report.tables[table].map((r) => [r.name, r.graded, ...GRADES.map(([k]) => r[k]), share(r.good_or_better_share), share(r.inadequate_share)]) }));
  }
}

function trend(root, report, params) {
  const rows = report.tables.trend;
  const names = rows.map((r) => formatMonth(r.month).replace(/ (\d{2})(\d{2})$/, " $2"));
  root.append(h("h2", { class: "heading-m" }, "12-month trend"),
    h("figure", { class: "report-figure" }, lineChart({
      title: "Shares of the overall grades over 12 months",
      description: rows.map((r) => `${formatMonth(r.month)}: Good or better ${share(r.good_or_better_share)}, `
        + `Inadequate ${share(r.inadequate_share)}`).join("; "),
      categories: names,
      series: [{ label: "Good or better", style: "good_or_better", values: rows.map((r) => r.good_or_better_share) },
        { label: "Requires improvement", style: "requires_improvement", values: rows.map((r) => r.requires_improvement_share) },
        { label: "Inadequate", style: "inadequate", values: rows.map((r) => r.inadequate_share) }],
      targets: [{ label: `target ${share(report.targets.good_or_better)}`, value: report.targets.good_or_better },
        { label: `at most ${share(report.targets.inadequate_at_most)}`, value: report.targets.inadequate_at_most }],
    })),
    figureTable({ caption: "12-month trend", csv: csvOf(params, "trend"), id: "trend",
      headers: ["Month", "Graded", "Good or better", "Requires improvement", "Inadequate"],
      rows: rows.map((r) => [formatMonth(r.month), r.graded, share(r.good_or_better_share), share(r.requires_improvement_share), share(r.inadequate_share)]) }));
}

export async function render(root) {
  const query = new URLSearchParams(window.location.search);
  const quarter = query.get("quarter") ?? quarterOf(shiftMonth(currentMonth(), -1));
  const params = new URLSearchParams({ quarter });
  const report = await get(`/v1/reports/quarter?${params}`);
  const link = (q, text) => h("a", { href: `/console/quarter?quarter=${q}` }, text);
  root.append(h("span", { class: "caption" }, "Quality assurance"),
    h("h1", { class: "heading-l" }, `Quarterly report: ${report.quarter_words ?? ""} (${formatMonth(report.from)} to ${formatMonth(report.to)})`),
    h("div", { class: "button-group no-print" }, link(shiftQuarter(quarter, -1), "Previous quarter"), link(shiftQuarter(quarter, 1), "Next quarter"),
      h("a", { href: `/console/snapshot?month=${report.to}` }, `The performance snapshot (${formatMonth(report.to)})`), printButton()),
    h("h2", { class: "heading-m" }, "Overall outcomes"),
    h("p", { class: "body" }, `Within the quarter ${report.total} case file audits were returned.`),
    h("ul", { class: "list", id: "sentences" }, report.sentences.map((s) => h("li", {}, s))),
    ...(report.not_reported.length ? [h("p", { class: "hint" }, `Not reported yet: ${report.not_reported.join("; ")}.`)] : []));
  gradesByMonth(root, report, params);
  domains(root, report, params);
  smallTables(root, report, params);
  breakdowns(root, report, params);
  trend(root, report, params);
}
