// CycleTest: ApiTest with the audit cycle's helpers (committing January,
// adding a free auditor or moderator, reading the change log).
#pragma once

#include <string>
#include <vector>

#include "tests/daemon/api/api_fixture.h"

namespace caseaudit::daemon::testing {

// A reason full of SQL and JSON metacharacters: it must be stored verbatim.
inline const std::string kNastyReason = "O'Brien \"said\"; DROP TABLE audits; -- \\ %_ \u00e9";

class CycleTest : public ApiTest {
 protected:
  const Month kJanuary{2027, 1};

  // Commits January through the API; the response body.
  boost::json::object commit_january() {
    auto result = post("/v1/months/2027-01/allocation");
    EXPECT_TRUE(result);
    EXPECT_EQ(result->status, 200) << result->body;
    return body_of(result).as_object();
  }

  std::vector<Audit> audits_in(Month month) {
    return in_tx([month](Transaction& tx) { return tx.allocation().audits_in(month); });
  }
  Audit audit(Id id) {
    return in_tx([id](Transaction& tx) { return *tx.allocation().find_audit(id); });
  }
  Child child(Id id) {
    return in_tx([id](Transaction& tx) { return *tx.caseload().find_child(id); });
  }

  // The change-log rows of one record, newest first.
  std::vector<ChangeRecord> changes_of(const std::string& type, const std::string& id) {
    return in_tx([&](Transaction& tx) {
      return tx.changes().find(ChangeFilter{.record_type = type, .record_id = id, .limit = 100});
    });
  }

  // A new active, trained, monthly auditor in `team_id` with no audit yet.
  Id add_auditor(Id team_id, const std::string& name = "Free Auditor") {
    return in_tx([&](Transaction& tx) {
      return tx.organisation().insert_staff({.name = name,
                              .email = name + "@council.example",
                              .role = Role::kAdvancedPractitioner,
                              .team_id = team_id,
                              .auditor = true});
    });
  }

  // A team other than `team_id`.
  Id other_team(Id team_id) {
    return in_tx([team_id](Transaction& tx) {
      for (const Team& team : tx.organisation().load().teams) {
        if (team.id != team_id) return team.id;
      }
      return Id{0};
    });
  }

  // The path and JSON body of a request, for loops over bad inputs.
  struct Bad {
    std::string path;
    std::string body;
    int status;
    std::string field;
  };
};

}  // namespace caseaudit::daemon::testing
