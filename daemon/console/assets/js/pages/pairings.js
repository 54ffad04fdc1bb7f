// Pairings: the current period's auditor-moderator pairs, a manual change
// with a reason, and the next rotation previewed (and stored) by period.

import { h, clear } from "../dom.js";
import { get, send } from "../api.js";
import { dataTable } from "../table.js";
import { form } from "../forms.js";
import { loadDirectory } from "../names.js";
import { currentMonth, formatMonth, shiftMonth, plural } from "../format.js";

// The next February or August (the default rotation months).
function nextRotation(month) {
  for (let m = shiftMonth(month, 1); ; m = shiftMonth(m, 1)) {
    if (m.endsWith("-02") || m.endsWith("-08")) return m;
  }
}

export async function render(root, context) {
  const [current, directory] = await Promise.all([get("/v1/pairings"), loadDirectory()]);
  const moderators = directory.staff.filter((s) => s.active && s.moderator_capacity > 0 && !s.external_moderator)
    .sort((a, b) => a.name.localeCompare(b.name));
  const editor = h("div", { id: "pairing-editor" });
  root.append(h("h1", { class: "heading-l" }, "Pairings"),
    h("p", { class: "body" }, `The period from ${formatMonth(current.period)}: each auditor's audits are moderated by their paired moderator. Pairings rotate every six months so that people get new perspectives.`),
    editor,
    dataTable({
      caption: `Pairings from ${formatMonth(current.period)}`, rows: current.pairings, searchLabel: "Search pairings",
      csv: `/v1/pairings?period=${current.period}&format=csv`, sort: { column: 0 }, empty: "No pairings in this period yet.",
      filters: [{ label: "Moderator", all: "All moderators", value: (p) => p.moderator_name ?? p.moderator }],
      columns: [
        { label: "Auditor", value: (p) => p.auditor_name ?? p.auditor ?? directory.personName(p.auditor_id) },
        { label: "Moderator", value: (p) => p.moderator_name ?? p.moderator ?? directory.personName(p.moderator_id) },
        { label: "Why", value: (p) => p.reason ?? "", sortable: false },
        ...(context.canWrite ? [{ label: "Change", sortable: false, value: () => "",
          render: (p) => h("button", { class: "button button--secondary button--small", type: "button", onclick: () => editPairing(editor, p, moderators, directory) },
            "Change moderator", h("span", { class: "visually-hidden" }, ` for ${p.auditor_name ?? p.auditor}`)) }] : []),
      ],
    }));
  if (context.canWrite) root.append(rotationSection(current.period));
}

function editPairing(editor, pairing, moderators, directory) {
  clear(editor);
  const auditor = pairing.auditor_name ?? pairing.auditor ?? directory.personName(pairing.auditor_id);
  const panel = h("section", { class: "panel panel--form", tabindex: "-1", "aria-labelledby": "pairing-heading" },
    h("h2", { class: "heading-m", id: "pairing-heading" }, `Change ${auditor}'s moderator`));
  panel.append(form({
    panel: false,
    fields: [
      { name: "moderator_id", label: "Moderator", type: "select", value: pairing.moderator_id, required: true,
        options: moderators.filter((m) => m.id !== pairing.auditor_id).map((m) => [m.id, `${m.name} (capacity ${m.moderator_capacity} a month)`]) },
      { name: "reason", label: "Reason", type: "textarea", required: true },
    ],
    submit: "Change the moderator",
    secondary: h("button", { class: "button button--secondary", type: "button", onclick: () => clear(editor) }, "Cancel"),
    onSubmit: (v) => send("PATCH", `/v1/pairings/${pairing.id}`, { moderator_id: Number(v.moderator_id), reason: v.reason }),
    onDone: () => window.location.reload(),
  }));
  editor.append(panel);
  panel.focus();
}

function rotationSection(period) {
  const result = h("div", { id: "rotation" });
  let chosen = null;
  const section = h("section", { "aria-labelledby": "rotation-heading" },
    h("h2", { class: "heading-m", id: "rotation-heading" }, "The next rotation"),
    form({
      fields: [{ name: "period", label: "Rotation month", type: "month", value: nextRotation(period > currentMonth() ? period : currentMonth()), required: true,
        hint: "Pairings rotate in the configured months (February and August unless set otherwise)." }],
      submit: "Preview the rotation",
      onSubmit: (v) => { chosen = v.period; return send("POST", `/v1/pairings/rotation?period=${v.period}&dry_run=1`); },
      onDone: (preview) => drawPreview(result, chosen, preview),
    }), result);
  return section;
}

function drawPreview(result, period, preview) {
  clear(result);
  if (preview.already_rotated) {
    result.append(h("p", { class: "body" }, `${formatMonth(period)} has been rotated already: its pairings are the ones stored.`));
    return;
  }
  result.append(h("h3", { class: "heading-s" }, `Rotation for ${formatMonth(period)}: ${plural(preview.pairings.length, "pairing")}`),
    (preview.summary ?? []).length > 0 ? h("ul", { class: "list" }, preview.summary.map((s) => h("li", {}, s))) : null,
    dataTable({
      caption: `Proposed pairings from ${formatMonth(period)}`, rows: preview.pairings, searchLabel: "Search the proposal",
      columns: [
        { label: "Auditor", value: (p) => p.auditor_name ?? p.auditor },
        { label: "Moderator", value: (p) => p.moderator_name ?? p.moderator },
        { label: "Why", value: (p) => p.reason ?? "", sortable: false },
      ],
    }),
    h("button", { class: "button", type: "button", id: "store-rotation", onclick: async () => {
      await send("POST", `/v1/pairings/rotation?period=${period}`);
      window.location.reload();
    } }, `Store the pairings for ${formatMonth(period)}`));
}
