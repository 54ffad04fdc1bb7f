// Staff over HTTP (daemon/api/resources_staff.cc): JSON and the CSV import,
// on SQLite and PostgreSQL.
#include "tests/daemon/api/api_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class StaffApiTest : public ApiTest {
 protected:
  std::optional<Staff> staff(Id id) {
    return in_tx([&](Transaction& tx) { return tx.organisation().find_staff(id); });
  }
  std::optional<Staff> by_email(const std::string& email) {
    return in_tx([&](Transaction& tx) { return tx.organisation().find_staff_by_email(email); });
  }
  std::vector<ChangeRecord> changes_of(Id id) {
    return in_tx([&](Transaction& tx) {
      return tx.changes().find(
          ChangeFilter{.record_type = "staff", .record_id = std::to_string(id)});
    });
  }
  httplib::Result import(const std::string& csv, bool atomic = false) {
    return post(atomic ? "/v1/staff/import?atomic=1" : "/v1/staff/import", csv, "text/csv");
  }
};

TEST_P(StaffApiTest, CreatesStaffWithDefaultsAndLogsIt) {
  const Team team = org().teams.front();
  auto result =
      post("/v1/staff", json::serialize(json::object{
                            {"name", "Ann Smith"},
                            {"email", "ann.smith@example.org"},
                            {"role", "advanced_practitioner"},
                            {"fte", 0.5},
                            {"team_id", team.id},
                            {"auditor", true},
                            {"audit_rota", {{"cadence", "bimonthly"}, {"parity", "even"}}},
                        }));
  ASSERT_EQ(result->status, 201) << result->body;
  const Id id = body_of(result).at("id").as_int64();
  const Staff stored = *staff(id);
  EXPECT_EQ(stored.name, "Ann Smith");
  EXPECT_EQ(stored.role, Role::kAdvancedPractitioner);
  EXPECT_DOUBLE_EQ(stored.fte, 0.5);
  EXPECT_EQ(stored.team_id, team.id);
  EXPECT_TRUE(stored.auditor);
  EXPECT_EQ(stored.audit_rota, (Rota{Cadence::kBimonthly, Parity::kEven}));
  EXPECT_EQ(stored.moderator_capacity, 0);
  EXPECT_TRUE(stored.active);
  auto changes = changes_of(id);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].action, "staff.create");
  EXPECT_EQ(json::parse(changes[0].after_json), to_json(stored));
  json::object fetched = body_of(get("/v1/staff/" + std::to_string(id))).as_object();
  EXPECT_EQ(fetched.at("console_access").as_string(), "none");
  fetched.erase("console_access");
  EXPECT_EQ(json::value(fetched), to_json(stored));
}

TEST_P(StaffApiTest, ListFiltersByRoleTeamAndActive) {
  const Organisation o = org();
  const Id team = o.teams.front().id;
  auto result =
      get("/v1/staff?role=social_worker&team_id=" + std::to_string(team) + "&active=true");
  ASSERT_EQ(result->status, 200) << result->body;
  std::size_t expected = 0;
  for (const Staff& s : o.staff) {
    expected += s.role == Role::kSocialWorker && s.team_id == team && s.active ? 1 : 0;
  }
  const json::array listed = body_of(result).at("staff").as_array();
  EXPECT_EQ(listed.size(), expected);
  EXPECT_GT(expected, 0u);
  for (const json::value& s : listed) EXPECT_EQ(s.at("role").as_string(), "social_worker");
  expect_error(get("/v1/staff?role=wizard"), 400, "bad_request", "role");
  expect_error(get("/v1/staff?active=perhaps"), 400, "bad_request", "active");
}

