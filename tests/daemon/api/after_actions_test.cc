// Actions on an audit (daemon/api/resources_actions.cc): created, updated and
// completed through the API, stored as asked with their change-log rows, and
// every refusal changing nothing.
#include "daemon/service/action_updates.h"
#include "daemon/service/person_email.h"
#include "tests/daemon/api/api_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class AfterActionsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    audit_ = commit_in_process(Month{2027, 1}).front();
    in_tx([&](Transaction& tx) {
      Organisation org = tx.organisation().load();
      const Child child = *tx.caseload().find_child(audit_.child_id);
      team_manager_ = *tx.organisation().find_team(child.team_id)->team_manager_id;
      std::vector<Staff> others;
      for (const Staff& person : org.staff) {
        if (person.id != team_manager_ && person.active) others.push_back(person);
      }
      owner_ = others.at(0).id;
      Staff leaver = others.at(1);
      leaver.active = false;
      tx.organisation().update_staff(leaver);
      leaver_ = leaver.id;
      return 0;
    });
  }

  std::string actions_path() const {
    return "/v1/audits/" + std::to_string(audit_.id) + "/actions";
  }
  static std::string action_path(Id id, const std::string& suffix = {}) {
    return "/v1/actions/" + std::to_string(id) + suffix;
  }

  // Creates an action through the API and returns its id.
  Id create(const std::string& description = "Update the child's plan") {
    json::object body{{"description", description},
                      {"owner_id", owner_},
                      {"due_date", "2027-02-26"},
                      {"care_planning", true}};
    auto result = post(actions_path(), json::serialize(body));
    EXPECT_EQ(result->status, 201) << result->body;
    return body_of(result).at("id").as_int64();
  }

  Action stored(Id id) {
    return in_tx([id](Transaction& tx) { return tx.follow_up().find_action(id); }).value();
  }

  std::vector<ChangeRecord> log_of(Id id) {
    return in_tx([id](Transaction& tx) {
      return tx.changes().find(
          ChangeFilter{.record_type = "action", .record_id = std::to_string(id)});
    });
  }

  Audit audit_;
  Id owner_ = 0, team_manager_ = 0, leaver_ = 0;
};

TEST_P(AfterActionsTest, CreateStoresTheActionAndItsChangeLogRow) {
  const Id id = create();
  const Action action = stored(id);
  EXPECT_EQ(action.audit_id, audit_.id);
  EXPECT_EQ(action.description, "Update the child's plan");
  EXPECT_EQ(action.owner_id, owner_);
  EXPECT_EQ(format_date(action.due_date), "2027-02-26");
  EXPECT_TRUE(action.care_planning);
  EXPECT_EQ(action.status, ActionStatus::kOpen);
  EXPECT_FALSE(action.completed_on);

  const auto log = log_of(id);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "action.create");
  EXPECT_EQ(log[0].actor, "qa-coordinator");
  EXPECT_EQ(log[0].before_json, "");
  EXPECT_EQ(json::parse(log[0].after_json), to_json(action));
}

TEST_P(AfterActionsTest, WithoutAnOwnerTheChildsTeamManagerOwnsIt) {
  auto result =
      post(actions_path(), R"({"description": "Chase the CP plan", "due_date": "2027-02-01"})");
  ASSERT_EQ(result->status, 201) << result->body;
  const Action action = stored(body_of(result).at("id").as_int64());
  EXPECT_EQ(action.owner_id, team_manager_);
  EXPECT_FALSE(action.care_planning);
}

