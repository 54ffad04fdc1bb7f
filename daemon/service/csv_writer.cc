#include "daemon/service/csv_writer.h"

namespace caseaudit::daemon {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool starts_a_formula(std::string_view value) {
  if (value.empty()) return false;
  const auto first = static_cast<unsigned char>(value.front());
  return first == '=' || first == '+' || first == '-' || first == '@' || first < 0x20 ||
         first == 0x7F;
}

bool needs_quotes(std::string_view value) {
  if (value.empty()) return false;
  return value.find_first_of(",\"\r\n") != std::string_view::npos || value.front() == ' ' ||
         value.back() == ' ';
}

void append_record(std::string& out, const std::vector<std::string>& cells, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) {
    if (i > 0) out += ',';
    if (i < cells.size()) out += csv_cell(cells[i]);
  }
  out += "\r\n";
}

}  // namespace

std::string csv_cell(std::string_view value) {
  std::string text;
  text.reserve(value.size() + 3);
  if (starts_a_formula(value)) text += '\'';
  text += value;
  if (!needs_quotes(text)) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string write_csv(const CsvSheet& table) {
  std::string out(kByteOrderMark);
  const std::size_t width = table.header.size();
  append_record(out, table.header, width);
  for (const auto& row : table.rows) append_record(out, row, width);
  return out;
}

}  // namespace caseaudit::daemon
