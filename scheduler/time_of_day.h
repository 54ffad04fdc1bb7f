// A local time of day written "HH:MM" (24-hour, 00:00-23:59), as the
// configuration spells commit times and send windows. One parser, so that
// every such setting accepts exactly the same text.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace caseaudit {

struct HourMinute {
  int hour = 0;    // 0-23
  int minute = 0;  // 0-59
  int minute_of_day() const { return hour * 60 + minute; }
  friend bool operator==(const HourMinute&, const HourMinute&) = default;
};

// Exactly two digits, ':', two digits, within 00:00-23:59; nullopt otherwise
// ("7:00", "24:00", "07:00 " and "7am" are all refused).
std::optional<HourMinute> parse_time_of_day(std::string_view text);

// "HH:MM", zero-padded; the inverse of parse_time_of_day.
std::string format_time_of_day(HourMinute time);

}  // namespace caseaudit