TEST_P(StaffApiTest, PatchingOneRotaFieldLeavesEveryOtherFieldUnchanged) {
  Staff before = org().staff.back();
  const Parity flipped = before.audit_rota.parity == Parity::kOdd ? Parity::kEven : Parity::kOdd;
  auto result = patch(
      "/v1/staff/" + std::to_string(before.id),
      json::serialize(json::object{{"audit_rota", {{"parity", std::string(to_string(flipped))}}}}));
  ASSERT_EQ(result->status, 200) << result->body;
  Staff expected = before;
  expected.audit_rota.parity = flipped;
  EXPECT_EQ(staff(before.id), expected);
  auto changes = changes_of(before.id);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].action, "staff.update");
  EXPECT_EQ(json::parse(changes[0].before_json), to_json(before));
  EXPECT_EQ(json::parse(changes[0].after_json), to_json(expected));

  // The same value again changes nothing and logs nothing.
  const std::string unchanged = fingerprint();
  auto again = patch(
      "/v1/staff/" + std::to_string(before.id),
      json::serialize(json::object{{"audit_rota", {{"parity", std::string(to_string(flipped))}}}}));
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(fingerprint(), unchanged);
}

TEST_P(StaffApiTest, PatchesModeratorCapacityExternalFlagAndActive) {
  const Staff before = org().staff.front();
  auto result = patch("/v1/staff/" + std::to_string(before.id),
                      R"({"moderator_capacity": 3, "external_moderator": true, "active": false,
                          "audit_quota": 2, "responsible_team_ids": []})");
  ASSERT_EQ(result->status, 200) << result->body;
  Staff expected = before;
  expected.moderator_capacity = 3;
  expected.external_moderator = true;
  expected.active = false;
  expected.audit_quota = 2;
  expected.responsible_team_ids.clear();
  EXPECT_EQ(staff(before.id), expected);
}

