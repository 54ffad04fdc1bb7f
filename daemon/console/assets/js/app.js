// The console's entry point: who is signed in (GET /v1/session; no session
// goes to sign-in and comes back here), the navigation, and the page the
// path names (/ and /console/month: This month; /console/staff ...).

import { h, clear } from "./dom.js";
import { loadSession, send, ApiError } from "./api.js";
import { showBanner } from "./banner.js";
import { words } from "./format.js";

const PAGES = [
  { path: "/console/month", title: "This month", load: () => import("./pages/month.js") },
  { path: "/console/staff", title: "Staff and rotas", load: () => import("./pages/staff.js") },
  { path: "/console/teams", title: "Teams and services", load: () => import("./pages/teams.js") },
  { path: "/console/caseload", title: "Caseload", load: () => import("./pages/caseload.js") },
  { path: "/console/pairings", title: "Pairings", load: () => import("./pages/pairings.js") },
  { path: "/console/actions", title: "Actions", load: () => import("./pages/actions.js") },
  { path: "/console/concerns", title: "Cases of concern", load: () => import("./pages/concerns.js") },
  { path: "/console/outbox", title: "Outbox", load: () => import("./pages/outbox.js") },
  { path: "/console/changes", title: "Change log", load: () => import("./pages/changes.js") },
  { path: "/console/snapshot", title: "Performance snapshot", load: () => import("./pages/snapshot.js") },
  { path: "/console/quarter", title: "Quarterly report", load: () => import("./pages/quarter.js") },
];

function pageFor(path) {
  const trimmed = path.replace(/\/+$/, "");
  if (trimmed === "" || trimmed === "/console") return PAGES[0];
  return PAGES.find((p) => p.path === trimmed) ?? null;
}

function drawHeader(session, current) {
  const nav = document.getElementById("nav");
  clear(nav);
  for (const page of PAGES) {
    nav.append(h("li", {}, h("a", { href: page.path, "aria-current": page === current ? "page" : null }, page.title)));
  }
  const person = document.getElementById("person");
  clear(person);
  person.append(`${session.person.name} (${words(session.access)}) `,
    h("button", { class: "link-button", type: "button", onclick: signOut, id: "sign-out" }, "Sign out"));
}

async function signOut() {
  try {
    await send("DELETE", "/v1/session");
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  window.location.assign("/sign-in");
}

async function main() {
  const session = await loadSession();
  const page = pageFor(window.location.pathname);
  drawHeader(session, page);
  const root = document.getElementById("main");
  clear(root);
  if (!page) {
    document.title = "Page not found - caseaudit";
    root.append(h("h1", { class: "heading-l" }, "Page not found"),
      h("p", { class: "body" }, "There is no console page at this address. ", h("a", { href: "/" }, "Go to This month"), "."));
    return;
  }
  document.title = `${page.title} - caseaudit`;
  if (session.access === "self") {
    root.append(h("h1", { class: "heading-l" }, page.title),
      h("p", { class: "body" }, "You are signed in, but the console is for the QA team, directors and heads of service. "
        + "Ask the QA team if you need to see it."));
    return;
  }
  const module = await page.load();
  const notice = window.sessionStorage.getItem("caseaudit.notice");
  window.sessionStorage.removeItem("caseaudit.notice");
  await module.render(root, { session, canWrite: session.access === "coordinator" });
  if (notice) {
    root.prepend(h("div", { class: "notice notice--success", role: "status", id: "notice" }, h("p", {}, notice)));
  }
}

main().catch((error) => {
  if (error instanceof ApiError && (error.status === 0 || error.status === 503)) return;  // banner shown
  showBanner(`The page could not be drawn: ${error.message}. Reload the page to try again.`);
});
