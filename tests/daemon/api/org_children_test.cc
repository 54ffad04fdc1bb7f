// Children over HTTP (daemon/api/resources_children.cc): upsert by case
// reference, close, and the caseload CSV import, on SQLite and PostgreSQL.
#include "tests/daemon/api/api_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class ChildrenApiTest : public ApiTest {
 protected:
  std::optional<Child> child(const std::string& reference) {
    return in_tx([&](Transaction& tx) { return tx.caseload().find_child_by_reference(reference); });
  }
  std::vector<ChangeRecord> changes_of(Id id) {
    return in_tx([&](Transaction& tx) {
      return tx.changes().find(
          ChangeFilter{.record_type = "child", .record_id = std::to_string(id)});
    });
  }
  httplib::Result put(const std::string& reference, const json::object& body) {
    return send_as(coordinator(), "PUT", "/v1/children/" + reference, json::serialize(body),
                   "application/json");
  }
  httplib::Result import(const std::string& csv, bool atomic = false) {
    return post(atomic ? "/v1/children/import?atomic=1" : "/v1/children/import", csv, "text/csv");
  }
};

TEST_P(ChildrenApiTest, PutCreatesThenUpdatesByCaseReferenceAndLogsBoth) {
  const Organisation o = org();
  auto created = put("MOS-123456", {{"team_id", o.teams[0].id},
                                    {"legal_status", "child_protection"},
                                    {"court_proceedings", true}});
  ASSERT_EQ(created->status, 201) << created->body;
  Child stored = *child("MOS-123456");
  EXPECT_EQ(stored.team_id, o.teams[0].id);
  EXPECT_EQ(stored.legal_status, LegalStatus::kChildProtection);
  EXPECT_TRUE(stored.court_proceedings);
  EXPECT_TRUE(stored.open);
  EXPECT_EQ(body_of(created), to_json(stored));

  auto updated = put("MOS-123456", {{"team_id", o.teams[1].id}, {"legal_status", "child_in_care"}});
  ASSERT_EQ(updated->status, 200) << updated->body;
  const Child after = *child("MOS-123456");
  EXPECT_EQ(after.id, stored.id);
  EXPECT_EQ(after.team_id, o.teams[1].id);
  EXPECT_FALSE(after.court_proceedings);  // PUT sends the whole record
  auto changes = changes_of(stored.id);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].action, "child.update");
  EXPECT_EQ(json::parse(changes[0].before_json), to_json(stored));
  EXPECT_EQ(changes[1].action, "child.create");
  EXPECT_EQ(body_of(get("/v1/children/MOS-123456")), to_json(after));
}

