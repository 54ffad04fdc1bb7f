#include "daemon/api/import_response.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

std::string_view result_name(RowResult result) {
  switch (result) {
    case RowResult::kCreated:
      return "created";
    case RowResult::kUpdated:
      return "updated";
    case RowResult::kUnchanged:
      return "unchanged";
    case RowResult::kRejected:
      break;
  }
  return "rejected";
}

json::object row_json(const ImportRowReport& row) {
  json::object object{{"line", row.line},
                      {"result", result_name(row.result)},
                      {"id", row.id ? json::value(*row.id) : json::value(nullptr)}};
  if (row.error) {
    object["error"] = json::object{{"field", row.error->field()}, {"message", row.error->what()}};
  }
  return object;
}

}  // namespace

ApiResponse import_response(const ImportReport& report) {
  json::array rows;
  for (const ImportRowReport& row : report.rows) rows.push_back(row_json(row));
  json::object body{{"atomic", report.atomic},
                    {"dry_run", report.dry_run},
                    {"written", report.written},
                    {"created", report.count(RowResult::kCreated)},
                    {"updated", report.count(RowResult::kUpdated)},
                    {"unchanged", report.count(RowResult::kUnchanged)},
                    {"rejected", report.count(RowResult::kRejected)},
                    {"rows", std::move(rows)}};
  const bool refused = report.atomic && report.count(RowResult::kRejected) > 0;
  return json_response(std::move(body), refused ? 422 : 200);
}

}  // namespace caseaudit::daemon::api
