#include "daemon/service/import.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace caseaudit::daemon {

int ImportReport::count(RowResult result) const {
  return static_cast<int>(std::count_if(
      rows.begin(), rows.end(), [&](const ImportRowReport& row) { return row.result == result; }));
}

namespace {

// Plans every row; the plans of rejected rows carry their error.
std::vector<ImportRowReport> plan_rows(const CsvTable& table, ImportPlanner& planner) {
  std::vector<ImportRowReport> rows;
  for (std::size_t index = 0; index < table.rows.size(); ++index) {
    const CsvRow& row = table.rows[index];
    ImportRowReport report{.line = row.line};
    try {
      if (row.error) throw InputError(*row.error, "row");
      const RowPlan plan = planner.plan(index, row);
      report.result = plan.result;
      if (plan.result != RowResult::kCreated) report.id = plan.id;
    } catch (const InputError& error) {
      report.result = RowResult::kRejected;
      report.error = error;
    }
    rows.push_back(std::move(report));
  }
  return rows;
}

}  // namespace

ImportReport run_import(Store& store, const CsvTable& table, bool atomic,
                        const PlannerFactory& make_planner, ImportRun run) {
  ImportReport report{.atomic = atomic, .dry_run = run == ImportRun::kDryRun};
  store.transact([&](Transaction& tx) {
    std::unique_ptr<ImportPlanner> planner = make_planner(tx);
    report.rows = plan_rows(table, *planner);
    report.written = !report.dry_run && !(atomic && report.count(RowResult::kRejected) > 0);
    if (!report.written) return;
    for (std::size_t index = 0; index < report.rows.size(); ++index) {
      ImportRowReport& row = report.rows[index];
      if (row.result == RowResult::kCreated || row.result == RowResult::kUpdated) {
        row.id = planner->write(index);
      }
    }
  });
  return report;
}

bool csv_boolean(const std::string& text, std::string_view field) {
  std::optional<bool> value = parse_csv_bool(text);
  if (!value) {
    throw InputError(
        fmt::format("{}: expected yes or no (true/false, 1/0), got \"{}\"", field, text),
        std::string(field));
  }
  return *value;
}

namespace {

template <typename Number>
Number parse_number(const std::string& text, std::string_view field, std::string_view expected) {
  Number value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw InputError(fmt::format("{}: expected {}, got \"{}\"", field, expected, text),
                     std::string(field));
  }
  return value;
}

}  // namespace

double csv_number(const std::string& text, std::string_view field) {
  return parse_number<double>(text, field, "a number");
}

std::int64_t csv_integer(const std::string& text, std::string_view field) {
  return parse_number<std::int64_t>(text, field, "a whole number");
}

}  // namespace caseaudit::daemon