TEST_P(AfterActionsTest, ListsEveryActionOverdueFirstWithNamesAndFilters) {
  const Id later = create("due later");
  auto overdue =
      post(actions_path(),
           json::serialize(json::object{{"description", "overdue"}, {"due_date", "2027-01-05"}}));
  ASSERT_EQ(overdue->status, 201) << overdue->body;
  const Id overdue_id = body_of(overdue).at("id").as_int64();
  ASSERT_EQ(post(action_path(later, "/complete"), "")->status, 200);
  const Id open_later = create("open later");
  // This audit's rows, in the order listed (the fixture has other audits' too).
  auto of_this_audit = [&](const json::value& body) {
    std::vector<json::object> rows;
    for (const json::value& row : body.at("actions").as_array()) {
      if (row.at("audit_id").as_int64() == audit_.id) rows.push_back(row.as_object());
    }
    return rows;
  };

  auto list = get_as(viewer(), "/v1/actions");
  ASSERT_EQ(list->status, 200) << list->body;
  const json::value body = body_of(list);
  bool seen_not_overdue = false;
  for (const json::value& row : body.at("actions").as_array()) {
    const bool is_overdue = row.at("overdue").as_bool();
    EXPECT_FALSE(is_overdue && seen_not_overdue) << "overdue actions come first: " << row;
    seen_not_overdue = seen_not_overdue || !is_overdue;
  }
  const std::vector<json::object> actions = of_this_audit(body);
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0].at("id").as_int64(), overdue_id);
  EXPECT_TRUE(actions[0].at("overdue").as_bool());
  EXPECT_FALSE(actions[1].at("overdue").as_bool());
  const Child child =
      *in_tx([&](Transaction& tx) { return tx.caseload().find_child(audit_.child_id); });
  const Team team =
      *in_tx([&](Transaction& tx) { return tx.organisation().find_team(child.team_id); });
  const Staff manager =
      *in_tx([&](Transaction& tx) { return tx.organisation().find_staff(team_manager_); });
  EXPECT_EQ(actions[0].at("case_reference").as_string(), child.case_reference);
  EXPECT_EQ(actions[0].at("team_name").as_string(), team.name);
  EXPECT_EQ(actions[0].at("owner_name").as_string(), manager.name);
  EXPECT_EQ(actions[0].at("month").as_string(), "2027-01");

  auto open = get_as(viewer(), "/v1/actions?status=open&team_id=" + std::to_string(team.id));
  ASSERT_EQ(open->status, 200) << open->body;
  const json::value open_body = body_of(open);
  for (const json::value& row : open_body.at("actions").as_array()) {
    EXPECT_EQ(row.at("status").as_string(), "open");
    EXPECT_EQ(row.at("team_id").as_int64(), team.id);
  }
  const std::vector<json::object> open_rows = of_this_audit(open_body);
  ASSERT_EQ(open_rows.size(), 2u);
  EXPECT_EQ(open_rows[1].at("id").as_int64(), open_later);
  auto other_team = get_as(viewer(), "/v1/actions?team_id=999999");
  ASSERT_EQ(other_team->status, 200);
  EXPECT_TRUE(body_of(other_team).at("actions").as_array().empty());
  expect_error(get("/v1/actions?status=late"), 400, "bad_request", "status");
}

TEST_P(AfterActionsTest, ListsAnAuditsActionsAndReadsOne) {
  const Id first = create("first");
  const Id second = create("second");
  auto list = get_as(viewer(), actions_path());
  ASSERT_EQ(list->status, 200) << list->body;
  const json::value body = body_of(list);
  const json::array& actions = body.at("actions").as_array();
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0].at("id").as_int64(), first);
  EXPECT_EQ(actions[1].at("description").as_string(), "second");
  auto one = get_as(viewer(), action_path(second));
  ASSERT_EQ(one->status, 200);
  EXPECT_EQ(body_of(one), to_json(stored(second)));
  expect_error(get("/v1/audits/999999/actions"), 404, "not_found");
  expect_error(get(action_path(999999)), 404, "not_found");
}

TEST_P(AfterActionsTest, SqlAndQuotesInADescriptionAreStoredVerbatim) {
  const std::string nasty = "'); DROP TABLE actions;-- \"quoted\" \\ 100% _ ünïcødé";
  const Id id = create(nasty);
  EXPECT_EQ(stored(id).description, nasty);
  EXPECT_EQ(body_of(get(action_path(id))).at("description").as_string(), nasty);
}

TEST_P(AfterActionsTest, PatchChangesOnlyTheGivenFieldsAndLogsBeforeAndAfter) {
  const Id id = create();
  const Action before = stored(id);
  auto result = patch(action_path(id), R"({"due_date": "2027-03-31", "care_planning": false})");
  ASSERT_EQ(result->status, 200) << result->body;
  Action expected = before;
  expected.due_date = parse_date("2027-03-31");
  expected.care_planning = false;
  EXPECT_EQ(stored(id), expected);
  EXPECT_EQ(body_of(result), to_json(expected));
  const auto log = log_of(id);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].action, "action.update");
  EXPECT_EQ(json::parse(log[0].before_json), to_json(before));
  EXPECT_EQ(json::parse(log[0].after_json), to_json(expected));

  ASSERT_EQ(patch(action_path(id), R"({"owner_id": )" + std::to_string(team_manager_) +
                                       R"(, "description": "new words"})")
                ->status,
            200);
  EXPECT_EQ(stored(id).owner_id, team_manager_);
  EXPECT_EQ(stored(id).description, "new words");
}

