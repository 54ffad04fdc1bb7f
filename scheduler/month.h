// Month: a calendar month (the unit of the audit cycle), and Date: a civil day.
// Both are plain values, cheap to copy, totally ordered, and thread-compatible.
#pragma once

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

namespace caseaudit {

using Date = std::chrono::year_month_day;

// Parses "YYYY-MM-DD". Throws InputError naming `field` on anything else,
// including impossible days such as 2027-02-30.
Date parse_date(std::string_view text, std::string_view field = "date");
std::string format_date(Date date);

class Month {
 public:
  constexpr Month() = default;
  // Precondition: 1 <= month <= 12 (ProgramError otherwise).
  Month(int year, int month);

  // Parses "YYYY-MM" (year 2000..2199). Throws InputError naming `field`.
  static Month parse(std::string_view text, std::string_view field = "month");
  static Month of(Date date);

  int year() const { return year_; }
  int month() const { return month_; }  // 1..12
  bool is_odd() const { return month_ % 2 == 1; }

  Date first_day() const;
  Date last_day() const;
  Month next() const { return plus(1); }
  Month prev() const { return plus(-1); }
  Month plus(int months) const;
  // Whole months from `other` to this (this - other).
  int minus(Month other) const;

  std::string to_string() const;  // "YYYY-MM"

  friend constexpr auto operator<=>(const Month&, const Month&) = default;

 private:
  int year_ = 2000;
  int month_ = 1;
};

}  // namespace caseaudit
