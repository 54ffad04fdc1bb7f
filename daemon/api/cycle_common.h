// Small pieces the audit-cycle resources (months, audits, pairings) share.
#pragma once

#include <string>
#include <string_view>

#include "daemon/api/resources.h"

namespace auditd::daemon::api {

// The authority's local date at the request's instant.
Date local_today(const ApiContext& context, const ApiRequest& request);

// required_string(), refusing one that is empty or only blanks (a reason must
// say something: it is the record of why).
std::string required_text(JsonFields& fields, std::string_view key);

// The audit, or NotFound naming "id".
Audit require_audit(Transaction& tx, Id id);

}  // namespace auditd::daemon::api
