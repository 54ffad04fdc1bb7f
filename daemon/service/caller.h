// Caller: who asks for a service operation and when. It is the change log's
// "who" and "when" of every row the operation writes: an API token's name,
// "cli:<user>" for a command, "daemon" for a periodic job, and "person:<email>"
// for someone signed in to the console (daemon/service/sign_in.h).
#pragma once

#include <string>

#include "scheduler/clock.h"

namespace caseaudit::daemon {

struct Caller {
  std::string actor;  // never empty
  Instant at;         // the instant the operation acts as of
};

}  // namespace caseaudit::daemon
