#include "daemon/service/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "scheduler/errors.h"
#include "scheduler/text.h"

namespace caseaudit::daemon {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

[[noreturn]] void malformed(int line, std::string_view why) {
  throw InputError(fmt::format("malformed CSV at line {}: {}", line, why), "body");
}

// A record of one empty field is a blank line, not data.
bool blank(const CsvRecord& record) {
  return record.fields.size() == 1 && record.fields[0].empty();
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  std::vector<CsvRecord> read() {
    while (pos_ < text_.size()) read_record();
    return std::move(records_);
  }

 private:
  void read_record() {
    CsvRecord record{.line = line_};
    for (;;) {
      record.fields.push_back(read_field());
      if (pos_ >= text_.size()) break;
      const char c = text_[pos_++];
      if (c == ',') continue;
      end_of_line(c);
      break;
    }
    if (!blank(record)) records_.push_back(std::move(record));
  }

  // Consumes the LF of a CRLF pair and counts the line.
  void end_of_line(char c) {
    if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
  }

  // Reads one field, leaving pos_ on its separator (or the end).
  std::string read_field() {
    if (pos_ < text_.size() && text_[pos_] == '"') return read_quoted();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !is_separator(text_[pos_])) {
      if (text_[pos_] == '"') malformed(line_, "a quote inside an unquoted field");
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  std::string read_quoted() {
    const int opened_at = line_;
    std::string field;
    ++pos_;
    for (;;) {
      if (pos_ >= text_.size()) malformed(opened_at, "a quoted field is never closed");
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field.push_back('"');
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && !is_separator(text_[pos_])) {
          malformed(line_, "text after a closing quote");
        }
        return field;
      }
      if (c == '\n' || (c == '\r' && (pos_ >= text_.size() || text_[pos_] != '\n'))) ++line_;
      field.push_back(c);
    }
  }

  static bool is_separator(char c) { return c == ',' || c == '\r' || c == '\n'; }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::vector<CsvRecord> records_;
};

}  // namespace

std::vector<CsvRecord> parse_csv(std::string_view text) {
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  return Reader(text).read();
}

std::optional<std::string> CsvRow::cell(std::string_view column) const {
  auto found = cells.find(column);
  if (found == cells.end()) return std::nullopt;
  return trim(found->second);
}

bool CsvTable::has_column(std::string_view column) const {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

CsvTable read_csv_table(std::string_view text, const CsvColumns& columns) {
  const std::vector<std::string_view>& known = columns.known;
  std::vector<CsvRecord> records = parse_csv(text);
  if (records.empty()) throw InputError("the CSV file is empty: it needs a header row", "body");
  CsvTable table;
  for (const std::string& name : records.front().fields) {
    std::string column = ascii_lowercase(trim(name));
    if (std::find(columns.refused.begin(), columns.refused.end(), column) !=
        columns.refused.end()) {
      throw InputError(fmt::format("column \"{}\" is refused: {}", column, columns.refused_why),
                       column);
    }
    if (std::find(known.begin(), known.end(), column) == known.end()) {
      throw InputError(fmt::format("unknown column \"{}\" (the columns are: {})", column,
                                   fmt::join(known, ", ")),
                       column.empty() ? std::string("body") : column);
    }
    if (table.has_column(column)) {
      throw InputError(fmt::format("column \"{}\" appears twice", column), column);
    }
    table.columns.push_back(std::move(column));
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    CsvRecord& record = records[r];
    CsvRow row{.line = record.line};
    if (record.fields.size() != table.columns.size()) {
      row.error = fmt::format("the row has {} fields; the header has {}", record.fields.size(),
                              table.columns.size());
    } else {
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        row.cells.emplace(table.columns[c], std::move(record.fields[c]));
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::optional<bool> parse_csv_bool(std::string_view text) {
  const std::string value = ascii_lowercase(trim(text));
  if (value == "true" || value == "yes" || value == "y" || value == "1") return true;
  if (value == "false" || value == "no" || value == "n" || value == "0") return false;
  return std::nullopt;
}

}  // namespace caseaudit::daemon
