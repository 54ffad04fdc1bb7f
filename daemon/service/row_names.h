// RowNames: the names a person reads beside the ids in a list's rows (staff,
// teams, services), built from ONE read of the organisation per request, so
// that naming a thousand rows costs one lookup each, never a query per row.
//
// with_names() places each name right after its id field ("auditor_id",
// "auditor_name", ...), so that JSON and CSV read left to right. Immutable
// after construction; thread-compatible.
#pragma once

#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

class RowNames {
 public:
  explicit RowNames(const Organisation& organisation);
  explicit RowNames(const OrganisationNames& names);
  RowNames(const std::vector<Service>& services, const std::vector<Team>& teams,
           const std::vector<Staff>& staff);
  // The names read in `tx` (OrganisationRepository::names(): three light
  // queries, no rotas).
  static RowNames read(Transaction& tx);

  // The name, or null when the id is unset or names no record.
  boost::json::value staff(std::optional<Id> id) const;
  boost::json::value team(std::optional<Id> id) const;
  boost::json::value service(std::optional<Id> id) const;

  // The team's service and that service's head of service, when known.
  std::optional<Id> service_of(Id team_id) const;
  std::optional<Id> head_of_service_of(Id team_id) const;

 private:
  struct TeamEntry {
    std::string name;
    Id service_id = 0;
  };
  struct ServiceEntry {
    std::string name;
    std::optional<Id> head_of_service_id;
  };
  std::unordered_map<Id, std::string> staff_;
  std::unordered_map<Id, TeamEntry> teams_;
  std::unordered_map<Id, ServiceEntry> services_;
};

// One field to add beside an id field.
struct NamedField {
  std::string_view after;  // the id field it follows ("auditor_id"); at the end when absent
  std::string_view field;  // "auditor_name"
  boost::json::value value;
};

// `row` with the fields inserted, each right after its `after` field (in the
// order given when several follow the same one). A field already in `row`
// is replaced.
boost::json::object with_names(const boost::json::object& row,
                               std::initializer_list<NamedField> fields);

}  // namespace caseaudit::daemon
