#include "scheduler/time_of_day.h"

namespace caseaudit {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<HourMinute> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  if (!digit(text[0]) || !digit(text[1]) || !digit(text[3]) || !digit(text[4])) {
    return std::nullopt;
  }
  const HourMinute time{.hour = (text[0] - '0') * 10 + (text[1] - '0'),
                        .minute = (text[3] - '0') * 10 + (text[4] - '0')};
  if (time.hour > 23 || time.minute > 59) return std::nullopt;
  return time;
}

std::string format_time_of_day(HourMinute time) {
  std::string text = "00:00";
  text[0] = static_cast<char>('0' + time.hour / 10);
  text[1] = static_cast<char>('0' + time.hour % 10);
  text[3] = static_cast<char>('0' + time.minute / 10);
  text[4] = static_cast<char>('0' + time.minute % 10);
  return text;
}

}  // namespace caseaudit
