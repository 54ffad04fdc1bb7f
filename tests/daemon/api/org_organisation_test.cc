// Services and teams over HTTP (daemon/api/resources_organisation.cc), on
// SQLite and PostgreSQL.
#include "tests/daemon/api/api_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class OrganisationApiTest : public ApiTest {
 protected:
  Id active_staff(Role role) {
    for (const Staff& s : org().staff) {
      if (s.role == role && s.active) return s.id;
    }
    ADD_FAILURE() << "no active " << to_string(role);
    return 0;
  }
  std::vector<ChangeRecord> changes_of(const std::string& type, Id id) {
    return in_tx([&](Transaction& tx) {
      return tx.changes().find(ChangeFilter{.record_type = type, .record_id = std::to_string(id)});
    });
  }
};

TEST_P(OrganisationApiTest, CreatesAServiceWithItsManagersAndLogsIt) {
  const Id manager = active_staff(Role::kServiceManager);
  const Id head = active_staff(Role::kHeadOfService);
  auto result = post("/v1/services", json::serialize(json::object{
                                         {"name", "Early Help"},
                                         {"service_manager_id", manager},
                                         {"head_of_service_id", head},
                                     }));
  ASSERT_EQ(result->status, 201) << result->body;
  const Id id = body_of(result).at("id").as_int64();
  auto stored = in_tx([&](Transaction& tx) { return tx.organisation().find_service(id); });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->name, "Early Help");
  EXPECT_EQ(stored->service_manager_id, manager);
  EXPECT_EQ(stored->head_of_service_id, head);
  EXPECT_EQ(stored->director_id, std::nullopt);

  auto changes = changes_of("service", id);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].action, "service.create");
  EXPECT_EQ(changes[0].actor, "qa-coordinator");
  EXPECT_EQ(changes[0].before_json, "");
  EXPECT_EQ(json::parse(changes[0].after_json).at("name").as_string(), "Early Help");

  auto list = get("/v1/services");
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(body_of(list).at("services").as_array().size(), org().services.size());
}

TEST_P(OrganisationApiTest, PatchingATeamManagerChangesOnlyThatAndLogsBeforeAndAfter) {
  const Organisation o = org();
  const Team before = o.teams.front();
  const Team other = o.teams.back();
  ASSERT_TRUE(other.team_manager_id);
  ASSERT_NE(other.team_manager_id, before.team_manager_id);
  const Id manager = *other.team_manager_id;  // managing two teams is allowed
  auto result = patch("/v1/teams/" + std::to_string(before.id),
                      json::serialize(json::object{{"team_manager_id", manager}}));
  ASSERT_EQ(result->status, 200) << result->body;
  Team expected = before;
  expected.team_manager_id = manager;
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_team(before.id); }),
            expected);
  auto changes = changes_of("team", before.id);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].action, "team.update");
  EXPECT_EQ(json::parse(changes[0].before_json), to_json(before));
  EXPECT_EQ(json::parse(changes[0].after_json), to_json(expected));

  auto cleared = patch("/v1/teams/" + std::to_string(before.id), R"({"team_manager_id": null})");
  ASSERT_EQ(cleared->status, 200) << cleared->body;
  EXPECT_EQ(in_tx([&](Transaction& tx) {
              return tx.organisation().find_team(before.id);
            })->team_manager_id,
            std::nullopt);
}

TEST_P(OrganisationApiTest, CreatesATeamInAServiceAndListsItByService) {
  const Service service = org().services.front();
  auto result = post("/v1/teams",
                     json::serialize(json::object{{"name", "Team Z"}, {"service_id", service.id}}));
  ASSERT_EQ(result->status, 201) << result->body;
  const Id id = body_of(result).at("id").as_int64();
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_team(id); })->service_id,
            service.id);
  EXPECT_EQ(changes_of("team", id).at(0).action, "team.create");
  auto list = get("/v1/teams?service_id=" + std::to_string(service.id));
  ASSERT_EQ(list->status, 200);
  bool listed = false;
  const json::array teams = body_of(list).at("teams").as_array();
  for (const json::value& team : teams) {
    EXPECT_EQ(team.at("service_id").as_int64(), service.id);
    listed = listed || team.at("id").as_int64() == id;
  }
  EXPECT_TRUE(listed);
}

TEST_P(OrganisationApiTest, SqlMetacharactersInANameAreStoredVerbatim) {
  const std::string name = "O'Brien'); DROP TABLE teams;-- \"x\"";
  auto result =
      post("/v1/teams",
           json::serialize(json::object{{"name", name}, {"service_id", org().services[0].id}}));
  ASSERT_EQ(result->status, 201) << result->body;
  const Id id = body_of(result).at("id").as_int64();
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_team(id); })->name, name);
}

TEST_P(OrganisationApiTest, RefusedRequestsNameTheFieldAndChangeNothing) {
  const Organisation before_org = org();
  const std::string service = "/v1/services/" + std::to_string(before_org.services[0].id);
  const std::string before = fingerprint();
  expect_error(post("/v1/services", R"({"name": "X",)"), 400, "bad_request", "body");
  expect_error(post("/v1/services", R"({"name": "X", "colour": 1})"), 400, "bad_request", "colour");
  expect_error(post("/v1/services", R"({"name": 7})"), 400, "bad_request", "name");
  expect_error(post("/v1/services", R"({"name": "  "})"), 400, "bad_request", "name");
  expect_error(post("/v1/services", R"({})"), 400, "bad_request", "name");
  expect_error(post("/v1/teams", R"({"name": "T"})"), 400, "bad_request", "service_id");
  expect_error(
      post("/v1/services", json::serialize(json::object{{"name", before_org.services[1].name}})),
      409, "conflict", "name");
  expect_error(patch("/v1/services/999999", R"({"name": "X"})"), 404, "not_found", "id");
  expect_error(patch("/v1/teams/999999", R"({"name": "X"})"), 404, "not_found", "id");
  expect_error(patch("/v1/teams/abc", R"({"name": "X"})"), 400, "bad_request", "id");
  expect_error(post("/v1/teams", R"({"name": "T", "service_id": 999999})"), 404, "not_found",
               "service_id");
  expect_error(patch(service, R"({"director_id": 999999})"), 404, "not_found", "director_id");
  expect_error(send_as(viewer(), "POST", "/v1/services", R"({"name": "V"})", "application/json"),
               403, "forbidden");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(OrganisationApiTest, AnInactiveManagerBreaksARuleAnd422ChangesNothing) {
  const Id manager = active_staff(Role::kServiceManager);
  in_tx([&](Transaction& tx) {
    Staff staff = *tx.organisation().find_staff(manager);
    staff.active = false;
    tx.organisation().update_staff(staff);
    return 0;
  });
  const std::string before = fingerprint();
  expect_error(patch("/v1/services/" + std::to_string(org().services[0].id),
                     json::serialize(json::object{{"service_manager_id", manager}})),
               422, "rule_violation", "service_manager_id");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(OrganisationApiTest, ViewersList) {
  auto services = get_as(viewer(), "/v1/services");
  ASSERT_EQ(services->status, 200);
  EXPECT_FALSE(body_of(services).at("services").as_array().empty());
  auto teams = get_as(viewer(), "/v1/teams");
  ASSERT_EQ(teams->status, 200);
  EXPECT_EQ(body_of(teams).at("teams").as_array().size(), org().teams.size());
}

INSTANTIATE_TEST_SUITE_P(Backends, OrganisationApiTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
