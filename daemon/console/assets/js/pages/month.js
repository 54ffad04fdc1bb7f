// This month: the month's status and commit instant; the allocation preview
// (each audit's explanation, the shortfalls in words with their smallest
// fix) and the commit, confirmed; once committed, the audits table with
// filter, sort and search, and per audit: reassign (from the list of who can
// take it and why) and withdraw with a reason.

import { h, clear } from "../dom.js";
import { get, send, ApiError } from "../api.js";
import { dataTable } from "../table.js";
import { form } from "../forms.js";
import { loadDirectory } from "../names.js";
import { currentMonth, formatDate, formatInstant, formatMonth, shiftMonth, words, plural } from "../format.js";

function monthFromQuery() {
  const month = new URLSearchParams(window.location.search).get("month");
  return /^\d{4}-\d{2}$/.test(month ?? "") ? month : currentMonth();
}

export async function render(root, context) {
  const month = monthFromQuery();
  const [run, directory, commits] = await Promise.all([
    get(`/v1/months/${month}`), loadDirectory(),
    get(`/v1/changes?record_type=allocation_run&record_id=${month}&limit=1`)]);
  const committed = commits.changes[0] ?? null;

  root.append(
    h("span", { class: "caption" }, "This month"),
    h("h1", { class: "heading-l" }, formatMonth(month)),
    h("p", { class: "body" },
      h("a", { href: `/console/month?month=${shiftMonth(month, -1)}` }, `Previous month (${formatMonth(shiftMonth(month, -1))})`),
      " · ",
      h("a", { href: `/console/month?month=${shiftMonth(month, 1)}` }, `Next month (${formatMonth(shiftMonth(month, 1))})`)),
    statusCards(run, committed, directory));

  const work = h("div", { id: "month-work" });
  root.append(work);
  if (context.canWrite && run.status !== "closed") {
    root.append(previewSection(month, run, directory));
  }
  if (run.status !== "planned") {
    const audits = await get(`/v1/months/${month}/audits`);
    root.append(auditsSection(month, audits.audits, directory, context, work));
  } else if (!context.canWrite) {
    root.append(h("p", { class: "body" }, "The QA team has not committed this month's allocation yet."));
  }
}

function statusCards(run, committed, directory) {
  const counts = run.audits ?? {};
  const commitText = committed
    ? `Committed ${formatInstant(committed.at)} by ${committed.actor_name ?? directory.actorName(committed.actor)}`
    : run.status === "planned" ? "Not committed yet" : "Committed (the change log holds no record of when: loaded, not committed here)";
  return h("div", {},
    h("dl", { class: "summary-list", id: "month-status" },
      h("dt", {}, "Status"), h("dd", {}, h("span", { class: "tag" }, words(run.status))),
      h("dt", {}, "Allocation"), h("dd", {}, commitText),
      h("dt", {}, "Looped month"), h("dd", {}, run.looped === null ? "Not decided until the commit" : run.looped ? "Yes: each child is audited twice" : "No")),
    h("div", { class: "grid" },
      ["allocated", "submitted", "moderated", "withdrawn", "nil_return"].map((status) =>
        h("div", { class: "card" }, h("span", { class: "card__value" }, String(counts[status] ?? 0)),
          h("span", { class: "card__label" }, words(status))))));
}

// The preview (dry run) and the confirmed commit.
function previewSection(month, run, directory) {
  const section = h("section", { "aria-labelledby": "preview-heading" },
    h("h2", { class: "heading-m", id: "preview-heading" }, run.status === "planned" ? "Allocate the month" : "Allocate auditors who became available"));
  const result = h("div", { id: "preview" });
  const button = h("button", { class: "button button--secondary", type: "button", id: "preview-button" }, "Preview the allocation");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const preview = await send("POST", `/v1/months/${month}/allocation?dry_run=1`);
      clear(result).append(previewReport(month, preview, directory));
    } catch (error) {
      if (error instanceof ApiError && error.status !== 503 && error.status !== 0) {
        clear(result).append(h("p", { class: "error-message" }, error.message));
      }
    } finally {
      button.disabled = false;
    }
  });
  section.append(h("p", { class: "body" }, "The preview shows who would audit which child and why. Nothing is written until you commit."));
  if (run.status === "planned") section.append(loopedToggle(month, run));
  section.append(button, result);
  return section;
}

