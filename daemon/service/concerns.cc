#include "daemon/service/concerns.h"

#include <fmt/format.h>

#include "daemon/service/change_log.h"
#include "daemon/service/cycle_common.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

Concern concern_or_404(Transaction& tx, Id id) {
  std::optional<Concern> concern = tx.follow_up().find_concern(id);
  if (!concern) throw NotFound(fmt::format("no concern {}", id));
  return *concern;
}

void check_open(const Concern& concern) {
  if (concern.status == ConcernStatus::kResolved) {
    throw Conflict(fmt::format("concern {} was resolved on {}", concern.id,
                               format_date(*concern.resolved_on)));
  }
}

void check_not_future(Date date, Date today, std::string_view field) {
  if (date > today) {
    throw RuleViolation(fmt::format("{} {} is in the future (today is {})", field,
                                    format_date(date), format_date(today)),
                        std::string(field));
  }
}

int checked_category(std::int64_t category) {
  if (category != 1 && category != 2) {
    throw InputError(fmt::format("category: expected 1 (immediate risk of significant harm) or 2 "
                                 "(service not right for the child's needs), got {}",
                                 category),
                     "category");
  }
  return static_cast<int>(category);
}

std::string case_reference_of(Transaction& tx, Id child_id) {
  std::optional<Child> child = tx.caseload().find_child(child_id);
  return child ? child->case_reference : std::string{};
}

// Who the concern_raised rule will tell, and what stands in its way.
void add_recipients(Transaction& tx, RaisedConcern& raised) {
  const Concern& concern = raised.view.concern;
  std::optional<Child> child = tx.caseload().find_child(concern.child_id);
  std::optional<Team> team = child ? tx.organisation().find_team(child->team_id) : std::nullopt;
  std::optional<Service> service =
      team ? tx.organisation().find_service(team->service_id) : std::nullopt;
  auto check = [&](std::string_view role, std::optional<Id> id) {
    std::optional<Staff> person = id ? tx.organisation().find_staff(*id) : std::nullopt;
    if (!person) {
      raised.warnings.push_back(
          fmt::format("the child's service has no {} on record: nobody in "
                      "that role will be told",
                      role));
    } else if (!person->active || person->email.empty()) {
      raised.warnings.push_back(
          fmt::format("the {} ({}) is inactive or has no email: they will "
                      "not be told",
                      role, person->name));
    } else {
      raised.notify.push_back({.role = std::string(role), .staff_id = person->id});
    }
  };
  check("head of service", service ? service->head_of_service_id : std::nullopt);
  if (concern.category == 1) check("director", service ? service->director_id : std::nullopt);
}

// The rules for raising from `audit`, other than the dates.
void check_raisable(Transaction& tx, const Audit& audit, int category) {
  if (audit.status == AuditStatus::kWithdrawn) {
    throw RuleViolation(
        fmt::format("audit {} was withdrawn: raise the concern from another audit", audit.id),
        "audit_id");
  }
  if (!current_grade(audit)) {
    throw RuleViolation(fmt::format("audit {} is not graded yet: a concern needs a graded audit "
                                    "(submitted or moderated)",
                                    audit.id),
                        "audit_id");
  }
  // A second open concern of the same category would tell the same people
  // the same thing twice (a double-clicked form); raising category 1 over an
  // open category 2 is an escalation and goes through.
  for (const Concern& other : tx.load_authority().concerns) {
    if (other.child_id == audit.child_id && other.status == ConcernStatus::kOpen &&
        other.category == category) {
      throw Conflict(fmt::format("the child already has an open category {} concern ({})", category,
                                 other.id));
    }
  }
}

// The open category 1 concern of the child, when there is one.
std::optional<Concern> open_category_1(Transaction& tx, Id child_id) {
  for (const Concern& other : tx.load_authority().concerns) {
    if (other.child_id == child_id && other.category == 1 && other.status == ConcernStatus::kOpen) {
      return other;
    }
  }
  return std::nullopt;
}

}  // namespace

RaisedConcern raise_concern(const ServiceContext& services, const Caller& caller,
                            const NewConcern& input) {
  const int category = checked_category(input.category);
  RaisedConcern raised = services.store.transact_result<RaisedConcern>(
      [&](Transaction& tx) { return raise_concern_in(services, tx, caller, input); });
  if (category == 1 && services.wake_reminders) services.wake_reminders();
  return raised;
}

