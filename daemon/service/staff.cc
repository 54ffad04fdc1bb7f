#include "daemon/service/staff.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "daemon/service/change_log.h"
#include "daemon/service/org_checks.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"
#include "scheduler/text.h"

namespace caseaudit::daemon {

namespace {

std::vector<Id> distinct(std::vector<Id> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// The staff as a change sees them: by email and by line manager, including
// the changes planned so far (earlier rows of an import).
class StaffDirectory {
 public:
  explicit StaffDirectory(const Organisation& org) {
    for (const Staff& staff : org.staff) record(staff);
  }

  const Staff* by_email(std::string_view email) const {
    auto found = by_email_.find(email_key(email));
    return found == by_email_.end() ? nullptr : &found->second;
  }

  // Conflict naming `email_field` when someone else has the email.
  void require_unique_email(const Staff& staff, std::string_view email_field) const {
    const Staff* other = by_email(staff.email);
    if (other && other->id != staff.id) {
      throw Conflict(
          fmt::format("{}: {} is already staff member {}", email_field, staff.email, other->id),
          std::string(email_field));
    }
  }

  // THE line management rule: a chain that loops would send escalations
  // round for ever. RuleViolation naming `manager_field`.
  void require_no_management_loop(const Staff& staff, std::string_view manager_field) const {
    std::optional<Id> next = staff.line_manager_id;
    for (std::size_t steps = 0; next && steps <= manager_of_.size(); ++steps) {
      if (*next == staff.id) {
        throw RuleViolation(fmt::format("{}: a person cannot be their own line manager, directly "
                                        "or up the chain",
                                        manager_field),
                            std::string(manager_field));
      }
      auto found = manager_of_.find(*next);
      next = found == manager_of_.end() ? std::nullopt : found->second;
    }
  }

  void record(const Staff& staff) {
    by_email_[email_key(staff.email)] = staff;
    manager_of_[staff.id] = staff.line_manager_id;
  }

 private:
  std::map<std::string, Staff> by_email_;
  std::map<Id, std::optional<Id>> manager_of_;
};

void apply_rota(const RotaChanges& changes, Rota& rota) {
  if (changes.cadence) rota.cadence = *changes.cadence;
  if (changes.parity) rota.parity = *changes.parity;
}

// Applies `changes` to `staff`, checking each value.
void apply(const StaffChanges& changes, Staff& staff) {
  if (changes.name) staff.name = checked_name(*changes.name, "name");
  if (changes.email) staff.email = checked_email(*changes.email, "email");
  if (changes.role) staff.role = *changes.role;
  if (changes.fte) staff.fte = checked_fte(*changes.fte, "fte");
  if (changes.team_id) staff.team_id = *changes.team_id;
  if (changes.line_manager_id) staff.line_manager_id = *changes.line_manager_id;
  if (changes.responsible_team_ids)
    staff.responsible_team_ids = distinct(*changes.responsible_team_ids);
  if (changes.auditor) staff.auditor = *changes.auditor;
  apply_rota(changes.audit_rota, staff.audit_rota);
  if (changes.audit_quota) {
    staff.audit_quota =
        *changes.audit_quota
            ? std::optional<int>(checked_count(**changes.audit_quota, "audit_quota"))
            : std::nullopt;
  }
  if (changes.moderator_capacity) {
    staff.moderator_capacity = checked_count(*changes.moderator_capacity, "moderator_capacity");
  }
  if (changes.external_moderator) staff.external_moderator = *changes.external_moderator;
  apply_rota(changes.moderation_rota, staff.moderation_rota);
  if (changes.active) staff.active = *changes.active;
}

void require_references(Transaction& tx, const Staff& staff) {
  if (staff.team_id) require_team(tx, *staff.team_id, "team_id");
  require_staff_if(tx, staff.line_manager_id, "line_manager_id");
  for (Id team : staff.responsible_team_ids) require_team(tx, team, "responsible_team_ids");
  const StaffDirectory directory(tx.organisation().load());
  directory.require_unique_email(staff, "email");
  directory.require_no_management_loop(staff, "line_manager_id");
}

// ---- CSV import -----------------------------------------------------------------

struct StaffRowPlan {
  bool create = false;
  Staff before;
  Staff after;  // new staff have a provisional negative id until written
};

// Plans staff rows against the organisation and the earlier rows.
class StaffImportPlanner : public ImportPlanner {
 public:
  StaffImportPlanner(Transaction& tx, const Caller& caller)
      : tx_(tx), caller_(caller), directory_(tx.organisation().load()) {
    for (const Team& team : tx.organisation().load().teams)
      team_by_name_[ascii_lowercase(team.name)] = team.id;
  }

  RowPlan plan(std::size_t index, const CsvRow& row) override {
    StaffRowPlan plan = plan_row(row);
    directory_.require_no_management_loop(plan.after, "line_manager");
    directory_.record(plan.after);
    const bool unchanged = !plan.create && plan.after == plan.before;
    const RowPlan result{.result = plan.create ? RowResult::kCreated
                                   : unchanged ? RowResult::kUnchanged
                                               : RowResult::kUpdated,
                         .id = plan.after.id};
    plans_[index] = std::move(plan);
    return result;
  }

  // In file order, so a line manager created on an earlier row has their id
  // by the time a later row names them.
  Id write(std::size_t index) override {
    StaffRowPlan& plan = plans_.at(index);
    if (plan.after.line_manager_id && *plan.after.line_manager_id < 0) {
      plan.after.line_manager_id = real_id_.at(*plan.after.line_manager_id);
    }
    if (plan.create) {
      const Id provisional = plan.after.id;
      plan.after.id = tx_.organisation().insert_staff(plan.after);
      real_id_[provisional] = plan.after.id;
      log_change(tx_, caller_, "staff.create", "staff", std::to_string(plan.after.id), nullptr,
                 to_json(plan.after));
    } else {
      tx_.organisation().update_staff(plan.after);
      log_change(tx_, caller_, "staff.update", "staff", std::to_string(plan.after.id),
                 to_json(plan.before), to_json(plan.after));
    }
    return plan.after.id;
  }

 private:
  StaffRowPlan plan_row(const CsvRow& row) {
    StaffRowPlan plan;
    const std::string email = checked_email(row.cell("email").value_or(""), "email");
    if (!seen_.insert(email_key(email)).second) {
      throw InputError(fmt::format("email: {} appears on an earlier row of this file", email),
                       "email");
    }
    const Staff* existing = directory_.by_email(email);
    plan.create = existing == nullptr;
    if (plan.create) {
      plan.after.id = -row.line;
      plan.after.email = email;
      for (const char* required : {"name", "role"}) {
        if (row.cell(required).value_or("").empty()) {
          throw InputError(fmt::format("{}: required for a new staff member", required), required);
        }
      }
    } else {
      plan.before = *existing;
      plan.after = plan.before;
    }
    apply_cells(row, plan.after);
    return plan;
  }

  // A cell left empty leaves a required field as it is; for an optional
  // field (team, line manager, quota, responsible teams) it clears it.
  void apply_cells(const CsvRow& row, Staff& s) const {
    auto given = [&](const char* column) -> std::optional<std::string> {
      auto cell = row.cell(column);
      return cell && !cell->empty() ? cell : std::nullopt;
    };
    if (auto v = given("name")) s.name = checked_name(*v, "name");
    if (auto v = given("role")) s.role = parse_role(*v, "role");
    if (auto v = given("fte")) s.fte = checked_fte(csv_number(*v, "fte"), "fte");
    if (auto v = row.cell("team")) s.team_id = v->empty() ? std::nullopt : team(*v, "team");
    if (auto v = row.cell("line_manager")) {
      s.line_manager_id = v->empty() ? std::nullopt : std::optional<Id>(manager(*v));
    }
    if (auto v = row.cell("responsible_teams")) s.responsible_team_ids = teams(*v);
    if (auto v = given("auditor")) s.auditor = csv_boolean(*v, "auditor");
    if (auto v = given("audit_cadence")) s.audit_rota.cadence = parse_cadence(*v, "audit_cadence");
    if (auto v = given("audit_parity")) s.audit_rota.parity = parse_parity(*v, "audit_parity");
    if (auto v = row.cell("audit_quota")) {
      s.audit_quota =
          v->empty()
              ? std::nullopt
              : std::optional<int>(checked_count(csv_integer(*v, "audit_quota"), "audit_quota"));
    }
    if (auto v = given("moderator_capacity")) {
      s.moderator_capacity =
          checked_count(csv_integer(*v, "moderator_capacity"), "moderator_capacity");
    }
    if (auto v = given("external_moderator")) {
      s.external_moderator = csv_boolean(*v, "external_moderator");
    }
    if (auto v = given("moderation_cadence")) {
      s.moderation_rota.cadence = parse_cadence(*v, "moderation_cadence");
    }
    if (auto v = given("moderation_parity")) {
      s.moderation_rota.parity = parse_parity(*v, "moderation_parity");
    }
    if (auto v = given("active")) s.active = csv_boolean(*v, "active");
  }

  std::optional<Id> team(const std::string& name, std::string_view field) const {
    auto found = team_by_name_.find(ascii_lowercase(name));
    if (found == team_by_name_.end()) {
      throw NotFound(fmt::format("{}: no team is named \"{}\"", field, name), std::string(field));
    }
    return found->second;
  }

  std::vector<Id> teams(const std::string& list) const {
    std::vector<Id> ids;
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t end = std::min(list.find(';', start), list.size());
      std::string name = list.substr(start, end - start);
      name.erase(0, name.find_first_not_of(' '));
      name.erase(name.find_last_not_of(' ') + 1);
      if (!name.empty()) ids.push_back(*team(name, "responsible_teams"));
      start = end + 1;
    }
    return distinct(ids);
  }

  Id manager(const std::string& email) const {
    const Staff* found = directory_.by_email(email);
    if (!found) {
      throw NotFound(fmt::format("line_manager: no staff member (nor an earlier row) has the email "
                                 "{}",
                                 email),
                     "line_manager");
    }
    return found->id;
  }

  Transaction& tx_;
  const Caller& caller_;
  StaffDirectory directory_;
  std::map<std::string, Id> team_by_name_;  // by lower-case name
  std::set<std::string> seen_;              // email keys of the earlier rows, good or bad
  std::map<std::size_t, StaffRowPlan> plans_;
  std::map<Id, Id> real_id_;  // provisional -> stored
};

}  // namespace

const CsvColumns& staff_columns() {
  static const CsvColumns columns{
      .known = {"name", "email", "role", "fte", "team", "line_manager", "responsible_teams",
                "auditor", "audit_cadence", "audit_parity", "audit_quota", "moderator_capacity",
                "external_moderator", "moderation_cadence", "moderation_parity", "active"}};
  return columns;
}

Staff create_staff(const ServiceContext& context, const StaffChanges& changes,
                   const Caller& caller) {
  if (!changes.name) throw InputError("name is required", "name");
  if (!changes.email) throw InputError("email is required", "email");
  if (!changes.role) throw InputError("role is required", "role");
  Staff staff;
  apply(changes, staff);
  return context.store.transact_result<Staff>([&](Transaction& tx) {
    Staff created = staff;
    require_references(tx, created);
    created.id = tx.organisation().insert_staff(created);
    log_change(tx, caller, "staff.create", "staff", std::to_string(created.id), nullptr,
               to_json(created));
    return created;
  });
}

Staff update_staff(const ServiceContext& context, Id id, const StaffChanges& changes,
                   const Caller& caller) {
  return context.store.transact_result<Staff>([&](Transaction& tx) {
    const Staff before = require_staff(tx, id, "id");
    Staff staff = before;
    apply(changes, staff);
    if (staff == before) return staff;
    require_references(tx, staff);
    tx.organisation().update_staff(staff);
    log_change(tx, caller, "staff.update", "staff", std::to_string(id), to_json(before),
               to_json(staff));
    return staff;
  });
}

ImportReport import_staff_csv(const ServiceContext& context, std::string_view csv, bool atomic,
                              const Caller& caller, ImportRun run) {
  const CsvTable table = read_csv_table(csv, staff_columns());
  if (!table.has_column("email")) {
    throw InputError("the file needs an email column: it identifies each person", "email");
  }
  return run_import(
      context.store, table, atomic,
      [&](Transaction& tx) { return std::make_unique<StaffImportPlanner>(tx, caller); }, run);
}

}  // namespace caseaudit::daemon
