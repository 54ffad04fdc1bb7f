// CycleTest: ApiTest with the audit cycle's helpers (committing January
// through the API, tables of bad requests); the record helpers (audit(),
// add_auditor(), changes_of() ...) are DemoDatabaseTest's.
#pragma once

#include <string>
#include <vector>

#include "tests/daemon/api/api_fixture.h"

namespace caseaudit::daemon::testing {

// A reason full of SQL and JSON metacharacters: it must be stored verbatim.
inline const std::string kNastyReason = "O'Brien \"said\"; DROP TABLE audits; -- \\ %_ \u00e9";

class CycleTest : public ApiTest {
 protected:
  // Commits January through the API; the response body.
  boost::json::object commit_january() {
    auto result = post("/v1/months/2027-01/allocation");
    EXPECT_TRUE(result);
    EXPECT_EQ(result->status, 200) << result->body;
    return body_of(result).as_object();
  }

  // GETs `path` as the viewer, expecting 200: the body.
  boost::json::value viewer_json(const std::string& path) {
    auto result = get_as(viewer(), path);
    EXPECT_TRUE(result);
    EXPECT_EQ(result->status, 200) << result->body;
    return body_of(result);
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
