#include "daemon/service/cycle_common.h"

#include <fmt/format.h>

#include "scheduler/errors.h"

namespace caseaudit::daemon {

Audit require_audit(Transaction& tx, Id id) {
  std::optional<Audit> audit = tx.allocation().find_audit(id);
  if (!audit) throw NotFound(fmt::format("audit {} does not exist", id), "id");
  return *audit;
}

Date local_day(const ServiceContext& services, const Caller& caller) {
  return to_local(caller.at, services.zone).date;
}

}  // namespace caseaudit::daemon
