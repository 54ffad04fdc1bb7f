#include "scheduler/calendar.h"

#include <date/tz.h>

#include <algorithm>
#include <string>

#include "scheduler/errors.h"

namespace caseaudit {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr Date ymd(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

bool is_weekend(Date date) {
  const std::chrono::weekday day{sys_days{date}};
  return day == std::chrono::Saturday || day == std::chrono::Sunday;
}

void require_zone(const date::time_zone* zone) {
  if (zone == nullptr) throw ProgramError("calendar: time zone must not be null");
}

void require_range(int value, int high, const char* field) {
  if (value < 0 || value > high) {
    throw InputError(std::string(field) + ": " + std::to_string(value) + " is out of range 0-" +
                         std::to_string(high),
                     field);
  }
}

int to_minute_of_day(SendWindow::TimeOfDay time, const char* field) {
  if (time.hour < 0 || time.hour > 24 || time.minute < 0 || time.minute > 59 ||
      (time.hour == 24 && time.minute != 0)) {
    throw InputError(std::string(field) + ": " + std::to_string(time.hour) + ":" +
                         std::to_string(time.minute) + " is not a time of day (00:00-24:00)",
                     field);
  }
  return time.hour * 60 + time.minute;
}

}  // namespace

Calendar::Calendar(std::vector<Date> bank_holidays) : holidays_(std::move(bank_holidays)) {
  for (Date date : holidays_) {
    if (!date.ok()) throw InputError("bank_holidays: invalid date in the list", "bank_holidays");
    if (is_weekend(date)) {
      throw InputError("bank_holidays: " + format_date(date) +
                           " is a weekend day; list the substitute weekday instead",
                       "bank_holidays");
    }
  }
  std::sort(holidays_.begin(), holidays_.end());
  holidays_.erase(std::unique(holidays_.begin(), holidays_.end()), holidays_.end());
}

// Source: gov.uk/bank-holidays (England and Wales). Substitute days replace
// Christmas, Boxing Day and New Year's Day when they fall on a weekend.
std::vector<Date> Calendar::england_and_wales_bank_holidays() {
  return {
      // 2024
      ymd(2024, 1, 1),
      ymd(2024, 3, 29),
      ymd(2024, 4, 1),
      ymd(2024, 5, 6),
      ymd(2024, 5, 27),
      ymd(2024, 8, 26),
      ymd(2024, 12, 25),
      ymd(2024, 12, 26),
      // 2025
      ymd(2025, 1, 1),
      ymd(2025, 4, 18),
      ymd(2025, 4, 21),
      ymd(2025, 5, 5),
      ymd(2025, 5, 26),
      ymd(2025, 8, 25),
      ymd(2025, 12, 25),
      ymd(2025, 12, 26),
      // 2026: Boxing Day is a Saturday, substitute Monday 28 December.
      ymd(2026, 1, 1),
      ymd(2026, 4, 3),
      ymd(2026, 4, 6),
      ymd(2026, 5, 4),
      ymd(2026, 5, 25),
      ymd(2026, 8, 31),
      ymd(2026, 12, 25),
      ymd(2026, 12, 28),
      // 2027: Christmas Day and Boxing Day fall on the weekend: 27 and 28 December.
      ymd(2027, 1, 1),
      ymd(2027, 3, 26),
      ymd(2027, 3, 29),
      ymd(2027, 5, 3),
      ymd(2027, 5, 31),
      ymd(2027, 8, 30),
      ymd(2027, 12, 27),
      ymd(2027, 12, 28),
      // 2028: New Year's Day is a Saturday, substitute Monday 3 January.
      ymd(2028, 1, 3),
      ymd(2028, 4, 14),
      ymd(2028, 4, 17),
      ymd(2028, 5, 1),
      ymd(2028, 5, 29),
      ymd(2028, 8, 28),
      ymd(2028, 12, 25),
      ymd(2028, 12, 26),
  };
}

const Calendar& Calendar::england_and_wales() {
  static const Calendar* const calendar = new Calendar(england_and_wales_bank_holidays());
  return *calendar;
}

bool Calendar::is_bank_holiday(Date date) const {
  return std::binary_search(holidays_.begin(), holidays_.end(), date);
}

bool Calendar::is_working_day(Date date) const {
  return !is_weekend(date) && !is_bank_holiday(date);
}

Date Calendar::first_working_day(Month month) const {
  Date day = month.first_day();
  while (!is_working_day(day)) day = Date{sys_days{day} + days{1}};
  return day;
}

Date Calendar::last_working_day(Month month) const {
  Date day = month.last_day();
  while (!is_working_day(day)) day = Date{sys_days{day} - days{1}};
  return day;
}

Date Calendar::add_working_days(Date date, int n) const {
  const days step{n >= 0 ? 1 : -1};
  sys_days day{date};
  for (int remaining = n >= 0 ? n : -n; remaining > 0;) {
    day += step;
    if (is_working_day(Date{day})) --remaining;
  }
  return Date{day};
}

int Calendar::working_days_between(Date a, Date b) const {
  if (b < a) {
    int count = 0;
    for (sys_days day{b}; day < sys_days{a}; day += days{1}) count += is_working_day(Date{day});
    return -count;
  }
  int count = 0;
  for (sys_days day = sys_days{a} + days{1}; day <= sys_days{b}; day += days{1}) {
    count += is_working_day(Date{day});
  }
  return count;
}

LocalTime to_local(Instant instant, const date::time_zone* zone) {
  require_zone(zone);
  const date::local_seconds local = zone->to_local(instant);
  const auto day = std::chrono::floor<days>(local.time_since_epoch());
  const std::chrono::hh_mm_ss<std::chrono::seconds> time{local.time_since_epoch() - day};
  return LocalTime{Date{sys_days{day}}, static_cast<int>(time.hours().count()),
                   static_cast<int>(time.minutes().count()),
                   static_cast<int>(time.seconds().count())};
}

Instant at_local(Date day, int hour, int minute, const date::time_zone* zone) {
  require_zone(zone);
  require_range(hour, 23, "hour");
  require_range(minute, 59, "minute");
  const date::local_seconds local{sys_days{day}.time_since_epoch() + std::chrono::hours{hour} +
                                  std::chrono::minutes{minute}};
  return zone->to_sys(local, date::choose::earliest);
}

SendWindow::SendWindow(const Calendar& calendar, const date::time_zone* zone, TimeOfDay open,
                       TimeOfDay close)
    : calendar_(calendar),
      zone_(zone),
      open_minute_(to_minute_of_day(open, "send_window.open")),
      close_minute_(to_minute_of_day(close, "send_window.close")) {
  require_zone(zone);
  if (open_minute_ >= close_minute_) {
    throw InputError("send_window.close: must be later than send_window.open", "send_window.close");
  }
}

bool SendWindow::contains(Instant instant) const {
  const LocalTime local = to_local(instant, zone_);
  const int minute = local.minute_of_day();
  return calendar_.is_working_day(local.date) && minute >= open_minute_ && minute < close_minute_;
}

Instant SendWindow::next_open(Instant instant) const {
  if (contains(instant)) return instant;
  const LocalTime local = to_local(instant, zone_);
  Date day = local.date;
  if (!calendar_.is_working_day(day) || local.minute_of_day() >= open_minute_) {
    day = calendar_.add_working_days(day, 1);
  }
  return at_local(day, open_minute_ / 60, open_minute_ % 60, zone_);
}

}  // namespace caseaudit
