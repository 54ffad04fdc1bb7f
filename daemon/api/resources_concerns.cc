// Cases of concern: list, read (with the monthly updates), raise, record the
// head of service's monthly update, resolve.
//
// Who is told, and when, follows from the stored state (rules concern_raised,
// concern_update, concern_long_open). A category 1 concern must reach the
// head of service and the director at once, even outside the send window: so
// the rules' urgent pass runs inside the raise's own transaction
// (ApiContext::enqueue_urgent), putting their emails in the outbox with the
// concern, and after the commit the daemon is woken (wake_reminders) to send
// them instead of waiting for the delivery job's next turn.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

#include "daemon/service/record_json.h"
#include "daemon/api/resources.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

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

int read_category(JsonFields& fields) {
  const std::int64_t category = fields.required_integer("category");
  if (category != 1 && category != 2) {
    throw InputError(fmt::format("category: expected 1 (immediate risk of significant harm) or 2 "
                                 "(service not right for the child's needs), got {}",
                                 category),
                     "category");
  }
  return static_cast<int>(category);
}

// The concern with what a reader needs besides its ids.
json::object concern_view(const Concern& concern, const std::string& case_reference,
                          const std::vector<ConcernUpdate>& updates) {
  json::object view = to_json(concern).as_object();
  view["case_reference"] = case_reference;
  view["updates"] = to_json_array(updates);
  return view;
}

std::string case_reference_of(Transaction& tx, Id child_id) {
  std::optional<Child> child = tx.caseload().find_child(child_id);
  return child ? child->case_reference : std::string{};
}

// Who the concern_raised rule will tell, and what stands in its way: a
// missing or unreachable head of service or director would leave a child at
// risk known to nobody, so the coordinator hears of it in the response. The
// concern is stored all the same: refusing it would lose it.
void add_recipients(Transaction& tx, const Concern& concern, json::object& view) {
  std::optional<Child> child = tx.caseload().find_child(concern.child_id);
  std::optional<Team> team = child ? tx.organisation().find_team(child->team_id) : std::nullopt;
  std::optional<Service> service = team ? tx.organisation().find_service(team->service_id) : std::nullopt;
  json::array notify, warnings;
  auto check = [&](std::string_view role, std::optional<Id> id) {
    std::optional<Staff> person = id ? tx.organisation().find_staff(*id) : std::nullopt;
    if (!person) {
      warnings.emplace_back(
          fmt::format("the child's service has no {} on record: nobody in "
                      "that role will be told",
                      role));
    } else if (!person->active || person->email.empty()) {
      warnings.emplace_back(
          fmt::format("the {} ({}) is inactive or has no email: they will "
                      "not be told",
                      role, person->name));
    } else {
      notify.push_back(json::object{{"role", role}, {"staff_id", person->id}});
    }
  };
  check("head of service", service ? service->head_of_service_id : std::nullopt);
  if (concern.category == 1) check("director", service ? service->director_id : std::nullopt);
  view["notify"] = std::move(notify);
  view["warnings"] = std::move(warnings);
}

ApiResponse list_concerns(ApiContext& context, ApiRequest& request) {
  std::optional<ConcernStatus> status;
  if (auto text = request.query("status")) status = parse_concern_status(*text, "status");
  std::optional<int> category;
  if (auto text = request.query("category")) {
    if (*text != "1" && *text != "2") throw InputError("category: expected 1 or 2", "category");
    category = std::stoi(*text);
  }
  auto authority =
      context.services.store.read_result<Authority>([](Transaction& tx) { return tx.load_authority(); });
  std::map<Id, std::string> references;
  for (const Child& child : authority.children) references[child.id] = child.case_reference;
  std::map<Id, std::vector<ConcernUpdate>> updates;
  for (const ConcernUpdate& update : authority.concern_updates) {
    updates[update.concern_id].push_back(update);
  }
  json::array concerns;
  for (const Concern& concern : authority.concerns) {
    if ((status && concern.status != *status) || (category && concern.category != *category)) {
      continue;
    }
    json::object view = concern_view(concern, references[concern.child_id], {});
    const auto& own = updates[concern.id];
    view.erase("updates");
    view["last_update_month"] =
        own.empty()
            ? json::value(nullptr)
            : json::value(
                  std::max_element(own.begin(), own.end(), [](const auto& a, const auto& b) {
                    return a.month < b.month;
                  })->month.to_string());
    concerns.push_back(std::move(view));
  }
  return json_response(json::object{{"concerns", std::move(concerns)}});
}

ApiResponse get_concern(ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  auto view = context.services.store.read_result<json::object>([&](Transaction& tx) {
    const Concern concern = concern_or_404(tx, id);
    return concern_view(concern, case_reference_of(tx, concern.child_id),
                        tx.follow_up().concern_updates_for(id));
  });
  return json_response(std::move(view));
}

