// One audit of the cycle: read it, reassign or withdraw it, record its
// submission (grades) and its moderation.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "daemon/api/cycle_common.h"
#include "daemon/service/record_json.h"
#include "daemon/api/month_audit_rows.h"
#include "daemon/api/resources.h"
#include "scheduler/allocation/roster.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

// Higher is better; the enumeration lists grades best first.
int rank(Grade grade) { return -static_cast<int>(grade); }

void require_month_open(Transaction& tx, Month month) {
  std::optional<AllocationRun> run = tx.allocation().find_run(month);
  if (run && run->status == MonthStatus::kClosed) {
    throw Conflict(fmt::format("month {} is closed", month.to_string()), "month");
  }
}

void require_status(const Audit& audit, AuditStatus wanted, std::string_view doing) {
  if (audit.status == wanted) return;
  throw Conflict(
      fmt::format("audit {} is {}: only a{} {} audit can be {}", audit.id, to_string(audit.status),
                  wanted == AuditStatus::kAllocated ? "n" : "", to_string(wanted), doing),
      "status");
}

AuditRow with_child(Transaction& tx, Audit audit) {
  AuditRow row{.audit = std::move(audit)};
  if (std::optional<Child> child = tx.caseload().find_child(row.audit.child_id)) {
    row.case_reference = child->case_reference;
    row.team_id = child->team_id;
  }
  return row;
}

ApiResponse get_audit(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  return context.services.store.read_result<ApiResponse>([&](Transaction& tx) {
    json::object body = to_json(with_child(tx, require_audit(tx, id)));
    body["actions"] = to_json_array(tx.follow_up().actions_for_audit(id));
    return json_response(std::move(body));
  });
}

// ---- Reassign ----------------------------------------------------------------

int live_audits_of(const std::vector<Audit>& audits, Month month, Id auditor_id) {
  return static_cast<int>(std::count_if(audits.begin(), audits.end(), [&](const Audit& a) {
    return a.month == month && a.auditor_id == auditor_id && a.status != AuditStatus::kWithdrawn;
  }));
}

// The allocation's hard rules for one auditor and one child, worded as the
// pins of allocate_month word them; RuleViolation naming "auditor_id".
void check_auditor(const Roster& roster, const Audit& audit, const Staff& auditor) {
  const Month month = roster.month();
  const Child& child = roster.child(audit.child_id);
  auto refuse = [](const std::string& why) { throw RuleViolation(why, "auditor_id"); };
  if (auditor.id == audit.auditor_id) refuse(auditor.name + " already audits this child");
  if (const auto why = roster.unavailable_reason(auditor)) {
    refuse(fmt::format("{} cannot audit in {}: {}", auditor.name, month.to_string(), *why));
  }
  if (!roster.may_audit(auditor, child)) {
    refuse(fmt::format("{} may not audit a child of team {} (not their own team)", auditor.name,
                       roster.team(child.team_id).name));
  }
  const auto& audits = roster.authority().audits;
  if (std::any_of(audits.begin(), audits.end(), [&](const Audit& a) {
        return a.month == month && a.child_id == child.id && a.auditor_id == auditor.id &&
               a.status != AuditStatus::kWithdrawn;
      })) {
    refuse(fmt::format("{} already audits child {} in {} (a looped child needs two auditors)",
                       auditor.name, child.case_reference, month.to_string()));
  }
  const int quota = roster.policy().quota_for(auditor);
  const int live = live_audits_of(audits, month, auditor.id);
  if (live >= quota) {
    refuse(fmt::format("{} already has {} audit{} in {} ({})", auditor.name, live,
                       live == 1 ? "" : "s", month.to_string(),
                       quota == 1 ? "one audit a month" : fmt::format("quota {} a month", quota)));
  }
}