// Before the commit: run the month looped (each child audited by two auditors) or not.
function loopedToggle(month, run) {
  const input = h("input", { type: "checkbox", id: "looped-toggle", checked: Boolean(run.looped) });
  const message = h("p", { class: "hint", id: "looped-message", "aria-live": "polite" },
    run.looped === null ? "Not set for this month: the configured default applies." : "");
  input.addEventListener("change", async () => {
    input.disabled = true;
    try {
      const stored = await send("PUT", `/v1/months/${month}/mode`, { looped: input.checked });
      message.className = "hint";
      message.textContent = stored.looped ? "Saved: each child will be audited twice. Preview again to see it." : "Saved: each child will be audited once.";
    } catch (error) {
      input.checked = !input.checked;
      message.className = "error-message";
      message.textContent = error instanceof ApiError ? error.message : "Could not save the setting.";
    } finally {
      input.disabled = false;
    }
  });
  return h("div", { class: "form-group" },
    h("div", { class: "checkbox" }, input, h("label", { for: "looped-toggle" }, "Run this month looped: each child's record audited independently by two auditors")),
    message);
}

function previewReport(month, preview, directory) {
  const shortfalls = preview.shortfalls ?? {};
  const summary = shortfalls.summary ?? [];
  const moderation = shortfalls.moderation ?? {};
  const report = h("div", {},
    h("h3", { class: "heading-s" }, `Preview: ${plural(preview.new_audits, "new audit")} for ${plural(preview.available_auditors, "available auditor")}`),
    summary.length === 0 && !moderation.fix
      ? h("div", { class: "notice notice--success" }, h("p", { class: "notice__title" }, "No shortfalls"),
        h("p", {}, "Every team gets an audit and every available auditor has one."))
      : h("div", { class: "notice", id: "shortfalls" }, h("p", { class: "notice__title" }, "Shortfalls"),
        h("ul", { class: "list" }, summary.map((line) => h("li", {}, line)),
          moderation.fix && !summary.some((line) => line.includes(moderation.fix)) ? h("li", {}, `Moderation: ${moderation.fix}`) : null)));
  if (preview.new_audits > 0) {
    report.append(commitControl(month, preview));
    report.append(dataTable({
      caption: "Audits the commit would add",
      rows: preview.audits,
      searchLabel: "Search the preview",
      filters: [{ label: "Team", all: "All teams", value: (a) => a.team_name ?? a.team }],
      columns: [
        { label: "Auditor", value: (a) => a.auditor_name ?? a.auditor ?? directory.personName(a.auditor_id) },
        { label: "Child's case reference", value: (a) => a.case_reference },
        { label: "Team", value: (a) => a.team_name ?? a.team ?? directory.teamName(a.team_id) },
        { label: "Legal status", value: (a) => words(a.legal_status) },
        { label: "Moderator", value: (a) => a.moderator_name ?? a.moderator ?? (a.needs_external_moderation ? "External moderation" : "") },
        { label: "Due", nowrap: true, value: (a) => formatDate(a.due_date), sortValue: (a) => a.due_date },
        { label: "Why", value: (a) => a.explanation, sortable: false },
      ],
    }));
  }
  return report;
}

function commitControl(month, preview) {
  const dialog = h("dialog", { class: "dialog", "aria-labelledby": "confirm-heading" });
  const confirm = h("button", { class: "button", type: "button", id: "confirm-commit" }, "Yes, commit and send the emails");
  const cancel = h("button", { class: "button button--secondary", type: "button" }, "No, go back");
  const problem = h("p", { class: "error-message", hidden: true });
  dialog.append(h("h2", { class: "heading-m", id: "confirm-heading" }, `Commit ${formatMonth(month)}?`),
    h("p", { class: "body" }, `This stores ${plural(preview.new_audits, "audit")} and emails each auditor their child's record. It cannot be undone, though single audits can be reassigned or withdrawn afterwards.`),
    problem, h("div", { class: "button-group" }, confirm, cancel));
  cancel.addEventListener("click", () => dialog.close());
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    try {
      await send("POST", `/v1/months/${month}/allocation`);
      window.location.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status !== 503 && error.status !== 0) {
        problem.hidden = false;
        problem.textContent = error.message;
      }
    } finally {
      confirm.disabled = false;
    }
  });
  const open = h("button", { class: "button", type: "button", id: "commit-button" }, "Commit the allocation");
  open.addEventListener("click", () => dialog.showModal());
  return h("div", {}, open, dialog);
}

function auditsSection(month, audits, directory, context, work) {
  const section = h("section", { "aria-labelledby": "audits-heading" },
    h("h2", { class: "heading-m", id: "audits-heading" }, "Audits"));
  section.append(dataTable({
    caption: `Audits of ${formatMonth(month)}`,
    rows: audits,
    searchLabel: "Search audits",
    csv: `/v1/months/${month}/audits?format=csv`,
    filters: [
      { label: "Team", all: "All teams", value: (a) => directory.teamName(a.team_id, a.team_name) },
      { label: "Status", all: "All statuses", value: (a) => words(a.status) },
    ],
    sort: { column: 0 },
    columns: [
      { label: "Auditor", value: (a) => directory.personName(a.auditor_id, a.auditor_name) },
      { label: "Child's case reference", value: (a) => a.case_reference },
      { label: "Team", value: (a) => directory.teamName(a.team_id, a.team_name) },
      { label: "Legal status", value: (a) => words(a.legal_status) },
      { label: "Moderator", value: (a) => a.moderator_id ? directory.personName(a.moderator_id, a.moderator_name) : a.needs_external_moderation ? "External moderation" : "" },
      { label: "Status", value: (a) => words(a.status) },
      { label: "Due", nowrap: true, value: (a) => formatDate(a.due_date), sortValue: (a) => a.due_date },
      ...(context.canWrite ? [{ label: "Change", value: () => "", sortable: false, render: (a) => auditControls(a, directory, work) }] : []),
    ],
  }));
  return section;
}