TEST_P(ChildrenApiTest, CloseClosesOnceAndLogsIt) {
  ASSERT_EQ(
      put("LCS-CLOSE-1", {{"team_id", org().teams[0].id}, {"legal_status", "care_leaver"}})->status,
      201);
  auto closed = post("/v1/children/LCS-CLOSE-1/close");
  ASSERT_EQ(closed->status, 200) << closed->body;
  const Child stored = *child("LCS-CLOSE-1");
  EXPECT_FALSE(stored.open);
  EXPECT_EQ(changes_of(stored.id).at(0).action, "child.close");
  const std::string before = fingerprint();
  EXPECT_EQ(post("/v1/children/LCS-CLOSE-1/close")->status, 200);
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(ChildrenApiTest, RefusedRequestsNameTheFieldAndChangeNothing) {
  const Id team = org().teams[0].id;
  const std::string before = fingerprint();
  expect_error(get("/v1/children/NOPE-1"), 404, "not_found", "case_reference");
  expect_error(post("/v1/children/NOPE-1/close"), 404, "not_found", "case_reference");
  // SQL metacharacters are not a case reference: the key is checked, not escaped.
  expect_error(client().Get("/v1/children/O'Brien'%29%3B%20DROP%20TABLE%20children%3B--",
                            bearer(coordinator())),
               400, "bad_request", "case_reference");
  expect_error(put("X", {{"team_id", 999999}, {"legal_status", "child_in_need"}}), 404, "not_found",
               "team_id");
  expect_error(put("X", {{"team_id", team}, {"legal_status", "orphan"}}), 400, "bad_request",
               "legal_status");
  expect_error(put("X", {{"team_id", team}}), 400, "bad_request", "legal_status");
  expect_error(put("X", {{"team_id", "1"}, {"legal_status", "child_in_need"}}), 400, "bad_request",
               "team_id");
  expect_error(put("X", {{"team_id", team}, {"legal_status", "child_in_need"}, {"name", "Ann"}}),
               400, "bad_request", "name");
  expect_error(put("X", {{"team_id", team}, {"legal_status", "child_in_need"}, {"iro_id", 999999}}),
               404, "not_found", "iro_id");
  expect_error(
      send_as(viewer(), "PUT", "/v1/children/X",
              json::serialize(json::object{{"team_id", team}, {"legal_status", "child_in_need"}}),
              "application/json"),
      403, "forbidden");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(ChildrenApiTest, ImportCreatesUpdatesAndReportsEachRowWritingTheGoodOnes) {
  const Organisation o = org();
  const Child existing = in_tx([](Transaction& tx) {
    for (const Child& c : tx.load_authority().children) {
      if (c.open) return c;
    }
    return Child{};
  });
  ASSERT_NE(existing.id, 0);
  const Staff iro = o.staff[0];
  const std::string csv =
      "\xEF\xBB\xBF"
      "Case_Reference,Team,Legal_Status,IRO,Open\r\n"
      "NEW-1,\"" +
      o.teams[0].name + "\",child_in_need,\"" + iro.email +
      "\",yes\r\n"
      "NEW-2,No Such Team,child_in_need,,\r\n"
      "bad ref,\"" +
      o.teams[0].name + "\",child_in_need,,\r\n" + existing.case_reference +
      ",,,,no\r\n"
      "NEW-1,\"" +
      o.teams[0].name + "\",care_leaver,,\r\n";
  auto result = import(csv);
  ASSERT_EQ(result->status, 200) << result->body;
  const json::value report = body_of(result);
  EXPECT_EQ(report.at("created").as_int64(), 1);
  EXPECT_EQ(report.at("updated").as_int64(), 1);
  EXPECT_EQ(report.at("rejected").as_int64(), 3);
  EXPECT_EQ(import_row(result, 1).at("error").at("field").as_string(), "team");
  EXPECT_EQ(import_row(result, 2).at("error").at("field").as_string(), "case_reference");
  EXPECT_EQ(import_row(result, 4).at("error").at("field").as_string(), "case_reference");
  EXPECT_EQ(import_row(result, 4).at("line").as_int64(), 6);

  const Child one = *child("NEW-1");
  EXPECT_EQ(import_row(result, 0).at("id").as_int64(), one.id);
  EXPECT_EQ(one.iro_id, iro.id);
  EXPECT_EQ(one.legal_status, LegalStatus::kChildInNeed);
  EXPECT_FALSE(child("NEW-2"));
  Child expected = existing;
  expected.open = false;
  expected.iro_id.reset();  // the empty IRO cell clears it
  EXPECT_EQ(child(existing.case_reference), expected);
  EXPECT_EQ(changes_of(one.id).at(0).action, "child.create");
  EXPECT_EQ(changes_of(existing.id).at(0).action, "child.update");
}

TEST_P(ChildrenApiTest, AtomicImportWithABadRowWritesNothing) {
  const std::string csv =
      "case_reference,team,legal_status\n"
      "OK-1," +
      org().teams[0].name +
      ",child_in_need\n"
      "OK-2," +
      org().teams[0].name + ",unknown_status\n";
  const std::string before = fingerprint();
  auto result = import(csv, true);
  ASSERT_EQ(result->status, 422) << result->body;
  EXPECT_FALSE(body_of(result).at("written").as_bool());
  EXPECT_EQ(import_row(result, 1).at("line").as_int64(), 3);
  EXPECT_EQ(import_row(result, 1).at("error").at("field").as_string(), "legal_status");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(ChildrenApiTest, ACaseloadWithANameColumnIsRefusedWhole) {
  const std::string before = fingerprint();
  expect_error(import("case_reference,team,legal_status,Surname\nA-1,T,child_in_need,Smith\n"), 400,
               "bad_request", "surname");
  expect_error(import("case_reference,team,legal_status,name\nA-1,T,child_in_need,Ann\n"), 400,
               "bad_request", "name");
  expect_error(import("team,legal_status\nT,child_in_need\n"), 400, "bad_request",
               "case_reference");
  EXPECT_EQ(fingerprint(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, ChildrenApiTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
