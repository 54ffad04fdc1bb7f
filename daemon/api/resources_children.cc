// Children: GET /v1/children/{case_reference}, PUT
// /v1/children/{case_reference} (upsert), POST
// /v1/children/{case_reference}/close, POST /v1/children/import (the
// caseload export as CSV). docs/api/organisation.md.
//
// A child is a case reference, a team, a legal status and flags, never a
// name: the story stays in the case management system. A caseload file with
// a name, birth date or address column is refused whole (400 naming the
// column) rather than read with the column ignored, so that such an export
// is fixed at its source instead of being sent, and logged or kept in
// proxies and backups, with every upload.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "daemon/api/csv.h"
#include "daemon/service/record_json.h"
#include "daemon/api/org_checks.h"
#include "daemon/api/resources.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void require_references(Transaction& tx, const Child& child) {
  require_team(tx, child.team_id, "team_id");
  require_staff_if(tx, child.iro_id, "iro_id");
  require_staff_if(tx, child.allocated_worker_id, "allocated_worker_id");
}

// PUT sends the whole record: what is left out takes its default.
Child read_child(JsonFields& fields, const std::string& reference) {
  Child child{.case_reference = reference};
  child.team_id = fields.required_integer("team_id");
  child.legal_status = parse_legal_status(fields.required_string("legal_status"), "legal_status");
  child.court_proceedings = fields.boolean("court_proceedings").value_or(false);
  child.iro_id = fields.nullable_integer("iro_id").value_or(std::nullopt);
  child.allocated_worker_id = fields.nullable_integer("allocated_worker_id").value_or(std::nullopt);
  child.open = fields.boolean("open").value_or(true);
  fields.finish();
  return child;
}

std::string reference_of(const ApiRequest& request) {
  return checked_case_reference(request.path("case_reference"), "case_reference");
}

Child require_child(Transaction& tx, const std::string& reference) {
  std::optional<Child> child = tx.caseload().find_child_by_reference(reference);
  if (!child) {
    throw NotFound(fmt::format("no child has the case reference {}", reference), "case_reference");
  }
  return *child;
}

ApiResponse get_child(const ApiContext& context, const ApiRequest& request) {
  const std::string reference = reference_of(request);
  auto child = context.services.store.read_result<Child>(
      [&](Transaction& tx) { return require_child(tx, reference); });
  return json_response(to_json(child));
}

// Writes `after` over `before` (nullopt: a new child) with its change-log
// row; returns `after` with its id.
Child upsert(Transaction& tx, const ApiRequest& request, const std::optional<Child>& before,
             Child after) {
  after.id = before ? before->id : 0;
  if (before && *before == after) return after;
  after.id = tx.caseload().upsert_child(after);
  request.log_change(tx, before ? "child.update" : "child.create", "child",
                     std::to_string(after.id), before ? to_json(*before) : json::value(nullptr),
                     to_json(after));
  return after;
}

ApiResponse put_child(const ApiContext& context, ApiRequest& request) {
  const std::string reference = reference_of(request);
  JsonFields fields = request.json();
  Child child = read_child(fields, reference);
  bool created = false;
  context.services.store.transact([&](Transaction& tx) {
    require_references(tx, child);
    std::optional<Child> before = tx.caseload().find_child_by_reference(reference);
    created = !before;
    child = upsert(tx, request, before, child);
  });
  return json_response(to_json(child), created ? 201 : 200);
}

ApiResponse close_child(const ApiContext& context, ApiRequest& request) {
  const std::string reference = reference_of(request);
  Child child;
  context.services.store.transact([&](Transaction& tx) {
    const Child before = require_child(tx, reference);
    child = before;
    child.open = false;
    if (before.open) {
      tx.caseload().upsert_child(child);
      request.log_change(tx, "child.close", "child", std::to_string(child.id), to_json(before),
                         to_json(child));
    }
  });
  return json_response(to_json(child));
}

// ---- CSV import ------------------------------------------------------------------

const CsvColumns& caseload_columns() {
  static const CsvColumns columns{
      .known = {"case_reference", "team", "legal_status", "court_proceedings", "iro",
                "allocated_worker", "open"},
      .refused = {"name", "child_name", "first_name", "forename", "forenames", "given_name",
                  "last_name", "surname", "family_name", "full_name", "dob", "date_of_birth",
                  "birth_date", "address", "postcode", "nhs_number", "upn"},
      .refused_why =
          "caseaudit holds case references only, never a child's name, birth date, "
          "address or identifiers; remove the column from the export and upload again"};
  return columns;
}

struct ChildRowPlan {
  int line = 0;
  std::optional<InputError> error;
  std::optional<Child> before;
  Child after;
};

// Teams by name and staff by email (both case-insensitive), for the cells.
class CaseloadNames {
 public:
  explicit CaseloadNames(const Organisation& org) {
    for (const Team& team : org.teams) team_[lower(team.name)] = team.id;
    for (const Staff& staff : org.staff) staff_[lower(staff.email)] = staff.id;
  }

  Id team(const std::string& name) const {
    auto found = team_.find(lower(name));
    if (found == team_.end()) {
      throw NotFound(fmt::format("team: no team is named \"{}\"", name), "team");
    }
    return found->second;
  }

