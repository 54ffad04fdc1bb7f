// Dates, months, statuses and grades as people write them.

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

function parts(iso) {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso ?? "");
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: match[3] ? Number(match[3]) : 1 };
}

// "2026-12-31" -> "Thu 31 Dec 2026"; null -> "".
export function formatDate(iso) {
  const p = parts(iso);
  if (!p) return "";
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

// "2026-12" -> "December 2026".
export function formatMonth(iso) {
  const p = parts(iso);
  return p ? `${LONG_MONTHS[p.month - 1]} ${p.year}` : "";
}

// An instant ("2027-01-11T09:00:00Z") in London time: "Mon 11 Jan 2027 at 09:00".
export function formatInstant(iso) {
  if (!iso) return "";
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const local = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(when);
  const get = (type) => local.find((p) => p.type === type)?.value ?? "";
  return `${formatDate(`${get("year")}-${get("month")}-${get("day")}`)} at ${get("hour")}:${get("minute")}`;
}

// The month (YYYY-MM) containing today in London.
export function currentMonth() {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit" })
    .format(new Date());
  return today.slice(0, 7);
}

export function todayIso() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" })
    .format(new Date());
}

export function shiftMonth(month, by) {
  const p = parts(month);
  const index = p.year * 12 + (p.month - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

// Whole days from `iso` to today (London).
export function daysSince(iso) {
  const from = parts(iso);
  const to = parts(todayIso());
  if (!from || !to) return null;
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86400000);
}

const WORDS = {
  // audit statuses and outcomes
  allocated: "Allocated", submitted: "Submitted", moderated: "Moderated", withdrawn: "Withdrawn",
  planned: "Not yet allocated", closed: "Closed",
  completed_to_standard: "Completed to standard", not_meeting_standard: "Not meeting the standard (sent back)",
  nil_return: "Nil return", late_return: "Late return", exempted_after_allocation: "Exempted after allocation",
  // grades
  outstanding: "Outstanding", good: "Good", requires_improvement: "Requires improvement", inadequate: "Inadequate",
  // legal statuses
  child_in_need: "Child in need", child_protection: "Child protection", child_in_care: "Child in care",
  care_leaver: "Care leaver", disabled_children: "Disabled children", under_assessment: "Under assessment",
  // roles
  social_worker: "Social worker", advanced_practitioner: "Advanced practitioner",
  practice_supervisor: "Practice supervisor", team_manager: "Team manager", service_manager: "Service manager",
  head_of_service: "Head of service", court_consultant: "Court consultant", qa_officer: "QA officer",
  iro_cp_chair: "IRO / CP chair", director: "Director", other: "Other",
  // exemption kinds
  maternity_leave: "Maternity leave", extended_leave: "Extended leave or absence", moderating: "Moderating this month",
  secondment: "Secondment", single_month: "Single month (authorised by a director)",
  // rotas and access
  monthly: "Every month", bimonthly: "Every other month", odd: "odd months", even: "even months",
  coordinator: "Coordinator", viewer: "Viewer (read only)", none: "No console access", self: "Own items only",
  // actions, concerns, outbox
  open: "Open", completed: "Completed", resolved: "Resolved", pending: "Waiting to send", sent: "Sent",
  dead: "Not delivered",
};

// A stored value in words: "requires_improvement" -> "Requires improvement".
export function words(value) {
  if (value === null || value === undefined || value === "") return "";
  if (Object.hasOwn(WORDS, value)) return WORDS[value];
  const text = String(value).replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function rota(r) {
  if (!r) return "";
  return r.cadence === "bimonthly" ? `Every other month (${r.parity})` : "Every month";
}

export function yesNo(value) {
  return value ? "Yes" : "No";
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

export function percent(share) {
  return share === null || share === undefined ? "not yet known" : `${Math.round(share * 100)}%`;
}
