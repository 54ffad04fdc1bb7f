// Change log: who changed what and when, filtered by record, person and
// dates, each change with its record before and after.

import { h, clear } from "../dom.js";
import { get } from "../api.js";
import { dataTable } from "../table.js";
import { form } from "../forms.js";
import { formatInstant, words } from "../format.js";
import { loadDirectory } from "../names.js";

const RECORD_TYPES = ["", "staff", "team", "service", "exemption", "child", "audit", "allocation_run", "pairing",
  "pairing_period", "action", "concern", "concern_update", "notification", "token", "session"];

function changedFields(change) {
  const before = change.before ?? {};
  const after = change.after ?? {};
  if (typeof before !== "object" || typeof after !== "object") return "";
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return keys.map((k) => words(k).toLowerCase()).join(", ");
}

let directory = null;

export async function render(root) {
  directory = await loadDirectory();
  const query = new URLSearchParams(window.location.search);
  const results = h("div", { id: "changes" });
  root.append(h("h1", { class: "heading-l" }, "Change log"),
    h("p", { class: "body" }, "Every change made through the console, the API or the server's command line, newest first."),
    form({
      inline: true,
      fields: [
        { name: "record_type", label: "Kind of record", type: "select", value: query.get("record_type") ?? "",
          options: RECORD_TYPES.map((t) => [t, t ? words(t) : "Any"]) },
        { name: "record_id", label: "Record (its id or month)", short: true, value: query.get("record_id") ?? "" },
        { name: "person", label: "Person", value: query.get("person") ?? "" },
        { name: "since", label: "From", type: "date", value: query.get("since") ?? "" },
        { name: "until", label: "To", type: "date", value: query.get("until") ?? "" },
      ],
      submit: "Show changes",
      onSubmit: (v) => load(v),
      onDone: ({ values, changes }) => {
        const params = new URLSearchParams(Object.entries(values).filter(([, x]) => x));
        window.history.replaceState(null, "", `${window.location.pathname}${params.size ? `?${params}` : ""}`);
        draw(results, changes, params);
      },
    }), results);
  const initial = Object.fromEntries(["record_type", "record_id", "person", "since", "until"].map((k) => [k, query.get(k) ?? ""]));
  const { changes } = await load(initial);
  draw(results, changes, new URLSearchParams(Object.entries(initial).filter(([, x]) => x)));
}

async function load(values) {
  const params = new URLSearchParams({ limit: "500" });
  for (const key of ["record_type", "record_id", "since", "until"]) if (values[key]) params.set(key, values[key]);
  const actor = actorFilter(values.person);
  if (actor) params.set("actor", actor);
  const answer = await get(`/v1/changes?${params}`);
  return { values, changes: answer.changes };
}

// The server filters by actor ("person:ann@x.org", a token's name): a name
// that is one person's becomes their email; anything else is sent as typed.
function actorFilter(person) {
  const text = (person ?? "").trim();
  if (!text) return "";
  const lower = text.toLowerCase();
  const matches = directory.staff.filter((s) => s.name.toLowerCase().includes(lower));
  return matches.length === 1 ? matches[0].email : text;
}

function draw(results, changes, params) {
  const person = params.get("person");
  params.delete("person");
  if (person) params.set("actor", actorFilter(person));
  clear(results).append(dataTable({
    caption: "Changes", rows: changes, searchLabel: "Search these changes", csv: `/v1/changes?${params}${params.size ? "&" : ""}format=csv`,
    empty: "No change matches.",
    columns: [
      { label: "When", nowrap: true, value: (c) => formatInstant(c.at), sortValue: (c) => c.at },
      { label: "Who", value: (c) => directory.actorName(c.actor) },
      { label: "What", value: (c) => words(c.action.replace(".", " ")) },
      { label: "Record", value: (c) => `${words(c.record_type)} ${c.record_id}` },
      { label: "Fields changed", value: (c) => changedFields(c), sortable: false },
    ],
  }));
}