  std::optional<Id> staff(const std::string& email, std::string_view field) const {
    if (email.empty()) return std::nullopt;
    auto found = staff_.find(lower(email));
    if (found == staff_.end()) {
      throw NotFound(fmt::format("{}: no staff member has the email {}", field, email),
                     std::string(field));
    }
    return found->second;
  }

 private:
  std::map<std::string, Id> team_;
  std::map<std::string, Id> staff_;
};

bool csv_boolean(const std::string& text, std::string_view field) {
  std::optional<bool> value = parse_csv_bool(text);
  if (!value) {
    throw InputError(
        fmt::format("{}: expected yes or no (true/false, 1/0), got \"{}\"", field, text),
        std::string(field));
  }
  return *value;
}

// Like a staff import: an empty cell leaves a required field as it is and
// clears an optional one (IRO, allocated worker).
void apply_cells(const CsvRow& row, const CaseloadNames& names, Child& child) {
  auto given = [&](const char* column) -> std::optional<std::string> {
    auto cell = row.cell(column);
    return cell && !cell->empty() ? cell : std::nullopt;
  };
  if (auto v = given("team")) child.team_id = names.team(*v);
  if (auto v = given("legal_status")) child.legal_status = parse_legal_status(*v, "legal_status");
  if (auto v = given("court_proceedings")) {
    child.court_proceedings = csv_boolean(*v, "court_proceedings");
  }
  if (auto v = row.cell("iro")) child.iro_id = names.staff(*v, "iro");
  if (auto v = row.cell("allocated_worker")) {
    child.allocated_worker_id = names.staff(*v, "allocated_worker");
  }
  if (auto v = given("open")) child.open = csv_boolean(*v, "open");
}

ChildRowPlan plan_row(Transaction& tx, const CsvRow& row, const CaseloadNames& names,
                      std::set<std::string>& seen) {
  ChildRowPlan plan{.line = row.line};
  try {
    if (row.error) throw InputError(*row.error, "row");
    const std::string reference =
        checked_case_reference(row.cell("case_reference").value_or(""), "case_reference");
    if (!seen.insert(reference).second) {
      throw InputError(
          fmt::format("case_reference: {} appears on an earlier row of this file", reference),
          "case_reference");
    }
    plan.before = tx.caseload().find_child_by_reference(reference);
    if (!plan.before) {
      for (const char* required : {"team", "legal_status"}) {
        if (row.cell(required).value_or("").empty()) {
          throw InputError(fmt::format("{}: required for a new case", required), required);
        }
      }
    }
    plan.after = plan.before.value_or(Child{.case_reference = reference});
    apply_cells(row, names, plan.after);
  } catch (const InputError& error) {
    plan.error = error;
  }
  return plan;
}

ImportReport caseload_report(const std::vector<ChildRowPlan>& plans, bool written) {
  ImportReport report;
  for (const ChildRowPlan& plan : plans) {
    if (plan.error) {
      report.rejected(plan.line, *plan.error);
    } else if (!plan.before) {
      report.created(plan.line, written ? json::value(plan.after.id) : json::value(nullptr));
    } else if (*plan.before == plan.after) {
      report.unchanged(plan.line, plan.after.id);
    } else {
      report.updated(plan.line, plan.after.id);
    }
  }
  return report;
}

ApiResponse import_caseload(const ApiContext& context, ApiRequest& request) {
  const bool atomic = request.flag("atomic");
  const CsvTable table = read_csv_table(request.body(), caseload_columns());
  if (!table.has_column("case_reference")) {
    throw InputError("the file needs a case_reference column: it identifies each child",
                     "case_reference");
  }
  std::vector<ChildRowPlan> plans;
  bool written = false;
  context.services.store.transact([&](Transaction& tx) {
    const CaseloadNames names(tx.organisation().load());
    std::set<std::string> seen;
    plans.clear();
    for (const CsvRow& row : table.rows) plans.push_back(plan_row(tx, row, names, seen));
    written = !(atomic && std::any_of(plans.begin(), plans.end(), [](auto& p) { return p.error; }));
    if (!written) return;
    for (ChildRowPlan& plan : plans) {
      if (!plan.error) plan.after = upsert(tx, request, plan.before, plan.after);
    }
  });
  ImportReport report = caseload_report(plans, written);
  return json_response(report.to_json(atomic, written), written ? 200 : 422);
}

}  // namespace

void add_children_routes(ApiContext& context) {
  Api& api = context.api;
  api.add({.method = "GET",
           .pattern = "/v1/children/{case_reference}",
           .access = Access::kRead,
           .handler = [&context](ApiRequest& r) { return get_child(context, r); }});
  api.add({.method = "PUT",
           .pattern = "/v1/children/{case_reference}",
           .access = Access::kWrite,
           .body = BodyKind::kJson,
           .handler = [&context](ApiRequest& r) { return put_child(context, r); }});
  api.add({.method = "POST",
           .pattern = "/v1/children/{case_reference}/close",
           .access = Access::kWrite,
           .handler = [&context](ApiRequest& r) { return close_child(context, r); }});
  api.add({.method = "POST",
           .pattern = "/v1/children/import",
           .access = Access::kWrite,
           .body = BodyKind::kCsv,
           .query_params = {"atomic"},
           .handler = [&context](ApiRequest& r) { return import_caseload(context, r); }});
}

}  // namespace caseaudit::daemon::api
