// SociTransaction as MonthFiguresRepository: closed months' frozen figures.
#include <fmt/format.h>

#include "db/month_figures_codec.h"
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {

void SociTransaction::freeze_figures(const MonthFigures& figures, Instant at) {
  guarded("freeze_figures", [&] {
    const std::string month = figures.month.to_string();
    const int version = MonthFigures::kSchemaVersion;
    const std::string text = format_month_figures(figures);
    const std::string at_text = format_instant(at);
    session_ << sql::kInsertMonthFigures, use(month), use(version), use(text), use(at_text);
  });
}

std::map<Month, MonthFigures> SociTransaction::frozen_figures(Month first, Month last) {
  return guarded("frozen_figures", [&] {
    const std::string from = first.to_string(), to = last.to_string();
    std::map<Month, MonthFigures> frozen;
    soci::rowset<soci::row> rows =
        (session_.prepare << sql::kSelectMonthFigures, use(from), use(to));
    for (const soci::row& row : rows) {
      const RowReader reader(row, "month_figures");
      const std::string month = reader.text(0);
      const long long version = reader.integer(1);
      if (version != MonthFigures::kSchemaVersion) {
        throw RuntimeFailure(fmt::format(
            "month_figures: the figures of {} are of layout version {}; this binary reads {}",
            month, version, MonthFigures::kSchemaVersion));
      }
      MonthFigures figures = parse_month_figures(reader.text(2));
      frozen.emplace(figures.month, std::move(figures));
    }
    return frozen;
  });
}

}  // namespace caseaudit::db
