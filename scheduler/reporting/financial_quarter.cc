#include "scheduler/reporting/financial_quarter.h"

#include <charconv>
#include <cstdio>

#include "scheduler/errors.h"
#include "scheduler/words.h"

namespace caseaudit {

Period FinancialQuarter::period(int year_start_month) const {
  const Month first = Month(year, year_start_month).plus(3 * (number - 1));
  return {first, first.plus(2)};
}

std::string FinancialQuarter::to_string() const {
  return std::to_string(year) + "-Q" + std::to_string(number);
}

std::string FinancialQuarter::in_words(int year_start_month) const {
  if (year_start_month == 1) return "Q" + std::to_string(number) + " " + std::to_string(year);
  char years[8];
  std::snprintf(years, sizeof years, "%02d/%02d", year % 100, (year + 1) % 100);
  return "Q" + std::to_string(number) + " " + years;
}

FinancialQuarter quarter_of(Month month, int year_start_month) {
  if (year_start_month < 1 || year_start_month > 12) {
    throw ProgramError("quarter_of: year_start_month out of 1..12");
  }
  const int since_start = month.minus(Month(month.year(), year_start_month));
  const int year = since_start < 0 ? month.year() - 1 : month.year();
  const int months_in = month.minus(Month(year, year_start_month));
  return {year, months_in / 3 + 1};
}

FinancialQuarter previous(FinancialQuarter quarter) {
  if (quarter.number == 1) return {quarter.year - 1, 4};
  return {quarter.year, quarter.number - 1};
}

FinancialQuarter parse_quarter(std::string_view text, std::string_view field) {
  const auto refuse = [&] {
    return InputError(std::string(field) +
                          ": expected YYYY-Qn (the year the financial year starts in, n from 1 "
                          "to 4), got \"" +
                          std::string(text) + "\"",
                      std::string(field));
  };
  if (text.size() != 7 || text[4] != '-' || text[5] != 'Q') throw refuse();
  int year = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + 4, year);
  if (error != std::errc() || end != text.data() + 4 || year < 2000 || year > 2199) throw refuse();
  const int number = text[6] - '0';
  if (number < 1 || number > 4) throw refuse();
  return {year, number};
}

std::string month_name(Month month, bool short_form) {
  std::string words = month_in_words(month);
  if (short_form) words.resize(words.find(' '));
  return words;
}

}  // namespace caseaudit
