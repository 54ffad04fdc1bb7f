// Names beside ids in the list routes' rows (daemon/service/row_names.h),
// served for real on SQLite and PostgreSQL: every <x>_name a row carries is
// the stored name of the record its <x>_id names, placed right after it.
#include <map>

#include "tests/daemon/api/cycle_fixture.h"
#include "tests/daemon/api/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleNamesTest : public CycleTest {
 protected:
  void SetUp() override {
    CycleTest::SetUp();
    const Organisation organisation =
        in_tx([](Transaction& tx) { return tx.organisation().load(); });
    for (const Staff& s : organisation.staff) staff_[s.id] = s.name;
    for (const Team& t : organisation.teams) teams_[t.id] = t.name;
    for (const Service& s : organisation.services) services_[s.id] = s.name;
  }

  json::array rows(const std::string& path, const std::string& key) {
    return viewer_json(path).at(key).as_array();
  }

  // row[name_field] is the name of row[id_field] in `names` (null for a null
  // id), and it comes right after the id field.
  static void expect_named(const json::value& row, const std::string& id_field,
                           const std::string& name_field, const std::map<Id, std::string>& names) {
    const json::object& object = row.as_object();
    ASSERT_TRUE(object.contains(name_field)) << json::serialize(row);
    const json::value& id = object.at(id_field);
    if (id.is_null()) {
      EXPECT_TRUE(object.at(name_field).is_null()) << json::serialize(row);
    } else {
      EXPECT_EQ(object.at(name_field).as_string(), names.at(id.as_int64())) << json::serialize(row);
    }
    auto it = object.find(id_field);
    ASSERT_NE(++it, object.end());
    EXPECT_EQ(it->key(), name_field) << json::serialize(row);
  }

  std::map<Id, std::string> staff_, teams_, services_;
};

TEST_P(CycleNamesTest, MonthAuditRowsNameTheAuditorModeratorTeamAndChild) {
  commit_january();
  const json::array audits = rows("/v1/months/2027-01/audits", "audits");
  ASSERT_FALSE(audits.empty());
  int moderated = 0;
  for (const json::value& row : audits) {
    expect_named(row, "auditor_id", "auditor_name", staff_);
    expect_named(row, "moderator_id", "moderator_name", staff_);
    expect_named(row, "team_id", "team_name", teams_);
    const Child stored = child(row.at("child_id").as_int64());
    EXPECT_EQ(row.at("case_reference").as_string(), stored.case_reference);
    EXPECT_EQ(row.at("legal_status").as_string(), to_string(stored.legal_status));
    EXPECT_EQ(row.at("team_id").as_int64(), stored.team_id);
    moderated += row.at("moderator_id").is_null() ? 0 : 1;
  }
  EXPECT_GT(moderated, 0);
  // One audit reads the same.
  auto one = get("/v1/audits/" + std::to_string(audits[0].at("id").as_int64()));
  ASSERT_EQ(one->status, 200);
  expect_named(body_of(one), "auditor_id", "auditor_name", staff_);
}

TEST_P(CycleNamesTest, OrganisationRowsNameEveryPersonTeamAndService) {
  const json::array staff = rows("/v1/staff", "staff");
  int managed = 0;
  for (const json::value& row : staff) {
    expect_named(row, "team_id", "team_name", teams_);
    expect_named(row, "line_manager_id", "line_manager_name", staff_);
    const json::array& ids = row.at("responsible_team_ids").as_array();
    const json::array& names = row.at("responsible_team_names").as_array();
    ASSERT_EQ(ids.size(), names.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      EXPECT_EQ(names[i].as_string(), teams_.at(ids[i].as_int64()));
    }
    managed += row.at("line_manager_id").is_null() ? 0 : 1;
  }
  EXPECT_GT(managed, 0);
  for (const json::value& row : rows("/v1/teams", "teams")) {
    expect_named(row, "service_id", "service_name", services_);
    expect_named(row, "team_manager_id", "team_manager_name", staff_);
  }
  for (const json::value& row : rows("/v1/services", "services")) {
    expect_named(row, "service_manager_id", "service_manager_name", staff_);
    expect_named(row, "head_of_service_id", "head_of_service_name", staff_);
    expect_named(row, "director_id", "director_name", staff_);
  }
  const json::array exemptions = rows("/v1/exemptions", "exemptions");
  ASSERT_FALSE(exemptions.empty());
  for (const json::value& row : exemptions) {
    expect_named(row, "staff_id", "staff_name", staff_);
    expect_named(row, "authorised_by", "authorised_by_name", staff_);
  }
}

TEST_P(CycleNamesTest, FollowUpRowsNameTheOwnerTeamAndHeadOfService) {
  commit_january();
  const Audit audit = audits_in(kJanuary).front();
  const std::string actions = "/v1/audits/" + std::to_string(audit.id) + "/actions";
  ASSERT_EQ(
      post(actions, R"({"description": "Update the plan", "due_date": "2027-02-26"})")->status,
      201);
  const json::array listed = rows(actions, "actions");
  ASSERT_EQ(listed.size(), 1u);
  expect_named(listed[0], "owner_id", "owner_name", staff_);

  ASSERT_EQ(post("/v1/audits/" + std::to_string(audit.id) + "/submission",
                 R"({"overall_grade": "good", "domain_grades": {"Supervision": "good"}, )" +
                     kReturnAnswers + "}")
                ->status,
            200);  // a concern needs a graded audit
  auto raised =
      post("/v1/concerns", R"({"audit_id": )" + std::to_string(audit.id) + R"(, "category": 2})");
  ASSERT_EQ(raised->status, 201) << raised->body;
  const std::int64_t raised_id = body_of(raised).at("id").as_int64();
  const json::array concerns = rows("/v1/concerns", "concerns");
  bool saw_raised = false;
  for (const json::value& row : concerns) {
    expect_named(row, "team_id", "team_name", teams_);
    expect_named(row, "head_of_service_id", "head_of_service_name", staff_);
    EXPECT_FALSE(row.at("head_of_service_id").is_null());
    EXPECT_GE(row.at("age_days").as_int64(), 0);
    if (row.at("id").as_int64() != raised_id) continue;
    saw_raised = true;
    EXPECT_EQ(row.at("age_days").as_int64(), 0);  // raised today
  }
  EXPECT_TRUE(saw_raised);

  const json::array pairings = rows("/v1/pairings?period=2027-01", "pairings");
  ASSERT_FALSE(pairings.empty());
  for (const json::value& row : pairings) {
    expect_named(row, "auditor_id", "auditor_name", staff_);
    expect_named(row, "moderator_id", "moderator_name", staff_);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleNamesTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
