// The JSON of the domain model in API responses and change-log rows.
//
// Field names are the model's; enumerations use their stored names
// (model.h to_string); months "YYYY-MM", dates "YYYY-MM-DD", instants
// "YYYY-MM-DDTHH:MM:SSZ"; unset optionals are null. Children appear by case
// reference and ids only: the model has no names for them to leak.
#pragma once

#include <boost/json.hpp>
#include <optional>

#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

boost::json::value to_json(const Service& service);
boost::json::value to_json(const Team& team);
boost::json::value to_json(const Staff& staff);
boost::json::value to_json(const Exemption& exemption);
boost::json::value to_json(const Child& child);
boost::json::value to_json(const AllocationRun& run);
boost::json::value to_json(const Audit& audit);
// What a list row shows beside an audit's ids (month_audit_rows.h), each null
// when unknown.
struct AuditRowNames {
  boost::json::value case_reference, legal_status, team_id, team_name, auditor_name, moderator_name;
};
// to_json(audit) with "case_reference", "legal_status", "team_id" and
// "team_name" after "child_id", "auditor_name" after "auditor_id" and
// "moderator_name" after "moderator_id".
boost::json::object to_json(const Audit& audit, const AuditRowNames& names);
boost::json::value to_json(const Pairing& pairing);
boost::json::value to_json(const Action& action);
boost::json::value to_json(const Concern& concern);
boost::json::value to_json(const ConcernUpdate& update);
boost::json::value to_json(const ImpactResponse& response);
boost::json::value to_json(const ActionUpdate& update);
boost::json::value to_json(const ChangeRecord& change);
// Without the bodies (they can be large): recipient, subject, status, attempts ...
boost::json::value to_json(const OutboxMessage& message);
// Never the secret or its hash.
boost::json::value to_json(const ApiToken& token);

std::string format_instant_utc(Instant at);  // "YYYY-MM-DDTHH:MM:SSZ"

template <typename T>
boost::json::value to_json(const std::optional<T>& value) {
  return value ? to_json(*value) : boost::json::value(nullptr);
}

// [to_json(x) for x in items]
template <typename Range>
boost::json::array to_json_array(const Range& items) {
  boost::json::array array;
  for (const auto& item : items) array.push_back(to_json(item));
  return array;
}

}  // namespace caseaudit::daemon
