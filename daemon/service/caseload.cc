#include "daemon/service/caseload.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "daemon/service/change_log.h"
#include "daemon/service/org_checks.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"
#include "scheduler/text.h"

namespace caseaudit::daemon {

namespace {

void require_references(Transaction& tx, const Child& child) {
  require_team(tx, child.team_id, "team_id");
  require_staff_if(tx, child.iro_id, "iro_id");
  require_staff_if(tx, child.allocated_worker_id, "allocated_worker_id");
}

Child require_child(Transaction& tx, const std::string& reference) {
  std::optional<Child> child = tx.caseload().find_child_by_reference(reference);
  if (!child) {
    throw NotFound(fmt::format("no child has the case reference {}", reference), "case_reference");
  }
  return *child;
}

// Writes `after` over `before` (nullopt: a new child) with its change-log
// row; returns `after` with its id.
Child upsert(Transaction& tx, const Caller& caller, const std::optional<Child>& before,
             Child after) {
  after.id = before ? before->id : 0;
  if (before && *before == after) return after;
  after.id = tx.caseload().upsert_child(after);
  log_change(tx, caller, before ? "child.update" : "child.create", "child",
             std::to_string(after.id), before ? to_json(*before) : boost::json::value(nullptr),
             to_json(after));
  return after;
}

// ---- CSV import -----------------------------------------------------------------

// Teams by name and staff by email (both case-insensitive), for the cells.
class CaseloadNames {
 public:
  explicit CaseloadNames(const Organisation& org) {
    for (const Team& team : org.teams) team_[ascii_lowercase(team.name)] = team.id;
    for (const Staff& staff : org.staff) staff_[email_key(staff.email)] = staff.id;
  }

  Id team(const std::string& name) const {
    auto found = team_.find(ascii_lowercase(name));
    if (found == team_.end()) {
      throw NotFound(fmt::format("team: no team is named \"{}\"", name), "team");
    }
    return found->second;
  }

  std::optional<Id> staff(const std::string& email, std::string_view field) const {
    if (email.empty()) return std::nullopt;
    auto found = staff_.find(email_key(email));
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

struct ChildRowPlan {
  std::optional<Child> before;
  Child after;
};

class CaseloadImportPlanner : public ImportPlanner {
 public:
  CaseloadImportPlanner(Transaction& tx, const Caller& caller)
      : tx_(tx), caller_(caller), names_(tx.organisation().load()) {}

  RowPlan plan(std::size_t index, const CsvRow& row) override {
    const std::string reference =
        checked_case_reference(row.cell("case_reference").value_or(""), "case_reference");
    if (!seen_.insert(reference).second) {
      throw InputError(
          fmt::format("case_reference: {} appears on an earlier row of this file", reference),
          "case_reference");
    }
    ChildRowPlan plan{.before = tx_.caseload().find_child_by_reference(reference)};
    if (!plan.before) {
      for (const char* required : {"team", "legal_status"}) {
        if (row.cell(required).value_or("").empty()) {
          throw InputError(fmt::format("{}: required for a new case", required), required);
        }
      }
    }
    plan.after = plan.before.value_or(Child{.case_reference = reference});
    apply_cells(row, names_, plan.after);
    const RowPlan result{.result = !plan.before                 ? RowResult::kCreated
                                   : *plan.before == plan.after ? RowResult::kUnchanged
                                                                : RowResult::kUpdated,
                         .id = plan.after.id};
    plans_[index] = std::move(plan);
    return result;
  }

  Id write(std::size_t index) override {
    ChildRowPlan& plan = plans_.at(index);
    plan.after = upsert(tx_, caller_, plan.before, plan.after);
    return plan.after.id;
  }

 private:
  Transaction& tx_;
  const Caller& caller_;
  CaseloadNames names_;
  std::set<std::string> seen_;  // case references of the earlier rows
  std::map<std::size_t, ChildRowPlan> plans_;
};

}  // namespace

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

Child find_child(const ServiceContext& context, std::string_view case_reference) {
  const std::string reference = checked_case_reference(case_reference, "case_reference");
  return context.store.read_result<Child>(
      [&](Transaction& tx) { return require_child(tx, reference); });
}

ChildUpserted put_child(const ServiceContext& context, Child child, const Caller& caller) {
  child.case_reference = checked_case_reference(child.case_reference, "case_reference");
  return context.store.transact_result<ChildUpserted>([&](Transaction& tx) {
    require_references(tx, child);
    std::optional<Child> before = tx.caseload().find_child_by_reference(child.case_reference);
    return ChildUpserted{.child = upsert(tx, caller, before, child), .created = !before};
  });
}

Child close_child(const ServiceContext& context, std::string_view case_reference,
                  const Caller& caller) {
  const std::string reference = checked_case_reference(case_reference, "case_reference");
  return context.store.transact_result<Child>([&](Transaction& tx) {
    const Child before = require_child(tx, reference);
    Child child = before;
    child.open = false;
    if (before.open) {
      tx.caseload().upsert_child(child);
      log_change(tx, caller, "child.close", "child", std::to_string(child.id), to_json(before),
                 to_json(child));
    }
    return child;
  });
}

ImportReport import_caseload_csv(const ServiceContext& context, std::string_view csv, bool atomic,
                                 const Caller& caller, ImportRun run) {
  const CsvTable table = read_csv_table(csv, caseload_columns());
  if (!table.has_column("case_reference")) {
    throw InputError("the file needs a case_reference column: it identifies each child",
                     "case_reference");
  }
  return run_import(
      context.store, table, atomic,
      [&](Transaction& tx) { return std::make_unique<CaseloadImportPlanner>(tx, caller); }, run);
}

}  // namespace caseaudit::daemon