TEST_P(AfterActionsTest, CompleteRecordsTodayAndASecondCompleteIs409) {
  const Id id = create();
  const Action before = stored(id);
  auto result = post(action_path(id, "/complete"));
  ASSERT_EQ(result->status, 200) << result->body;
  const Action done = stored(id);
  EXPECT_EQ(done.status, ActionStatus::kCompleted);
  EXPECT_EQ(format_date(*done.completed_on), "2027-01-11");
  const auto log = log_of(id);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].action, "action.complete");
  EXPECT_EQ(json::parse(log[0].before_json), to_json(before));
  EXPECT_EQ(json::parse(log[0].after_json), to_json(done));

  const std::string fixed = fingerprint();
  expect_error(post(action_path(id, "/complete")), 409, "conflict");
  expect_error(patch(action_path(id), R"({"description": "late edit"})"), 409, "conflict");
  EXPECT_EQ(fingerprint(), fixed);
}

TEST_P(AfterActionsTest, CompletedOnIsTheLondonDayNotTheUtcOne) {
  const Id id = create();
  // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
  clock_.set(std::chrono::sys_days(std::chrono::year(2027) / std::chrono::June / 30) +
             std::chrono::hours(23) + std::chrono::minutes(30));
  ASSERT_EQ(post(action_path(id, "/complete"))->status, 200);
  EXPECT_EQ(format_date(*stored(id).completed_on), "2027-07-01");
}

TEST_P(AfterActionsTest, CompleteTakesAnEarlierDay) {
  const Id id = create();
  auto result = post(action_path(id, "/complete"), R"({"completed_on": "2027-01-05"})");
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(format_date(*stored(id).completed_on), "2027-01-05");
}

