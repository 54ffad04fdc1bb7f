// ?format=csv on the list routes: the rows of the JSON answer, the same rows
// with the same filters, as a spreadsheet (daemon/service/csv_writer.h:
// UTF-8 with BOM, CRLF, quoting, the formula-injection escape).
//
// The columns are the rows' fields in the order they first appear; a nested
// object becomes one column per field ("audit_rota.cadence"), a list of
// plain values one cell joined by "; ", a list of objects its JSON; null is
// an empty cell. The answer is text/csv; charset=utf-8 with
// Content-Disposition: attachment; filename="<filename>".
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "daemon/api/api.h"
#include "daemon/service/csv_writer.h"

namespace caseaudit::daemon::api {

// The query parameter every list route accepts: "json" (the default) or "csv".
inline constexpr std::string_view kFormatParam = "format";

// "caseaudit-<what>-<qualifier>.csv", e.g. ("audits", "2027-01").
std::string export_filename(std::string_view what, std::string_view qualifier);

// The table of a JSON array of row objects.
CsvSheet csv_sheet(const boost::json::array& rows);

// `body` as JSON, or with ?format=csv its array `rows_key` as the CSV file
// `filename` ("caseaudit-audits-2027-01.csv"). 400 naming "format" for any
// other format.
ApiResponse list_response(const ApiRequest& request, boost::json::object body,
                          std::string_view rows_key, const std::string& filename);

}  // namespace caseaudit::daemon::api