// The new auditor's paired moderator when they may moderate it and have
// capacity left, else the current moderator on the same terms, else none
// (external moderation): as the moderation stage prefers.
std::optional<Id> choose_moderator(const Roster& roster, const Audit& audit, Id auditor_id) {
  const Child& child = roster.child(audit.child_id);
  auto fits = [&](std::optional<Id> id) {
    if (!id || !roster.has_staff(*id)) return false;
    const Staff& moderator = roster.staff(*id);
    if (!roster.may_moderate(moderator, auditor_id, child)) return false;
    const auto& audits = roster.authority().audits;
    const auto load = std::count_if(audits.begin(), audits.end(), [&](const Audit& a) {
      return a.month == audit.month && a.id != audit.id && a.moderator_id == id &&
             a.status != AuditStatus::kWithdrawn;
    });
    return load < roster.moderation_capacity(moderator);
  };
  if (std::optional<Id> paired = roster.paired_moderator(auditor_id); fits(paired)) return paired;
  if (fits(audit.moderator_id)) return audit.moderator_id;
  return std::nullopt;
}

ApiResponse reassign(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const Id auditor_id = fields.required_id("auditor_id");
  const std::string reason = fields.required_text("reason");
  fields.finish();
  return context.services.store.transact_result<ApiResponse>([&](Transaction& tx) {
    const Audit before = require_audit(tx, id);
    require_status(before, AuditStatus::kAllocated, "reassigned");
    require_month_open(tx, before.month);
    const Authority authority = tx.load_authority();
    const Roster roster(authority, before.month, context.services.allocation.policy());
    if (!roster.has_staff(auditor_id)) {
      throw NotFound(fmt::format("auditor_id: no staff member {}", auditor_id), "auditor_id");
    }
    const Staff& auditor = roster.staff(auditor_id);
    check_auditor(roster, before, auditor);
    Audit after = before;
    after.auditor_id = auditor_id;
    after.moderator_id = choose_moderator(roster, before, auditor_id);
    after.needs_external_moderation = !after.moderator_id;
    after.pin_reason = reason;
    after.explanation += fmt::format("{}Reassigned by the QA coordinator from {} to {}: {}",
                                     before.explanation.empty() ? "" : "\n",
                                     roster.staff(before.auditor_id).name, auditor.name, reason);
    tx.allocation().update_audit(after);
    request.log_change(tx, "audit.reassign", "audit", std::to_string(id), to_json(before),
                       to_json(after));
    return json_response(to_json(with_child(tx, after)));
  });
}

// ---- Withdraw ------------------------------------------------------------------

ApiResponse withdraw(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const std::string reason = fields.required_text("reason");
  fields.finish();
  // AllocationService would also withdraw a submitted audit; the API refuses
  // that (a graded audit is a result, not a vacancy), checked in the same
  // transaction as the withdrawal so that a submission in between cannot slip
  // through.
  WithdrawOutcome outcome;
  context.services.store.transact([&](Transaction& tx) {
    require_status(require_audit(tx, id), AuditStatus::kAllocated, "withdrawn");
    outcome = context.services.allocation.withdraw_in(tx, id, reason, request.token().name, request.now());
  });
  return json_response(json::object{
      {"withdrawn", to_json(outcome.result.withdrawn)},
      {"replacement", to_json(outcome.result.replacement)},
      {"explanation", outcome.result.explanation},
      {"reason", reason},
  });
}

// ---- Submission ------------------------------------------------------------------

struct Submission {
  Grade overall = Grade::kGood;
  std::map<std::string, Grade> domains;
  std::optional<std::string> justification;
  std::optional<Date> submitted_on;
};

std::map<std::string, Grade> parse_domain_grades(JsonFields& fields) {
  std::optional<json::object> object = fields.object("domain_grades");
  if (!object) throw InputError("domain_grades is required", "domain_grades");
  if (object->empty()) {
    throw InputError("domain_grades: at least one domain needs a grade", "domain_grades");
  }
  std::map<std::string, Grade> grades;
  for (const auto& [key, value] : *object) {
    const std::string field = "domain_grades." + std::string(key);
    if (!value.is_string()) throw InputError(field + ": expected a grade name", field);
    grades.emplace(std::string(key), parse_grade(std::string(value.as_string()), field));
  }
  return grades;
}

Submission parse_submission(JsonFields fields) {
  Submission submission;
  submission.overall = parse_grade(fields.required_string("overall_grade"), "overall_grade");
  submission.domains = parse_domain_grades(fields);
  if (fields.has("justification")) submission.justification = fields.required_text("justification");
  submission.submitted_on = fields.date("submitted_on");
  fields.finish();
  return submission;
}