TEST_P(AfterActionsTest, MalformedBodiesAre400NamingTheFieldAndChangeNothing) {
  const Id id = create();
  const std::string before = fingerprint();
  const std::string path = actions_path();
  expect_error(post(path, R"({"description": "x",)"), 400, "bad_request", "body");
  expect_error(post(path, R"({"description": "x", "due_date": "2027-02-01", "colour": 1})"), 400,
               "bad_request", "colour");
  expect_error(post(path, R"({"description": 7, "due_date": "2027-02-01"})"), 400, "bad_request",
               "description");
  expect_error(post(path, R"({"description": "   ", "due_date": "2027-02-01"})"), 400,
               "bad_request", "description");
  expect_error(post(path, R"({"due_date": "2027-02-01"})"), 400, "bad_request", "description");
  expect_error(post(path, R"({"description": "x"})"), 400, "bad_request", "due_date");
  expect_error(post(path, R"({"description": "x", "due_date": "2027-02-30"})"), 400, "bad_request",
               "due_date");
  expect_error(post(path, R"({"description": "x", "due_date": "01/02/2027"})"), 400, "bad_request",
               "due_date");
  expect_error(post(path, R"({"description": "x", "due_date": "2027-02-01", "owner_id": "5"})"),
               400, "bad_request", "owner_id");
  expect_error(post(path, R"({"description": "x", "due_date": "2027-02-01", "owner_id": -5})"), 400,
               "bad_request", "owner_id");
  expect_error(
      post(path, R"({"description": "x", "due_date": "2027-02-01", "care_planning": "yes"})"), 400,
      "bad_request", "care_planning");
  expect_error(patch(action_path(id), R"({})"), 400, "bad_request", "body");
  expect_error(patch(action_path(id), R"({"status": "completed"})"), 400, "bad_request", "status");
  expect_error(post(action_path(id, "/complete"), R"({"completed_on": "2027-1-5"})"), 400,
               "bad_request", "completed_on");
  expect_error(post("/v1/audits/abc/actions", R"({"description": "x", "due_date": "2027-02-01"})"),
               400, "bad_request", "id");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(AfterActionsTest, UnknownIdsAre404AndChangeNothing) {
  const Id id = create();
  const std::string before = fingerprint();
  expect_error(
      post("/v1/audits/999999/actions", R"({"description": "x", "due_date": "2027-02-01"})"), 404,
      "not_found");
  expect_error(
      post(actions_path(), R"({"description": "x", "due_date": "2027-02-01", "owner_id": 999999})"),
      404, "not_found", "owner_id");
  expect_error(patch(action_path(999999), R"({"description": "x"})"), 404, "not_found");
  expect_error(patch(action_path(id), R"({"owner_id": 999999})"), 404, "not_found", "owner_id");
  expect_error(post(action_path(999999, "/complete")), 404, "not_found");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(AfterActionsTest, BrokenRulesAre422InWordsAndChangeNothing) {
  const Id id = create();
  const std::string before = fingerprint();
  const std::string leaver = std::to_string(leaver_);
  expect_error(post(actions_path(), R"({"description": "x", "due_date": "2026-12-31"})"), 422,
               "rule_violation", "due_date");
  expect_error(
      post(actions_path(),
           R"({"description": "x", "due_date": "2027-02-01", "owner_id": )" + leaver + "}"),
      422, "rule_violation", "owner_id");
  expect_error(patch(action_path(id), R"({"owner_id": )" + leaver + "}"), 422, "rule_violation",
               "owner_id");
  expect_error(patch(action_path(id), R"({"due_date": "2026-06-01"})"), 422, "rule_violation",
               "due_date");
  expect_error(post(action_path(id, "/complete"), R"({"completed_on": "2027-01-12"})"), 422,
               "rule_violation", "completed_on");
  expect_error(post(action_path(id, "/complete"), R"({"completed_on": "2026-12-31"})"), 422,
               "rule_violation", "completed_on");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(AfterActionsTest, AViewerReadsButMayNotWrite) {
  const Id id = create();
  const std::string before = fingerprint();
  EXPECT_EQ(get_as(viewer(), actions_path())->status, 200);
  expect_error(send_as(viewer(), "POST", actions_path(),
                       R"({"description": "x", "due_date": "2027-02-01"})", "application/json"),
               403, "forbidden");
  expect_error(
      send_as(viewer(), "PATCH", action_path(id), R"({"description": "x"})", "application/json"),
      403, "forbidden");
  expect_error(send_as(viewer(), "POST", action_path(id, "/complete"), "", "application/json"), 403,
               "forbidden");
  EXPECT_EQ(fingerprint(), before);
}

// The coordinator's decisions on owners' proposed dates: listed while
// pending, accepted (the action moves) or declined with a reason, each once,
// each emailing the owner; every refusal changes nothing.
TEST_P(AfterActionsTest, ProposedDatesAreDecidedOnceAndTheOwnerIsEmailed) {
  static const notifier::TemplateSet templates = notifier::TemplateSet::defaults();
  wiring_->services().enqueue_email =
      person_email_sender(templates, wiring_->services().zone, SelfServicePolicy{}, "QA team",
                          [] { return std::string("https://qa.test"); });
  const Id id = create();
  const auto propose = [&](const char* note, const char* date) {
    return post_action_update(wiring_->services(),
                              Caller{.actor = "person:owner", .at = clock_.now()},
                              {.action_id = id,
                               .by_staff_id = owner_,
                               .note = note,
                               .proposed_due_date = parse_date(date)});
  };
  const ActionUpdate first = propose("the review moved", "2027-03-12");
  auto listed = get("/v1/action-updates?status=pending");
  ASSERT_EQ(listed->status, 200) << listed->body;
  const json::value listing = body_of(listed);
  const json::array& pending = listing.at("action_updates").as_array();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].at("proposed_due_date"), "2027-03-12");

  const std::string path = "/v1/action-updates/" + std::to_string(first.id);
  const std::string before = fingerprint();
  expect_error(post(path + "/decline", R"({"reason": "  "})"), 400, "bad_request", "reason");
  expect_error(post("/v1/action-updates/999999/accept"), 404, "not_found", "id");
  expect_error(send_as(viewer_, "POST", path + "/accept", "", "application/json"), 403,
               "forbidden");
  EXPECT_EQ(fingerprint(), before);

  auto accepted = post(path + "/accept");
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  EXPECT_EQ(body_of(accepted).at("decision"), "accepted");
  EXPECT_EQ(format_date(stored(id).due_date), "2027-03-12");
  const std::string decided = fingerprint();
  expect_error(post(path + "/accept"), 409, "conflict", "decision");
  expect_error(post(path + "/decline", R"({"reason": "changed my mind"})"), 409, "conflict",
               "decision");
  EXPECT_EQ(fingerprint(), decided);

  const ActionUpdate second = propose("the school asked for later", "2027-04-30");
  auto declined = post("/v1/action-updates/" + std::to_string(second.id) + "/decline",
                       R"({"reason": "the plan review cannot wait"})");
  ASSERT_EQ(declined->status, 200) << declined->body;
  EXPECT_EQ(format_date(stored(id).due_date), "2027-03-12");

  std::vector<std::string> subjects;
  for (const OutboxMessage& m : in_tx([](Transaction& tx) { return tx.outbox().messages({}); })) {
    if (m.dedup_key.rfind("action_update_decision:", 0) == 0) {
      EXPECT_EQ(m.recipient_staff_id, std::optional<Id>(owner_));
      subjects.push_back(m.subject.substr(0, m.subject.find(':')));
    }
  }
  EXPECT_EQ(subjects,
            (std::vector<std::string>{"New due date accepted", "Proposed due date declined"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, AfterActionsTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