RaisedConcern raise_concern_in(const ServiceContext& services, Transaction& tx,
                               const Caller& caller, const NewConcern& input) {
  const int category = checked_category(input.category);
  const Date today = local_day(services, caller);
  const Date raised_on = input.raised_on.value_or(today);
  check_not_future(raised_on, today, "raised_on");
  std::optional<Audit> audit = tx.allocation().find_audit(input.audit_id);
  if (!audit) throw NotFound(fmt::format("no audit {}", input.audit_id), "audit_id");
  if (raised_on < audit->month.first_day()) {
    throw RuleViolation(fmt::format("raised_on {} is before the audit's month {}",
                                    format_date(raised_on), audit->month.to_string()),
                        "raised_on");
  }
  check_raisable(tx, *audit, category);
  const std::optional<Concern> category_1 =
      category == 2 ? open_category_1(tx, audit->child_id) : std::nullopt;
  Concern concern{.child_id = audit->child_id,
                  .audit_id = input.audit_id,
                  .category = category,
                  .raised_on = raised_on};
  concern.id = tx.follow_up().insert_concern(concern);
  log_change(tx, caller, "concern.raise", "concern", std::to_string(concern.id), nullptr,
             to_json(concern));
  // Raising a concern from an audit awaiting classification classifies it.
  if (awaits_classification(*audit)) {
    Audit classified = *audit;
    classified.classification =
        category == 1 ? Classification::kCategory1 : Classification::kCategory2;
    tx.allocation().update_audit(classified);
    log_change(tx, caller, "audit.classify", "audit", std::to_string(audit->id), to_json(*audit),
               to_json(classified));
  }
  RaisedConcern result{
      .view = {.concern = concern, .case_reference = case_reference_of(tx, concern.child_id)}};
  if (category_1) {
    result.open_category_1 =
        fmt::format("the child also has an open category 1 case of concern ({}, raised on {})",
                    category_1->id, format_date(category_1->raised_on));
  }
  add_recipients(tx, result);
  if (category == 1 && services.enqueue_urgent) {
    result.urgent_emails_enqueued = services.enqueue_urgent(tx, caller.at);
  }
  return result;
}

ConcernUpdate record_concern_update_in(Transaction& tx, const ServiceContext& services,
                                       const Caller& caller, const ConcernUpdate& update) {
  const Month this_month = Month::of(local_day(services, caller));
  if (update.month > this_month) {
    throw RuleViolation(fmt::format("month {} has not begun: an update is for this month or "
                                    "an earlier one",
                                    update.month.to_string()),
                        "month");
  }
  const Concern concern = concern_or_404(tx, update.concern_id);
  check_open(concern);
  if (update.month < Month::of(concern.raised_on)) {
    throw RuleViolation(fmt::format("month {} is before the concern was raised ({})",
                                    update.month.to_string(), format_date(concern.raised_on)),
                        "month");
  }
  if (update.recorded_by && !tx.organisation().find_staff(*update.recorded_by)) {
    throw NotFound(fmt::format("no staff member {}", *update.recorded_by), "recorded_by");
  }
  // Checked here for a message naming the month; the unique key
  // (concern_id, month) still settles two requests racing.
  for (const ConcernUpdate& existing : tx.follow_up().concern_updates_for(update.concern_id)) {
    if (existing.month == update.month) {
      throw Conflict(fmt::format("concern {} already has its update for {} ({})", update.concern_id,
                                 update.month.to_string(), existing.id),
                     "month");
    }
  }
  ConcernUpdate result = update;
  result.id = tx.follow_up().insert_concern_update(result);
  log_change(tx, caller, "concern.monthly_update", "concern_update", std::to_string(result.id),
             nullptr, to_json(result));
  return result;
}

ConcernUpdate record_concern_update(const ServiceContext& services, const Caller& caller,
                                    const ConcernUpdate& update) {
  return services.store.transact_result<ConcernUpdate>(
      [&](Transaction& tx) { return record_concern_update_in(tx, services, caller, update); });
}

ConcernView resolve_concern_in(Transaction& tx, const ServiceContext& services,
                               const Caller& caller, Id concern_id, const Resolution& resolution) {
  const Date today = local_day(services, caller);
  const Date on = resolution.resolved_on.value_or(today);
  check_not_future(on, today, "resolved_on");
  if (resolution.note.size() > kMaxResolutionNote) {
    throw RuleViolation(fmt::format("note: {} characters long; at most {} are kept",
                                    resolution.note.size(), kMaxResolutionNote),
                        "note");
  }
  if (resolution.reason == ConcernResolution::kOther &&
      resolution.note.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw RuleViolation(
        "note: say why the concern is resolved when the reason is \"Another reason\"", "note");
  }
  const Concern before = concern_or_404(tx, concern_id);
  check_open(before);
  if (on < before.raised_on) {
    throw RuleViolation(fmt::format("resolved_on {} is before the concern was raised ({})",
                                    format_date(on), format_date(before.raised_on)),
                        "resolved_on");
  }
  Concern after = before;
  after.status = ConcernStatus::kResolved;
  after.resolved_on = on;
  after.resolution = resolution.reason;
  after.resolution_note = resolution.note;
  tx.follow_up().update_concern(after);
  log_change(tx, caller, "concern.resolve", "concern", std::to_string(concern_id), to_json(before),
             to_json(after));
  return ConcernView{.concern = after,
                     .case_reference = case_reference_of(tx, after.child_id),
                     .updates = tx.follow_up().concern_updates_for(concern_id)};
}

ConcernView resolve_concern(const ServiceContext& services, const Caller& caller, Id concern_id,
                            const Resolution& resolution) {
  return services.store.transact_result<ConcernView>([&](Transaction& tx) {
    return resolve_concern_in(tx, services, caller, concern_id, resolution);
  });
}

}  // namespace caseaudit::daemon
