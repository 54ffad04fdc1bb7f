#include "daemon/api/cycle_common.h"

#include <fmt/format.h>

#include "scheduler/errors.h"

namespace caseaudit::daemon::api {

Audit require_audit(Transaction& tx, Id id) {
  std::optional<Audit> audit = tx.allocation().find_audit(id);
  if (!audit) throw NotFound(fmt::format("audit {} does not exist", id), "id");
  return *audit;
}

}  // namespace caseaudit::daemon::api
