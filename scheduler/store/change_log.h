// ChangeLog: who changed what, when, before and after
// (Transaction::changes()). Written in the transaction of the change itself.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "scheduler/clock.h"
#include "scheduler/model.h"

namespace caseaudit {

struct ChangeRecord {
  Id id = 0;
  Instant at;
  std::string actor;        // token name, "cli:<user>", "daemon" ...
  std::string action;       // "staff.update", "allocation.commit" ...
  std::string record_type;  // "staff", "audit" ...
  std::string record_id;
  std::string before_json;  // "" when created
  std::string after_json;   // "" when deleted
};

// Which rows find() returns: all that match every set field, newest first,
// at most `limit`, only ids below `before_id` when set (paging).
struct ChangeFilter {
  std::optional<std::string> record_type;
  std::optional<std::string> record_id;  // with record_type
  std::optional<Instant> since;          // at >= since
  std::optional<Instant> until;          // at < until
  std::optional<Id> before_id;
  // Who made the change: the rows whose actor ("person:alice@...",
  // a token's name, "cli:root") contains this text, without case.
  std::optional<std::string> actor;
  int limit = 100;
};

class ChangeLog {
 public:
  virtual ~ChangeLog() = default;

  virtual void log(const ChangeRecord& change) = 0;
  virtual std::vector<ChangeRecord> find(const ChangeFilter& filter) = 0;
  // Every row of one record type (all types when unset) since `since`, newest first.
  std::vector<ChangeRecord> since(const std::optional<std::string>& record_type,
                                  std::optional<Instant> since) {
    return find(ChangeFilter{
        .record_type = record_type, .since = since, .limit = std::numeric_limits<int>::max()});
  }
};

}  // namespace caseaudit
