// From a row of one of the SELECTs in queries.h to a domain value. Each reader
// matches its query's column list, position by position. Values the database
// holds but the domain would reject (an unknown enumeration name) throw
// InputError naming the column.
#pragma once

#include <soci/soci.h>

#include "scheduler/store.h"

namespace caseaudit::db {

Service read_service(const soci::row& row);
Team read_team(const soci::row& row);
Staff read_staff(const soci::row& row);  // without responsible_team_ids
Exemption read_exemption(const soci::row& row);
Child read_child(const soci::row& row);
AllocationRun read_run(const soci::row& row);
Audit read_audit(const soci::row& row);  // without domain_grades
// A row of sql::kSelectAuditListingsInMonth, with its domain grades.
AuditListing read_audit_listing(const soci::row& row);
Pairing read_pairing(const soci::row& row);
Action read_action(const soci::row& row);
Concern read_concern(const soci::row& row);
ImpactResponse read_impact_response(const soci::row& row);
ActionUpdate read_action_update(const soci::row& row);
ConcernUpdate read_concern_update(const soci::row& row);
ChangeRecord read_change(const soci::row& row);
OutboxMessage read_outbox_message(const soci::row& row);
ApiToken read_api_token(const soci::row& row);
SignInLink read_sign_in_link(const soci::row& row);
PersonSession read_person_session(const soci::row& row);
ActionLink read_action_link(const soci::row& row);

}  // namespace caseaudit::db