function auditControls(audit, directory, work) {
  if (audit.status !== "allocated") return "";
  const who = `${directory.personName(audit.auditor_id, audit.auditor_name)}'s audit of ${audit.case_reference}`;
  return h("div", { class: "button-group" },
    h("button", { class: "button button--secondary button--small", type: "button", onclick: () => openReassign(audit, directory, work) },
      "Reassign", h("span", { class: "visually-hidden" }, ` ${who}`)),
    h("button", { class: "button button--secondary button--small", type: "button", onclick: () => openWithdraw(audit, directory, work) },
      "Withdraw", h("span", { class: "visually-hidden" }, ` ${who}`)));
}

function panelFor(work, title) {
  clear(work);
  const panel = h("section", { class: "panel panel--form", "aria-labelledby": "work-heading", tabindex: "-1" },
    h("h2", { class: "heading-m", id: "work-heading" }, title));
  work.append(panel);
  panel.focus();
  return panel;
}

async function openReassign(audit, directory, work) {
  const auditor = directory.personName(audit.auditor_id, audit.auditor_name);
  const panel = panelFor(work, `Reassign ${auditor}'s audit of ${audit.case_reference}`);
  let candidates;
  try {
    candidates = await get(`/v1/audits/${audit.id}/candidates`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    candidates = null;  // an older server: choose from every active auditor, the API checks the rules
  }
  const options = candidates
    ? candidates.candidates.map((c) => [c.staff_id, `${c.name}${c.team_name ? `, ${c.team_name}` : ""}`, c.reason])
    : directory.staff.filter((s) => s.auditor && s.active && s.id !== audit.auditor_id).map((s) => [s.id, s.name]);
  if (candidates && candidates.candidates.length === 0) {
    panel.append(h("p", { class: "warning-text" }, "Nobody can take this audit."),
      candidates.advice ? h("p", { class: "body", id: "candidates-advice" }, candidates.advice) : null,
      excludedList(candidates.excluded));
    return;
  }
  panel.append(form({
    panel: false,
    fields: [
      candidates
        ? { name: "auditor_id", label: "Who should take it", type: "radios", options, required: true }
        : { name: "auditor_id", label: "Who should take it", type: "select", options: [["", "Choose an auditor"], ...options], required: true },
      { name: "reason", label: "Reason", type: "textarea", required: true, hint: "Kept with the audit and in the change log." },
    ],
    submit: "Reassign the audit",
    onSubmit: (v) => send("POST", `/v1/audits/${audit.id}/reassign`, { auditor_id: Number(v.auditor_id), reason: v.reason }),
    onDone: () => window.location.reload(),
  }));
  if (candidates && candidates.excluded.length > 0) {
    panel.append(h("details", { class: "details" }, h("summary", {}, `Why ${plural(candidates.excluded.length, "other person", "other people")} cannot take it`),
      h("div", { class: "details__body" }, excludedList(candidates.excluded))));
  }
}

// The people nearest to eligible first (the API's order); the long tail of
// non-auditors is counted, not listed.
function excludedList(excluded, shown = 25) {
  const all = excluded ?? [];
  return h("div", {},
    h("ul", { class: "list", id: "excluded" }, all.slice(0, shown).map((e) => h("li", {}, e.reason.startsWith(e.name) ? e.reason : `${e.name}: ${e.reason}`))),
    all.length > shown ? h("p", { class: "hint" }, `and ${all.length - shown} more, mostly people who do not audit this month.`) : null);
}

function openWithdraw(audit, directory, work) {
  const auditor = directory.personName(audit.auditor_id, audit.auditor_name);
  const panel = panelFor(work, `Withdraw ${auditor}'s audit of ${audit.case_reference}`);
  panel.append(h("p", { class: "body" }, "The child goes to another available auditor without an audit this month, or back to the pool."),
    form({
      panel: false,
      fields: [{ name: "reason", label: "Reason for withdrawing", type: "textarea", required: true }],
      submit: "Withdraw the audit",
      warning: true,
      onSubmit: (v) => send("POST", `/v1/audits/${audit.id}/withdraw`, { reason: v.reason }),
      onDone: () => window.location.reload(),
    }));
}