TEST_P(StaffApiTest, BadValuesAre400NamingTheFieldAndChangeNothing) {
  const Staff someone = org().staff.front();
  const std::string path = "/v1/staff/" + std::to_string(someone.id);
  const std::string before = fingerprint();
  expect_error(patch(path, R"({"fte": 0})"), 400, "bad_request", "fte");
  expect_error(patch(path, R"({"fte": 1.5})"), 400, "bad_request", "fte");
  expect_error(patch(path, R"({"fte": "1"})"), 400, "bad_request", "fte");
  expect_error(patch(path, R"({"role": "wizard"})"), 400, "bad_request", "role");
  expect_error(patch(path, R"({"email": "no-at-sign"})"), 400, "bad_request", "email");
  expect_error(patch(path, R"({"name": ""})"), 400, "bad_request", "name");
  expect_error(patch(path, R"({"moderator_capacity": -1})"), 400, "bad_request",
               "moderator_capacity");
  expect_error(patch(path, R"({"audit_rota": {"parity": "sometimes"}})"), 400, "bad_request",
               "audit_rota.parity");
  expect_error(patch(path, R"({"audit_rota": {"colour": "red"}})"), 400, "bad_request",
               "audit_rota.colour");
  expect_error(patch(path, R"({"moderator_capcity": 3})"), 400, "bad_request", "moderator_capcity");
  expect_error(patch(path, R"({"active": "yes"})"), 400, "bad_request", "active");
  expect_error(patch(path, R"({"fte": )"), 400, "bad_request", "body");
  expect_error(post("/v1/staff", R"({"name": "A", "email": "a@x.org"})"), 400, "bad_request",
               "role");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(StaffApiTest, UnknownIdsDuplicatesLoopsAndViewersAreRefused) {
  const Organisation o = org();
  const Staff first = o.staff[0];
  const Staff second = o.staff[1];
  const std::string before = fingerprint();
  expect_error(get("/v1/staff/999999"), 404, "not_found", "id");
  expect_error(patch("/v1/staff/999999", R"({"fte": 1})"), 404, "not_found", "id");
  expect_error(patch("/v1/staff/" + std::to_string(first.id), R"({"team_id": 999999})"), 404,
               "not_found", "team_id");
  expect_error(patch("/v1/staff/" + std::to_string(first.id), R"({"line_manager_id": 999999})"),
               404, "not_found", "line_manager_id");
  expect_error(patch("/v1/staff/" + std::to_string(first.id),
                     json::serialize(json::object{{"email", second.email}})),
               409, "conflict", "email");
  expect_error(post("/v1/staff", json::serialize(json::object{
                                     {"name", "Dup"}, {"email", first.email}, {"role", "other"}})),
               409, "conflict", "email");
  expect_error(patch("/v1/staff/" + std::to_string(first.id),
                     json::serialize(json::object{{"line_manager_id", first.id}})),
               422, "rule_violation", "line_manager_id");
  expect_error(send_as(viewer(), "PATCH", "/v1/staff/" + std::to_string(first.id), R"({"fte": 1})",
                       "application/json"),
               403, "forbidden");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(StaffApiTest, SqlMetacharactersInANameAreStoredVerbatim) {
  const std::string name = "Robert'); DROP TABLE staff;-- \\ \"Bobby\"";
  auto result =
      post("/v1/staff", json::serialize(json::object{
                            {"name", name}, {"email", "bobby@example.org"}, {"role", "other"}}));
  ASSERT_EQ(result->status, 201) << result->body;
  EXPECT_EQ(staff(body_of(result).at("id").as_int64())->name, name);
}

// ---- CSV import ---------------------------------------------------------------

TEST_P(StaffApiTest, ImportCreatesUpdatesAndReportsEachRowWritingTheGoodOnes) {
  const Organisation o = org();
  const Staff existing = o.staff.front();
  const std::string team = o.teams.front().name;
  const std::string csv =
      "Email,Name,Role,FTE,Team,Line_Manager,Audit_Parity\r\n"
      "new.one@example.org,New One,social_worker,0.5,\"" +
      team +
      "\",,even\r\n"
      "new.two@example.org,New Two,social_worker,1,,new.one@example.org,\r\n"
      "bad@example.org,Bad,wizard,1,,,\r\n"
      "worse@example.org,Worse,other,2,,,\r\n" +
      existing.email + ",,,,,,\"" +
      std::string(existing.audit_rota.parity == Parity::kOdd ? "even" : "odd") + "\"\r\n";
  auto result = import(csv);
  ASSERT_EQ(result->status, 200) << result->body;
  const json::value report = body_of(result);
  EXPECT_EQ(report.at("created").as_int64(), 2);
  EXPECT_EQ(report.at("updated").as_int64(), 1);
  EXPECT_EQ(report.at("rejected").as_int64(), 2);
  EXPECT_EQ(import_row(result, 0).at("line").as_int64(), 2);
  EXPECT_EQ(import_row(result, 0).at("result").as_string(), "created");
  EXPECT_EQ(import_row(result, 2).at("result").as_string(), "rejected");
  EXPECT_EQ(import_row(result, 2).at("error").at("field").as_string(), "role");
  EXPECT_EQ(import_row(result, 3).at("error").at("field").as_string(), "fte");
  EXPECT_EQ(import_row(result, 3).at("line").as_int64(), 5);
  EXPECT_EQ(import_row(result, 4).at("result").as_string(), "updated");

  const Staff one = *by_email("new.one@example.org");
  EXPECT_EQ(import_row(result, 0).at("id").as_int64(), one.id);
  EXPECT_DOUBLE_EQ(one.fte, 0.5);
  EXPECT_EQ(one.team_id, o.teams.front().id);
  EXPECT_EQ(one.audit_rota.parity, Parity::kEven);
  EXPECT_EQ(by_email("new.two@example.org")->line_manager_id, one.id);
  EXPECT_FALSE(by_email("bad@example.org"));
  // Empty optional cells clear: the export says this person has no team or manager.
  Staff expected = existing;
  expected.team_id.reset();
  expected.line_manager_id.reset();
  expected.audit_rota.parity =
      existing.audit_rota.parity == Parity::kOdd ? Parity::kEven : Parity::kOdd;
  EXPECT_EQ(staff(existing.id), expected);
  EXPECT_EQ(changes_of(one.id).at(0).action, "staff.create");
  EXPECT_EQ(changes_of(existing.id).at(0).action, "staff.update");
}

TEST_P(StaffApiTest, AtomicImportWithBadRowsWritesNothingAndNamesEachBadRow) {
  const std::string csv =
      "email,name,role,moderator_capacity\n"
      "fine@example.org,Fine,other,1\n"
      "not-an-email,Bad,other,1\n"
      "neg@example.org,Neg,other,-2\n"
      "short@example.org,Short\n";
  const std::string before = fingerprint();
  auto result = import(csv, true);
  ASSERT_EQ(result->status, 422) << result->body;
  const json::value report = body_of(result);
  EXPECT_FALSE(report.at("written").as_bool());
  EXPECT_EQ(report.at("rejected").as_int64(), 3);
  EXPECT_EQ(import_row(result, 0).at("result").as_string(), "created");
  EXPECT_TRUE(import_row(result, 0).at("id").is_null());
  EXPECT_EQ(import_row(result, 1).at("error").at("field").as_string(), "email");
  EXPECT_EQ(import_row(result, 2).at("error").at("field").as_string(), "moderator_capacity");
  EXPECT_EQ(import_row(result, 3).at("error").at("field").as_string(), "row");
  EXPECT_EQ(import_row(result, 3).at("line").as_int64(), 5);
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(StaffApiTest, DryRunReportsEachRowAndWritesNothingEvenWhenEveryRowIsGood) {
  const std::string good =
      "email,name,role\n"
      "new.person@example.org,New Person,other\n";
  const std::string before = fingerprint();
  auto result = post("/v1/staff/import?atomic=1&dry_run=1", good, "text/csv");
  ASSERT_EQ(result->status, 200) << result->body;
  const json::value report = body_of(result);
  EXPECT_TRUE(report.at("dry_run").as_bool());
  EXPECT_FALSE(report.at("written").as_bool());
  EXPECT_EQ(report.at("created").as_int64(), 1);
  EXPECT_EQ(import_row(result, 0).at("result").as_string(), "created");
  EXPECT_TRUE(import_row(result, 0).at("id").is_null());
  EXPECT_EQ(fingerprint(), before);
  EXPECT_FALSE(by_email("new.person@example.org"));

  auto refused = post("/v1/staff/import?atomic=1&dry_run=1", good + "bad,Bad,other\n", "text/csv");
  ASSERT_EQ(refused->status, 422) << refused->body;
  EXPECT_EQ(import_row(refused, 1).at("error").at("field").as_string(), "email");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(StaffApiTest, AFileWithAnUnknownColumnOrNoEmailColumnIsRefusedWhole) {
  const std::string before = fingerprint();
  expect_error(import("email,name,shoe_size\na@x.org,A,9\n"), 400, "bad_request", "shoe_size");
  expect_error(import("name,role\nA,other\n"), 400, "bad_request", "email");
  expect_error(import("email,name\n\"a@x.org,A\n"), 400, "bad_request", "body");
  expect_error(post("/v1/staff/import", "email\na@x.org\n", "application/json"), 415,
               "unsupported_media_type");
  expect_error(send_as(viewer(), "POST", "/v1/staff/import", "email\na@x.org\n", "text/csv"), 403,
               "forbidden");
  EXPECT_EQ(fingerprint(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, StaffApiTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

// The CSV limit, made small so the test needs no 20 MiB body: the route
// answers 413 from the framework's check before reading a row.
class StaffImportLimitTest : public StaffApiTest {
 protected:
  api::ApiLimits limits() const override { return {.csv_bytes = 1024}; }
};

TEST_P(StaffImportLimitTest, AFileOverTheLimitIs413AndChangesNothing) {
  std::string csv = "email,name,role\n";
  for (int i = 0; csv.size() <= 1024; ++i) {
    csv += "p" + std::to_string(i) + "@example.org,P,other\n";
  }
  const std::string before = fingerprint();
  expect_error(import(csv), 413, "payload_too_large");
  EXPECT_EQ(fingerprint(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, StaffImportLimitTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
