// The one way a service operation writes its change-log row: who (the
// caller), when, what, and the record before and after as its JSON
// (record_json.h). Called inside the operation's transaction, so the change
// and its row commit or roll back together.
#pragma once

#include <boost/json.hpp>
#include <string_view>

#include "daemon/service/caller.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

// `before` / `after` are null when the record is created / deleted.
void log_change(Transaction& tx, const Caller& caller, std::string_view action,
                std::string_view record_type, std::string_view record_id,
                const boost::json::value& before, const boost::json::value& after);

}  // namespace caseaudit::daemon
