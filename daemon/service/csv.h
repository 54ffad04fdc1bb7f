// An RFC 4180 CSV reader for the imports (staff list, caseload export).
//
// Hand-written rather than libcsv so that the build needs no extra system
// package; it accepts exactly what spreadsheets and case management systems
// export: fields separated by commas, records by CRLF or LF (a lone CR too),
// fields optionally in double quotes, a doubled quote inside quotes for one
// quote, commas and line breaks inside quotes kept verbatim, and an optional
// UTF-8 byte order mark at the start. A quote inside an unquoted field, text
// after a closing quote, or an unterminated quote makes the file malformed.
//
// Pure; thread-compatible.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caseaudit::daemon {

struct CsvRecord {
  int line = 0;  // the physical line the record starts on (1 = the first line)
  std::vector<std::string> fields;
};

// All records, blank lines skipped. InputError (field "body") naming the line
// when the text is malformed.
std::vector<CsvRecord> parse_csv(std::string_view text);

// One data row of a table, its cells keyed by lower-case column name.
struct CsvRow {
  int line = 0;
  std::map<std::string, std::string, std::less<>> cells;
  // Set when the row has a different number of fields from the header.
  std::optional<std::string> error;

  bool has(std::string_view column) const { return cells.contains(column); }
  // The trimmed cell, or nullopt when the column is not in the file.
  std::optional<std::string> cell(std::string_view column) const;
};

struct CsvTable {
  std::vector<std::string> columns;  // lower-case, in file order
  std::vector<CsvRow> rows;
  bool has_column(std::string_view column) const;
};

// The columns an import accepts, and those it refuses with a reason of their
// own (a child's name: see caseload.h).
struct CsvColumns {
  std::vector<std::string_view> known;
  std::vector<std::string_view> refused;
  std::string_view refused_why;
};

// Parses `text` whose first record names the columns (case-insensitive,
// surrounding spaces ignored). InputError (field "body") when the file is
// malformed, empty or names a column twice; InputError naming the column when
// it is refused or not known.
CsvTable read_csv_table(std::string_view text, const CsvColumns& columns);

// Boolean cells: true/false, yes/no, y/n, 1/0 (case-insensitive); nullopt otherwise.
std::optional<bool> parse_csv_bool(std::string_view text);

}  // namespace caseaudit::daemon
