#include "daemon/web/page_words.h"

#include <fmt/format.h>

#include "scheduler/calendar.h"
#include "scheduler/words.h"

namespace caseaudit::daemon::web {

std::string time_in_words(Instant at, const date::time_zone* zone) {
  const LocalTime local = to_local(at, zone);
  return fmt::format("{} at {:02}:{:02}", date_in_words(local.date), local.hour, local.minute);
}

}  // namespace caseaudit::daemon::web