// The rules for raising from `audit`, other than the dates.
void check_raisable(Transaction& tx, const Audit& audit, int category) {
  if (audit.status == AuditStatus::kWithdrawn) {
    throw RuleViolation(
        fmt::format("audit {} was withdrawn: raise the concern from another audit", audit.id),
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

ApiResponse raise_concern(ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  const Id audit_id = fields.required_id("audit_id");
  const int category = read_category(fields);
  const Date today = local_today(context, request);
  const Date raised_on = fields.date("raised_on").value_or(today);
  fields.finish();
  check_not_future(raised_on, today, "raised_on");
  auto view = context.services.store.transact_result<json::object>([&](Transaction& tx) {
    std::optional<Audit> audit = tx.allocation().find_audit(audit_id);
    if (!audit) throw NotFound(fmt::format("no audit {}", audit_id), "audit_id");
    if (raised_on < audit->month.first_day()) {
      throw RuleViolation(fmt::format("raised_on {} is before the audit's month {}",
                                      format_date(raised_on), audit->month.to_string()),
                          "raised_on");
    }
    check_raisable(tx, *audit, category);
    Concern concern{.child_id = audit->child_id,
                    .audit_id = audit_id,
                    .category = category,
                    .raised_on = raised_on};
    concern.id = tx.follow_up().insert_concern(concern);
    request.log_change(tx, "concern.raise", "concern", std::to_string(concern.id), nullptr,
                       to_json(concern));
    json::object result = concern_view(concern, case_reference_of(tx, concern.child_id), {});
    add_recipients(tx, concern, result);
    if (category == 1 && context.services.enqueue_urgent) {
      result["urgent_emails_enqueued"] = context.services.enqueue_urgent(tx, request.now());
    }
    return result;
  });
  if (category == 1 && context.services.wake_reminders) context.services.wake_reminders();
  return json_response(std::move(view), 201);
}

ApiResponse record_update(ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  std::optional<Month> month = fields.month("month");
  if (!month) throw InputError("month is required", "month");
  ConcernUpdate update{.concern_id = id,
                       .month = *month,
                       .note = fields.required_text("note"),
                       .recorded_by = fields.id("recorded_by")};
  fields.finish();
  const Month this_month = Month::of(local_today(context, request));
  if (update.month > this_month) {
    throw RuleViolation(fmt::format("month {} has not begun: an update is for this month or "
                                    "an earlier one",
                                    update.month.to_string()),
                        "month");
  }
  auto stored = context.services.store.transact_result<ConcernUpdate>([&](Transaction& tx) {
    const Concern concern = concern_or_404(tx, id);
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
    for (const ConcernUpdate& existing : tx.follow_up().concern_updates_for(id)) {
      if (existing.month == update.month) {
        throw Conflict(fmt::format("concern {} already has its update for {} ({})", id,
                                   update.month.to_string(), existing.id),
                       "month");
      }
    }
    ConcernUpdate result = update;
    result.id = tx.follow_up().insert_concern_update(result);
    request.log_change(tx, "concern.monthly_update", "concern_update", std::to_string(result.id),
                       nullptr, to_json(result));
    return result;
  });
  return json_response(to_json(stored), 201);
}

ApiResponse resolve_concern(ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const Date today = local_today(context, request);
  const Date resolved_on = fields.date("resolved_on").value_or(today);
  fields.finish();
  check_not_future(resolved_on, today, "resolved_on");
  auto view = context.services.store.transact_result<json::object>([&](Transaction& tx) {
    const Concern before = concern_or_404(tx, id);
    check_open(before);
    if (resolved_on < before.raised_on) {
      throw RuleViolation(fmt::format("resolved_on {} is before the concern was raised ({})",
                                      format_date(resolved_on), format_date(before.raised_on)),
                          "resolved_on");
    }
    Concern after = before;
    after.status = ConcernStatus::kResolved;
    after.resolved_on = resolved_on;
    tx.follow_up().update_concern(after);
    request.log_change(tx, "concern.resolve", "concern", std::to_string(id), to_json(before),
                       to_json(after));
    return concern_view(after, case_reference_of(tx, after.child_id), tx.follow_up().concern_updates_for(id));
  });
  return json_response(std::move(view));
}

}  // namespace

void add_concern_routes(ApiContext& context) {
  auto bind = [&context](ApiResponse (*handler)(ApiContext&, ApiRequest&)) {
    return [&context, handler](ApiRequest& request) { return handler(context, request); };
  };
  context.api.add({.method = "GET",
                   .pattern = "/v1/concerns",
                   .access = Access::kRead,
                   .query_params = {"status", "category"},
                   .handler = bind(list_concerns)});
  context.api.add({.method = "POST",
                   .pattern = "/v1/concerns",
                   .access = Access::kWrite,
                   .body = BodyKind::kJson,
                   .handler = bind(raise_concern)});
  context.api.add({.method = "GET",
                   .pattern = "/v1/concerns/{id}",
                   .access = Access::kRead,
                   .handler = bind(get_concern)});
  context.api.add({.method = "POST",
                   .pattern = "/v1/concerns/{id}/updates",
                   .access = Access::kWrite,
                   .body = BodyKind::kJson,
                   .handler = bind(record_update)});
  context.api.add({.method = "POST",
                   .pattern = "/v1/concerns/{id}/resolve",
                   .access = Access::kWrite,
                   .body = BodyKind::kOptionalJson,
                   .handler = bind(resolve_concern)});
}

}  // namespace caseaudit::daemon::api
