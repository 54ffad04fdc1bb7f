// A CSV writer for the exports (every table the console shows), the
// counterpart of csv.h's reader: what Excel opens cleanly and safely.
//
//  - UTF-8 with a byte order mark first, so that Excel reads names with
//    accents correctly; records end in CRLF (RFC 4180).
//  - A cell is quoted when it holds a comma, a double quote, CR or LF, or
//    starts or ends with a space; a quote inside is doubled.
//  - Formula injection (OWASP "CSV Injection"): a cell whose first character
//    is = + - @, a tab, CR or any other control character would be run by a
//    spreadsheet as a formula; it is written with a single quote (') in
//    front, which the spreadsheet shows as text. The header is escaped too.
//
// Pure; thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace caseaudit::daemon {

struct CsvSheet {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as long as the header (shorter: empty cells)
};

// One cell as written: escaped against formulas, then quoted when needed.
std::string csv_cell(std::string_view value);

// The BOM, the header and the rows, each record ending in CRLF.
std::string write_csv(const CsvSheet& table);

}  // namespace caseaudit::daemon