// Bradford's rule: the overall grade is at most one grade above the lowest
// domain grade, unless the auditor says why.
void check_grading_rule(const Submission& submission) {
  const auto lowest = std::min_element(
      submission.domains.begin(), submission.domains.end(),
      [](const auto& a, const auto& b) { return rank(a.second) < rank(b.second); });
  if (rank(submission.overall) - rank(lowest->second) < 2 || submission.justification) return;
  throw RuleViolation(
      fmt::format("overall_grade: the overall grade may be at most one grade above the lowest "
                  "domain grade unless a justification is given ({} is {} grades above {} in {})",
                  to_string(submission.overall), rank(submission.overall) - rank(lowest->second),
                  to_string(lowest->second), lowest->first),
      "overall_grade");
}

ApiResponse submit(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  const Submission submission = parse_submission(request.json());
  const Date today = local_today(context, request);
  return context.services.store.transact_result<ApiResponse>([&](Transaction& tx) {
    const Audit before = require_audit(tx, id);
    require_status(before, AuditStatus::kAllocated, "submitted");
    require_month_open(tx, before.month);
    check_grading_rule(submission);
    Audit after = before;
    after.status = AuditStatus::kSubmitted;
    after.overall_grade = submission.overall;
    after.domain_grades = submission.domains;
    after.grade_justification = submission.justification;
    after.submitted_on = submission.submitted_on.value_or(today);
    tx.allocation().update_audit(after);
    request.log_change(tx, "audit.submit", "audit", std::to_string(id), to_json(before),
                       to_json(after));
    return json_response(to_json(with_child(tx, after)));
  });
}

// ---- Moderation ------------------------------------------------------------------

AuditOutcome parse_moderation_outcome(JsonFields& fields) {
  const AuditOutcome outcome = parse_audit_outcome(fields.required_string("outcome"), "outcome");
  if (outcome != AuditOutcome::kCompletedToStandard &&
      outcome != AuditOutcome::kNotMeetingStandard) {
    throw InputError(
        "outcome: a moderation's outcome is completed_to_standard or "
        "not_meeting_standard",
        "outcome");
  }
  return outcome;
}

ApiResponse moderate(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const Grade grade = parse_grade(fields.required_string("moderated_grade"), "moderated_grade");
  const AuditOutcome outcome = parse_moderation_outcome(fields);
  const std::optional<Date> moderated_on = fields.date("moderated_on");
  fields.finish();
  const Date today = local_today(context, request);
  return context.services.store.transact_result<ApiResponse>([&](Transaction& tx) {
    const Audit before = require_audit(tx, id);
    require_status(before, AuditStatus::kSubmitted, "moderated");
    Audit after = before;
    after.status = AuditStatus::kModerated;
    after.moderated_grade = grade;
    after.outcome = outcome;
    after.moderated_on = moderated_on.value_or(today);
    tx.allocation().update_audit(after);
    request.log_change(tx, "audit.moderate", "audit", std::to_string(id), to_json(before),
                       to_json(after));
    return json_response(to_json(with_child(tx, after)));
  });
}

}  // namespace

void add_audit_routes(ApiContext& context) {
  // Handlers hold a copy of the context (references and a function): the
  // caller's ApiContext need not outlive the routes.
  auto route = [&context](std::string method, std::string pattern, Access access,
                          ApiResponse (*work)(const ApiContext&, ApiRequest&)) {
    context.api.add({
        .method = std::move(method),
        .pattern = std::move(pattern),
        .access = access,
        .body = access == Access::kWrite ? BodyKind::kJson : BodyKind::kNone,
        .handler = [context, work](ApiRequest& request) { return work(context, request); },
    });
  };
  route("GET", "/v1/audits/{id}", Access::kRead, get_audit);
  route("POST", "/v1/audits/{id}/reassign", Access::kWrite, reassign);
  route("POST", "/v1/audits/{id}/withdraw", Access::kWrite, withdraw);
  route("POST", "/v1/audits/{id}/submission", Access::kWrite, submit);
  route("POST", "/v1/audits/{id}/moderation", Access::kWrite, moderate);
}

}  // namespace caseaudit::daemon::api
