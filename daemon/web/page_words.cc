#include "daemon/web/page_words.h"

#include <fmt/format.h>

#include <array>

#include "scheduler/calendar.h"

namespace caseaudit::daemon::web {

std::string date_in_words(Date day) {
  static constexpr std::array<const char*, 7> kDays{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};
  static constexpr std::array<const char*, 12> kMonths{
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  const std::chrono::weekday weekday{std::chrono::sys_days(day)};
  return fmt::format("{} {} {} {}", kDays[weekday.c_encoding()], unsigned(day.day()),
                     kMonths[unsigned(day.month()) - 1], int(day.year()));
}

std::string time_in_words(Instant at, const date::time_zone* zone) {
  const LocalTime local = to_local(at, zone);
  return fmt::format("{} at {:02}:{:02}", date_in_words(local.date), local.hour, local.minute);
}

std::string grade_in_words(Grade grade) {
  switch (grade) {
    case Grade::kOutstanding:
      return "Outstanding";
    case Grade::kGood:
      return "Good";
    case Grade::kRequiresImprovement:
      return "Requires improvement";
    case Grade::kInadequate:
      return "Inadequate";
  }
  return std::string(to_string(grade));
}

std::string legal_status_in_words(LegalStatus status) {
  switch (status) {
    case LegalStatus::kChildInNeed:
      return "Child in need";
    case LegalStatus::kChildProtection:
      return "Child protection";
    case LegalStatus::kChildInCare:
      return "Child in care";
    case LegalStatus::kCareLeaver:
      return "Care leaver";
    case LegalStatus::kDisabledChildren:
      return "Disabled children";
    case LegalStatus::kUnderAssessment:
      return "Under assessment";
  }
  return std::string(to_string(status));
}

}  // namespace caseaudit::daemon::web
