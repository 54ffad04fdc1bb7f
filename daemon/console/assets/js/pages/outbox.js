// Outbox: the emails waiting and those that could not be delivered, with
// the mail server's answer; a dead letter sent again.

import { h } from "../dom.js";
import { get, send } from "../api.js";
import { dataTable } from "../table.js";
import { formatInstant, words, plural } from "../format.js";

export async function render(root, context) {
  const [dead, pending] = await Promise.all([get("/v1/notifications/dead-letters"), get("/v1/notifications?status=pending")]);
  const counts = dead.counts ?? {};
  root.append(h("h1", { class: "heading-l" }, "Outbox"),
    h("div", { class: "grid" }, ["pending", "sent", "dead"].map((status) =>
      h("div", { class: "card" }, h("span", { class: "card__value" }, String(counts[status] ?? 0)), h("span", { class: "card__label" }, words(status))))),
    h("h2", { class: "heading-m" }, "Not delivered"),
    h("p", { class: "body" }, dead.notifications.length === 0 ? "Every email has been delivered or is on its way."
      : `${plural(dead.notifications.length, "email")} could not be delivered. The mail server's answer says why; fix the address or the server, then send it again.`),
    dataTable({
      caption: "Emails not delivered", rows: dead.notifications, searchLabel: "Search", csv: "/v1/notifications/dead-letters?format=csv",
      empty: "None.",
      columns: [
        { label: "To", value: (n) => `${n.recipient_name ?? ""} <${n.recipient_email}>` },
        { label: "Subject", value: (n) => n.subject },
        { label: "Tries", value: (n) => n.attempts, numeric: true },
        { label: "Queued", value: (n) => formatInstant(n.created_at), sortValue: (n) => n.created_at },
        { label: "The mail server's answer", value: (n) => n.last_error ?? "", sortable: false },
        ...(context.canWrite ? [{ label: "Send again", sortable: false, value: () => "",
          render: (n) => h("button", { class: "button button--small", type: "button",
            onclick: async () => { await send("POST", `/v1/notifications/${n.id}/resend`); window.location.reload(); } },
          "Send again", h("span", { class: "visually-hidden" }, `: ${n.subject} to ${n.recipient_email}`)) }] : []),
      ],
    }),
    h("h2", { class: "heading-m" }, "Waiting to send"),
    dataTable({
      caption: "Emails waiting to send", rows: pending.notifications, searchLabel: "Search", empty: "None waiting.",
      csv: "/v1/notifications?status=pending&format=csv",
      columns: [
        { label: "To", value: (n) => `${n.recipient_name ?? ""} <${n.recipient_email}>` },
        { label: "Subject", value: (n) => n.subject },
        { label: "Tries", value: (n) => n.attempts, numeric: true },
        { label: "Next try", value: (n) => formatInstant(n.next_attempt_at), sortValue: (n) => n.next_attempt_at },
        { label: "Last answer", value: (n) => n.last_error ?? "", sortable: false },
      ],
    }));
}
