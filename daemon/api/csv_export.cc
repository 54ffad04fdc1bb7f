#include "daemon/api/csv_export.h"

#include <fmt/format.h>

#include <unordered_map>
#include <vector>

#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

bool is_plain(const json::value& value) { return !value.is_object() && !value.is_array(); }

std::string plain_text(const json::value& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return std::string(value.as_string());
  return json::serialize(value);  // numbers and booleans
}

std::string cell_text(const json::value& value) {
  if (is_plain(value)) return plain_text(value);
  if (value.is_array()) {
    const json::array& items = value.as_array();
    bool all_plain = true;
    for (const json::value& item : items) all_plain = all_plain && is_plain(item);
    if (!all_plain) return json::serialize(value);
    std::string joined;
    for (const json::value& item : items) {
      if (!joined.empty()) joined += "; ";
      joined += plain_text(item);
    }
    return joined;
  }
  return json::serialize(value);
}

// The row's cells by column name, nested objects one level deep flattened.
void flatten(const json::object& row, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& cells) {
  for (const auto& [key, value] : row) {
    std::string name = prefix + std::string(key);
    if (value.is_object() && prefix.empty()) {
      flatten(value.as_object(), name + ".", cells);
    } else {
      cells.emplace_back(std::move(name), cell_text(value));
    }
  }
}

}  // namespace

std::string export_filename(std::string_view what, std::string_view qualifier) {
  return fmt::format("caseaudit-{}-{}.csv", what, qualifier);
}

CsvSheet csv_sheet(const json::array& rows) {
  CsvSheet table;
  std::unordered_map<std::string, std::size_t> column_of;
  for (const json::value& row : rows) {
    if (!row.is_object()) continue;
    std::vector<std::pair<std::string, std::string>> cells;
    flatten(row.as_object(), "", cells);
    std::vector<std::string> out(table.header.size());
    for (auto& [name, text] : cells) {
      auto [it, fresh] = column_of.emplace(name, table.header.size());
      if (fresh) {
        table.header.push_back(name);
        out.resize(table.header.size());
      }
      out[it->second] = std::move(text);
    }
    table.rows.push_back(std::move(out));
  }
  return table;
}

ApiResponse list_response(const ApiRequest& request, json::object body, std::string_view rows_key,
                          const std::string& filename) {
  const std::string format = request.query(kFormatParam).value_or("json");
  if (format == "json") return json_response(std::move(body));
  if (format != "csv") {
    throw InputError(fmt::format("format: expected json or csv, got \"{}\"", format),
                     std::string(kFormatParam));
  }
  const json::value* rows = body.if_contains(rows_key);
  const CsvSheet table = csv_sheet(rows && rows->is_array() ? rows->as_array() : json::array{});
  ApiResponse response{
      .status = 200, .text = write_csv(table), .content_type = "text/csv; charset=utf-8"};
  response.headers.emplace("Content-Disposition",
                           fmt::format("attachment; filename=\"{}\"", filename));
  return response;
}

}  // namespace caseaudit::daemon::api
