// The JSON API, as the console calls it: same-origin fetch with the session
// cookie, the CSRF token on every write, and the house failures handled once:
//  - 401 (no session or it expired): to the sign-in page, coming back to
//    the page the person was on;
//  - 503 or no answer at all (the database or the daemon is away): the
//    banner says so; the page stays as it was;
//  - any other refusal becomes an ApiError with the API's code, message
//    and field, for the form to show beside that field.

import { showBanner, hideBanner } from "./banner.js";

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, body) {
    const error = body?.error ?? {};
    super(error.message ?? `the server answered ${status}`);
    this.status = status;
    this.code = error.code ?? "";
    this.field = error.field ?? "";
    this.body = body;
  }
}

export function signInUrl() {
  const here = window.location.pathname + window.location.search;
  return `/sign-in?return_to=${encodeURIComponent(here)}`;
}

function toSignIn() {
  window.location.assign(signInUrl());
  // Nothing after this should draw: the page is being left.
  return new Promise(() => {});
}

// The person signed in: {person, access, csrf_token, ...}; goes to sign-in
// when there is no session.
export async function loadSession() {
  const session = await request("GET", "/v1/session");
  csrfToken = session.csrf_token;
  return session;
}

export function get(path) {
  return request("GET", path);
}

export function send(method, path, body) {
  return request(method, path, body);
}

// A CSV body (imports).
export function sendCsv(path, text) {
  return request("POST", path, text, "text/csv");
}

async function request(method, path, body, contentType = "application/json") {
  const headers = { Accept: "application/json" };
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let payload;
  if (body !== undefined) {
    headers["Content-Type"] = contentType;
    payload = contentType === "application/json" ? JSON.stringify(body) : body;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: "same-origin", cache: "no-store" });
  } catch {
    showBanner("The console cannot reach the caseaudit server. Check your connection and try again; nothing you typed has been lost.");
    throw new ApiError(0, { error: { code: "unreachable", message: "the server could not be reached" } });
  }
  if (response.status === 401) return toSignIn();
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.status === 503) {
    showBanner("The database cannot be reached just now, so nothing was changed. Try again in a minute; if it goes on, tell the engineer running the server.");
    throw new ApiError(503, json);
  }
  if (!response.ok) throw new ApiError(response.status, json);
  hideBanner();
  return json;
}
