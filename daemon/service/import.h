// The one CSV import engine, behind the staff list and the caseload imports
// (staff.h, caseload.h) and any front door that uploads such a file.
//
// An import reads a CsvTable (csv.h) and, in ONE transaction:
//  1. plans every data row in file order, each seeing the effect of the
//     earlier good rows (a line manager created two rows up); a bad row is
//     rejected with its InputError and plans nothing;
//  2. in atomic mode, writes nothing at all if any row was rejected;
//     otherwise writes the good rows in file order, each with its change-log
//     row;
//  3. reports each row: created, updated, unchanged or rejected (the error
//     naming the column).
// A dry run (ImportRun::kDryRun) does 1 and reports what 2 would do, and
// writes nothing: the per-row report a person reads before importing.
// What is particular to a kind of record is an ImportPlanner.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "daemon/service/csv.h"
#include "scheduler/errors.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

enum class RowResult { kCreated, kUpdated, kUnchanged, kRejected };

// Whether an import writes its good rows or only reports them.
enum class ImportRun { kWrite, kDryRun };

struct ImportRowReport {
  int line = 0;  // the row's first physical line in the file
  RowResult result = RowResult::kRejected;
  // The record's id; nullopt for a rejected row and for a new record not
  // written (atomic import refused).
  std::optional<Id> id;
  std::optional<InputError> error;  // set exactly for kRejected
};

struct ImportReport {
  bool atomic = false;
  bool dry_run = false;
  // false for a dry run and for an atomic import with a rejected row
  bool written = false;
  std::vector<ImportRowReport> rows;

  int count(RowResult result) const;
};

// One good row's plan.
struct RowPlan {
  RowResult result = RowResult::kUnchanged;  // kCreated, kUpdated or kUnchanged
  Id id = 0;                                 // the existing record (kUpdated, kUnchanged)
};

// What one kind of record contributes: planning a row and writing its plan.
// Made afresh for each attempt of the transaction (PlannerFactory).
class ImportPlanner {
 public:
  virtual ~ImportPlanner() = default;
  // Plans data row `index` (0-based; its cells have no error), seeing the
  // earlier good rows. Throws InputError naming the column when the row is
  // bad; then the later rows must not see its record.
  virtual RowPlan plan(std::size_t index, const CsvRow& row) = 0;
  // Writes the plan of good row `index` (kCreated or kUpdated) with its
  // change-log row; called in file order, only when the import writes.
  // Returns the record's id.
  virtual Id write(std::size_t index) = 0;
};

using PlannerFactory = std::function<std::unique_ptr<ImportPlanner>(Transaction& tx)>;

// Runs the import of `table` in one transaction of `store`. Throws only
// what the store throws (a rejected row is in the report, not thrown).
ImportReport run_import(Store& store, const CsvTable& table, bool atomic,
                        const PlannerFactory& make_planner, ImportRun run = ImportRun::kWrite);

// Boolean cells (csv.h parse_csv_bool); InputError naming `field` otherwise.
bool csv_boolean(const std::string& text, std::string_view field);
// Numeric cells; InputError naming `field` unless the whole cell is a number.
double csv_number(const std::string& text, std::string_view field);
std::int64_t csv_integer(const std::string& text, std::string_view field);

}  // namespace caseaudit::daemon
