#include "scheduler/month.h"

#include <cstdio>

#include "scheduler/errors.h"

namespace caseaudit {
namespace {

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

Date parse_date(std::string_view text, std::string_view field) {
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      all_digits(text.substr(0, 4)) && all_digits(text.substr(5, 2)) &&
                      all_digits(text.substr(8, 2));
  if (shaped) {
    Date date{std::chrono::year{to_int(text.substr(0, 4))},
              std::chrono::month{static_cast<unsigned>(to_int(text.substr(5, 2)))},
              std::chrono::day{static_cast<unsigned>(to_int(text.substr(8, 2)))}};
    if (date.ok()) return date;
  }
  throw InputError(
      std::string(field) + ": expected a date as YYYY-MM-DD, got \"" + std::string(text) + "\"",
      std::string(field));
}

std::string format_date(Date date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

Month::Month(int year, int month) : year_(year), month_(month) {
  if (month < 1 || month > 12) throw ProgramError("Month: month out of range");
}

Month Month::parse(std::string_view text, std::string_view field) {
  if (text.size() == 7 && text[4] == '-' && all_digits(text.substr(0, 4)) &&
      all_digits(text.substr(5, 2))) {
    const int year = to_int(text.substr(0, 4));
    const int month = to_int(text.substr(5, 2));
    if (year >= 2000 && year <= 2199 && month >= 1 && month <= 12) return Month(year, month);
  }
  throw InputError(
      std::string(field) + ": expected a month as YYYY-MM, got \"" + std::string(text) + "\"",
      std::string(field));
}

Month Month::of(Date date) {
  return Month(static_cast<int>(date.year()),
               static_cast<int>(static_cast<unsigned>(date.month())));
}

Date Month::first_day() const {
  return Date{std::chrono::year{year_}, std::chrono::month{static_cast<unsigned>(month_)},
              std::chrono::day{1}};
}

Date Month::last_day() const {
  const std::chrono::year_month_day_last last{
      std::chrono::year{year_},
      std::chrono::month_day_last{std::chrono::month{static_cast<unsigned>(month_)}}};
  return Date{last};
}

Month Month::plus(int months) const {
  const int index = year_ * 12 + (month_ - 1) + months;
  const int year = index >= 0 ? index / 12 : (index - 11) / 12;
  return Month(year, index - year * 12 + 1);
}

int Month::minus(Month other) const {
  return (year_ * 12 + month_) - (other.year_ * 12 + other.month_);
}

std::string Month::to_string() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", year_, month_);
  return buffer;
}

}  // namespace caseaudit
