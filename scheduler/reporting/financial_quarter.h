// Periods of the leaders' reports: a run of whole months, and the quarters of
// the authority's financial year (April to March by default, so Q1 of
// 2024/25 is April to June 2024). Pure values; thread-compatible.
#pragma once

#include <string>
#include <string_view>

#include "scheduler/month.h"

namespace caseaudit {

// The months from `from` to `to`, both included (from <= to).
struct Period {
  Month from;
  Month to;
  bool contains(Month month) const { return from <= month && month <= to; }
  int months() const { return to.minus(from) + 1; }
  friend bool operator==(const Period&, const Period&) = default;
};

struct FinancialQuarter {
  int year = 2000;  // the calendar year the financial year starts in
  int number = 1;   // 1..4
  Period period(int year_start_month) const;
  // "2024-Q1"
  std::string to_string() const;
  // "Q1 24/25" (a financial year that starts in January: "Q1 2024")
  std::string in_words(int year_start_month) const;
  friend bool operator==(const FinancialQuarter&, const FinancialQuarter&) = default;
};

// The quarter `month` falls in. Precondition: 1 <= year_start_month <= 12.
FinancialQuarter quarter_of(Month month, int year_start_month);
FinancialQuarter previous(FinancialQuarter quarter);

// Parses "YYYY-Qn" (YYYY the year the financial year starts in, n 1..4).
// Throws InputError naming `field`.
FinancialQuarter parse_quarter(std::string_view text, std::string_view field = "quarter");

// "June 2024"; with `short_form` the month alone ("June").
std::string month_name(Month month, bool short_form);

}  // namespace caseaudit
