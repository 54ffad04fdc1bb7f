// Cases of concern: list, read (with the monthly updates), raise, record the
// head of service's monthly update, resolve; and the Inadequate audits
// awaiting classification (daemon/service/classifications.h). The rules, and the category 1
// urgent emails, are the service's (daemon/service/concerns.h); these
// handlers parse, call and render.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

#include "daemon/api/csv_export.h"
#include "daemon/api/resources.h"
#include "daemon/service/classifications.h"
#include "daemon/service/concerns.h"
#include "daemon/service/record_json.h"
#include "daemon/service/row_names.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

Concern concern_or_404(Transaction& tx, Id id) {
  std::optional<Concern> concern = tx.follow_up().find_concern(id);
  if (!concern) throw NotFound(fmt::format("no concern {}", id));
  return *concern;
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

json::object concern_view(const ConcernView& view) {
  return concern_view(view.concern, view.case_reference, view.updates);
}

// Days from raising to resolution, or to `today` while open.
std::int64_t age_days(const Concern& concern, Date today) {
  const Date end = concern.resolved_on.value_or(today);
  return (std::chrono::sys_days(end) - std::chrono::sys_days(concern.raised_on)).count();
}

// What the concerns list reads, in one transaction: the concerns, their
// updates, their children (not the whole caseload) and the names.
struct ConcernList {
  std::vector<Concern> concerns;
  std::vector<ConcernUpdate> updates;
  std::vector<Child> children;
  RowNames names;
};

ApiResponse list_concerns(const ApiContext& context, ApiRequest& request) {
  std::optional<ConcernStatus> status;
  if (auto text = request.query("status")) status = parse_concern_status(*text, "status");
  std::optional<int> category;
  if (auto text = request.query("category")) {
    if (*text != "1" && *text != "2") throw InputError("category: expected 1 or 2", "category");
    category = std::stoi(*text);
  }
  const ConcernList list = context.services.store.read_result<ConcernList>([](Transaction& tx) {
    return ConcernList{.concerns = tx.follow_up().concerns(),
                       .updates = tx.follow_up().concern_updates(),
                       .children = tx.caseload().children_with_concerns(),
                       .names = RowNames::read(tx)};
  });
  const RowNames& names = list.names;
  const Date today = local_today(context, request);
  std::map<Id, const Child*> children;
  for (const Child& child : list.children) children[child.id] = &child;
  std::map<Id, std::vector<ConcernUpdate>> updates;
  for (const ConcernUpdate& update : list.updates) updates[update.concern_id].push_back(update);
  json::array concerns;
  for (const Concern& concern : list.concerns) {
    if ((status && concern.status != *status) || (category && concern.category != *category)) {
      continue;
    }
    const auto child = children.find(concern.child_id);
    const Child* record = child == children.end() ? nullptr : child->second;
    // The child's team and its head of service (who owes the QA team the
    // monthly update), after "case_reference".
    const std::optional<Id> team = record ? std::optional<Id>(record->team_id) : std::nullopt;
    const std::optional<Id> head = team ? names.head_of_service_of(*team) : std::nullopt;
    json::object view = with_names(
        concern_view(concern, record ? record->case_reference : std::string{}, {}),
        {{"case_reference", "team_id", team ? json::value(*team) : json::value(nullptr)},
         {"case_reference", "team_name", names.team(team)},
         {"case_reference", "head_of_service_id", head ? json::value(*head) : json::value(nullptr)},
         {"case_reference", "head_of_service_name", names.staff(head)}});
    view["age_days"] = age_days(concern, today);
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
  return list_response(request, json::object{{"concerns", std::move(concerns)}}, "concerns",
                       export_filename("concerns", format_date(today)));
}

ApiResponse get_concern(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  auto view = context.services.store.read_result<json::object>([&](Transaction& tx) {
    const Concern concern = concern_or_404(tx, id);
    return concern_view(concern, case_reference_of(tx, concern.child_id),
                        tx.follow_up().concern_updates_for(id));
  });
  return json_response(std::move(view));
}

// A raised concern: the concern, who is told, what stands in the way.
json::object raised_json(const RaisedConcern& raised) {
  json::object view = concern_view(raised.view);
  json::array notify;
  for (const ConcernRecipient& recipient : raised.notify) {
    notify.push_back(json::object{{"role", recipient.role}, {"staff_id", recipient.staff_id}});
  }
  view["notify"] = std::move(notify);
  view["warnings"] = json::array(raised.warnings.begin(), raised.warnings.end());
  if (raised.urgent_emails_enqueued)
    view["urgent_emails_enqueued"] = *raised.urgent_emails_enqueued;
  if (raised.open_category_1) view["open_category_1"] = *raised.open_category_1;
  return view;
}

ApiResponse raise_concern(const ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  NewConcern concern{.audit_id = fields.required_id("audit_id")};
  concern.category = fields.required_integer("category");
  concern.raised_on = fields.date("raised_on");
  fields.finish();
  const RaisedConcern raised = daemon::raise_concern(context.services, request.caller(), concern);
  return json_response(raised_json(raised), 201);
}

ApiResponse list_classifications(const ApiContext& context, ApiRequest& request) {
  json::array audits;
  for (const AuditRow& row : audits_awaiting_classification(context.services)) {
    audits.push_back(to_json(row));
  }
  return list_response(request, json::object{{"audits", std::move(audits)}}, "audits",
                       export_filename("classifications", "awaiting"));
}

// {"classification": "category_1"|"category_2"|"no_concern", "reason", "raised_on"}
ApiResponse classify(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  ClassificationDecision decision{.classification = parse_classification(
                                      fields.required_string("classification"), "classification")};
  if (fields.has("reason")) decision.reason = fields.required_text("reason");
  decision.raised_on = fields.date("raised_on");
  fields.finish();
  const ClassifiedAudit classified =
      classify_audit(context.services, request.caller(), id, decision);
  json::object body{{"audit", to_json(classified.row)}};
  body["concern"] =
      classified.concern ? json::value(raised_json(*classified.concern)) : json::value(nullptr);
  return json_response(std::move(body));
}

ApiResponse record_update(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  std::optional<Month> month = fields.month("month");
  if (!month) throw InputError("month is required", "month");
  ConcernUpdate update{.concern_id = id,
                       .month = *month,
                       .note = fields.required_text("note"),
                       .recorded_by = fields.id("recorded_by")};
  fields.finish();
  return json_response(to_json(record_concern_update(context.services, request.caller(), update)),
                       201);
}

ApiResponse resolve_concern(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  Resolution resolution{
      .reason = parse_concern_resolution(fields.required_string("reason"), "reason"),
      .note = fields.string("note").value_or(""),
      .resolved_on = fields.date("resolved_on")};
  fields.finish();
  return json_response(
      concern_view(daemon::resolve_concern(context.services, request.caller(), id, resolution)));
}

}  // namespace

void add_concern_routes(ApiContext& context) {
  add_routes(context,
             {
                 read_route("/v1/concerns", list_concerns, {"status", "category", "format"}),
                 write_route("POST", "/v1/concerns", BodyKind::kJson, raise_concern),
                 read_route("/v1/concerns/{id}", get_concern),
                 write_route("POST", "/v1/concerns/{id}/updates", BodyKind::kJson, record_update),
                 read_route("/v1/classifications", list_classifications, {"format"}),
                 write_route("POST", "/v1/audits/{id}/classification", BodyKind::kJson, classify),
                 write_route("POST", "/v1/concerns/{id}/resolve", BodyKind::kOptionalJson,
                             resolve_concern),
             });
}

}  // namespace caseaudit::daemon::api
