// /v1/audits/{id}: read, reassign, withdraw, submission and moderation, on
// SQLite and PostgreSQL. January is committed first; every refused request
// leaves the fingerprint as it was.
#include "scheduler/allocation/roster.h"
#include "tests/daemon/api/cycle_fixture.h"
#include "tests/daemon/api/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleAuditsTest : public CycleTest {
 protected:
  void SetUp() override {
    CycleTest::SetUp();
    commit_january();
    first_ = audits_in(kJanuary).front();
  }

  std::string path(const std::string& action = {}) const {
    return "/v1/audits/" + std::to_string(first_.id) + (action.empty() ? "" : "/" + action);
  }
  httplib::Result submit(const std::string& body) { return post(path("submission"), body); }

  void expect_refused(const httplib::Result& result, int status, const std::string& code,
                      const std::string& field, const std::string& before) {
    expect_error(result, status, code, field);
    EXPECT_EQ(fingerprint(), before);
  }

  Audit first_;
};

TEST_P(CycleAuditsTest, GetsAnAuditWithItsChild) {
  auto result = get_as(viewer(), path());
  ASSERT_EQ(result->status, 200) << result->body;
  const json::value body = body_of(result);
  EXPECT_EQ(body.at("id").as_int64(), first_.id);
  EXPECT_EQ(body.at("case_reference").as_string(), child(first_.child_id).case_reference);
  EXPECT_TRUE(body.at("actions").as_array().empty());
  expect_error(get("/v1/audits/999999"), 404, "not_found", "id");
  expect_error(get("/v1/audits/abc"), 400, "bad_request", "id");
}

TEST_P(CycleAuditsTest, SubmissionStoresGradesAndLogsTheChange) {
  auto result = submit(R"({"overall_grade": "good",
      "domain_grades": {"quality of assessment": "good", "Quality of plans": "requires_improvement"}, )" +
                       kReturnAnswers + "}");
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(body_of(result).at("status").as_string(), "submitted");
  const Audit stored = audit(first_.id);
  EXPECT_EQ(stored.status, AuditStatus::kSubmitted);
  EXPECT_EQ(stored.overall_grade, Grade::kGood);
  EXPECT_EQ(stored.domain_grades.at("Quality of plans"), Grade::kRequiresImprovement);
  EXPECT_EQ(stored.domain_grades.at("Quality of assessment"),
            Grade::kGood);  // the configured spelling
  EXPECT_EQ(stored.submitted_on, parse_date("2027-01-11"));
  EXPECT_FALSE(stored.grade_justification);
  const auto rows = changes_of("audit", std::to_string(first_.id));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "audit.submit");
  EXPECT_EQ(rows[0].actor, "qa-coordinator");
  EXPECT_THAT(rows[0].after_json, HasSubstr(R"("status":"submitted")"));
  EXPECT_THAT(rows[0].before_json, HasSubstr(R"("status":"allocated")"));
}

TEST_P(CycleAuditsTest, TheReturnRecordsWhoTookPartTheFamilysFeedbackAndItsActions) {
  auto result = submit(R"({"overall_grade": "good", "domain_grades": {"Supervision": "good"},
      "participation": {"child_seen": "yes", "family": "no", "worker": "yes",
                        "team_manager": "not_applicable", "iro": "no"},
      "family_feedback": "attempted",
      "actions": [{"description": "Update the plan with the school's view",
                   "due_date": "2027-02-26", "care_planning": true},
                  {"description": "Record the sibling's view", "due_date": "2027-02-12"}]})");
  ASSERT_EQ(result->status, 200) << result->body;
  const Audit stored = audit(first_.id);
  ASSERT_TRUE(stored.participation);
  EXPECT_EQ(stored.participation->family, Participation::kNo);
  EXPECT_EQ(stored.participation->team_manager, Participation::kNotApplicable);
  EXPECT_EQ(stored.family_feedback, FamilyFeedback::kAttempted);

  const json::value body = body_of(get_as(viewer(), path()));
  EXPECT_EQ(body.at("participation").at("child_seen").as_string(), "yes");
  EXPECT_EQ(body.at("participation").at("iro").as_string(), "no");
  EXPECT_EQ(body.at("family_feedback").as_string(), "attempted");
  const json::array& actions = body.at("actions").as_array();
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0].at("description").as_string(), "Update the plan with the school's view");
  EXPECT_TRUE(actions[0].at("care_planning").as_bool());
  EXPECT_EQ(actions[1].at("due_date").as_string(), "2027-02-12");
  EXPECT_EQ(changes_of("action", std::to_string(actions[0].at("id").as_int64())).at(0).actor,
            "qa-coordinator");

  const json::value listed = body_of(get("/v1/months/2027-01/audits"));
  bool found = false;
  for (const json::value& row : listed.at("audits").as_array()) {
    if (row.at("id").as_int64() != first_.id) continue;
    found = true;
    EXPECT_EQ(row.at("participation").at("family").as_string(), "no");
    EXPECT_EQ(row.at("family_feedback").as_string(), "attempted");
  }
  EXPECT_TRUE(found);
}

TEST_P(CycleAuditsTest, ARefusedReturnNamesTheAnswerOrTheActionAndChangesNothing) {
  const std::string before = fingerprint();
  const std::string grades = R"("overall_grade": "good", "domain_grades": {"Supervision": "good"})";
  auto missing = submit("{" + grades + "}");
  expect_refused(missing, 400, "bad_request", "participation", before);
  EXPECT_THAT(missing->body, HasSubstr("the return requires the participation answers"));
  const std::string answers = R"("participation": {"child_seen": "yes", "family": "yes",
      "worker": "yes", "team_manager": "yes", "iro": "yes"})";
  expect_refused(submit("{" + grades + ", " + answers + "}"), 400, "bad_request", "family_feedback",
                 before);
  const std::string complete = grades + ", " + answers + R"(, "family_feedback": "none")";
  const std::vector<std::tuple<std::string, int, std::string>> cases = {
      {grades + R"(, "participation": {"child_seen": "yes"}, "family_feedback": "none")", 400,
       "participation.family"},
      {grades + R"(, "participation": {"child_seen": "maybe", "family": "yes", "worker": "yes",
          "team_manager": "yes", "iro": "yes"}, "family_feedback": "none")",
       400, "participation.child_seen"},
      {grades + ", " + answers + R"(, "family_feedback": "phoned")", 400, "family_feedback"},
      {complete + R"(, "actions": {"description": "x"})", 400, "actions"},
      {complete + R"(, "actions": ["x"])", 400, "actions[0]"},
      {complete + R"(, "actions": [{"due_date": "2027-02-01"}])", 400, "actions[0].description"},
      {complete + R"(, "actions": [{"description": "x", "due_date": "2027-02-01", "colour": 1}])",
       400, "actions[0].colour"},
      {complete + R"(, "actions": [{"description": "x", "due_date": "2027-02-01"},
          {"description": "y", "due_date": "2026-12-01"}])",
       422, "actions[1].due_date"},
      {complete + R"(, "actions": [{"description": "x", "due_date": "2027-02-01",
          "owner_id": 999999}])",
       404, "actions[0].owner_id"},
  };
  for (const auto& [body, status, field] : cases) {
    SCOPED_TRACE(body);
    expect_refused(submit("{" + body + "}"), status,
                   status == 400   ? "bad_request"
                   : status == 404 ? "not_found"
                                   : "rule_violation",
                   field, before);
  }
}

TEST_P(CycleAuditsTest, AnOverallGradeTwoAboveTheLowestDomainNeedsAJustification) {
  const std::string before = fingerprint();
  const std::string grades =
      R"("overall_grade": "good", "domain_grades": {"Quality of plans": "inadequate", "Supervision": "good"})";
  auto refused = submit("{" + grades + "}");
  expect_refused(refused, 422, "rule_violation", "overall_grade", before);
  EXPECT_THAT(refused->body, HasSubstr("at most one grade above the lowest domain grade"));
  expect_refused(submit("{" + grades + R"(, "justification": "  "})"), 400, "bad_request",
                 "justification", before);

  const std::string body = json::serialize(json::object{
      {"overall_grade", "good"},
      {"domain_grades", json::object{{"Quality of plans", "inadequate"}, {"Supervision", "good"}}},
      {"justification", kNastyReason},
      {"submitted_on", "2027-01-08"}});
  auto accepted = submit(body.substr(0, body.size() - 1) + ", " + kReturnAnswers + "}");
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  const Audit stored = audit(first_.id);
  EXPECT_EQ(stored.grade_justification, kNastyReason);
  EXPECT_EQ(stored.submitted_on, parse_date("2027-01-08"));
}

TEST_P(CycleAuditsTest, OneGradeAboveTheLowestNeedsNoJustification) {
  auto result =
      submit(R"({"overall_grade": "outstanding", "domain_grades": {"Quality of plans": "good"}, )" +
             kReturnAnswers + "}");
  ASSERT_EQ(result->status, 200) << result->body;
}

TEST_P(CycleAuditsTest, MalformedSubmissionsAreRefusedNamingTheField) {
  const std::string before = fingerprint();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{", "body"},
      {"[]", "body"},
      {R"({"domain_grades": {"Supervision": "good"}})", "overall_grade"},
      {R"({"overall_grade": 3, "domain_grades": {"Supervision": "good"}})", "overall_grade"},
      {R"({"overall_grade": "great", "domain_grades": {"Supervision": "good"}})", "overall_grade"},
      {R"({"overall_grade": "good"})", "domain_grades"},
      {R"({"overall_grade": "good", "domain_grades": {}})", "domain_grades"},
      {R"({"overall_grade": "good", "domain_grades": ["good"]})", "domain_grades"},
      {R"({"overall_grade": "good", "domain_grades": {"plans": 2}})", "domain_grades.plans"},
      {R"({"overall_grade": "good", "domain_grades": {"plans": "ok"}})", "domain_grades.plans"},
      {R"({"overall_grade": "good", "domain_grades": {"Supervision": "good"}, "grade": "x"})",
       "grade"},
      {R"({"overall_grade": "good", "domain_grades": {"Supervision": "good"}, "submitted_on": "2027-02-30"})",
       "submitted_on"},
  };
  for (const auto& [body, field] : cases) {
    SCOPED_TRACE(body);
    expect_refused(submit(body), 400, "bad_request", field, before);
  }
  expect_refused(send_as(viewer(), "POST", path("submission"),
                         R"({"overall_grade": "good", "domain_grades": {"Supervision": "good"}})",
                         "application/json"),
                 403, "forbidden", "", before);
  expect_refused(post("/v1/audits/999999/submission",
                      R"({"overall_grade": "good", "domain_grades": {"Supervision": "good"}})"),
                 404, "not_found", "id", before);
}

TEST_P(CycleAuditsTest, DomainsComeFromTheConfiguredListMatchedWithoutCase) {
  const std::string before = fingerprint();
  auto unknown = submit(R"({"overall_grade": "good", "domain_grades": {"plans": "good"}})");
  expect_refused(unknown, 422, "rule_violation", "domain_grades", before);
  EXPECT_THAT(unknown->body, HasSubstr(R"(\"plans\" is not an audit domain)"));
  EXPECT_THAT(unknown->body, HasSubstr("Seeing and hearing the child, Quality of assessment"));
  auto twice = submit(
      R"({"overall_grade": "good", "domain_grades": {"quality of plans": "good",
          "Quality of plans": "good"}})");
  expect_refused(twice, 422, "rule_violation", "domain_grades", before);
  EXPECT_THAT(twice->body, HasSubstr("graded twice"));

  auto accepted =
      submit(R"({"overall_grade": "good", "domain_grades": {"QUALITY OF PLANS": "good"}, )" +
             kReturnAnswers + "}");
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  EXPECT_EQ(audit(first_.id).domain_grades,
            (std::map<std::string, Grade>{{"Quality of plans", Grade::kGood}}));
}

TEST_P(CycleAuditsTest, DatesInTheFutureOrOutOfOrderAre422NamingTheField) {
  const std::string grades =
      R"("overall_grade": "good", "domain_grades": {"Supervision": "good"}, )" + kReturnAnswers;
  std::string before = fingerprint();
  expect_refused(submit("{" + grades + R"(, "submitted_on": "2027-01-12"})"), 422, "rule_violation",
                 "submitted_on", before);
  expect_refused(submit("{" + grades + R"(, "submitted_on": "2026-12-31"})"), 422, "rule_violation",
                 "submitted_on", before);
  ASSERT_EQ(submit("{" + grades + R"(, "submitted_on": "2027-01-08"})")->status, 200);

  before = fingerprint();
  const std::string verdict = R"("moderated_grade": "good", "outcome": "completed_to_standard")";
  expect_refused(post(path("moderation"), "{" + verdict + R"(, "moderated_on": "2027-01-07"})"),
                 422, "rule_violation", "moderated_on", before);
  expect_refused(post(path("moderation"), "{" + verdict + R"(, "moderated_on": "2027-01-12"})"),
                 422, "rule_violation", "moderated_on", before);
  ASSERT_EQ(post(path("moderation"), "{" + verdict + R"(, "moderated_on": "2027-01-08"})")->status,
            200);
}

TEST_P(CycleAuditsTest, SubmittingTwiceOrAModeratedAuditIsAConflict) {
  const std::string body =
      R"({"overall_grade": "good", "domain_grades": {"Supervision": "good"}, )" + kReturnAnswers +
      "}";
  ASSERT_EQ(submit(body)->status, 200);
  std::string before = fingerprint();
  expect_refused(submit(body), 409, "conflict", "status", before);
  ASSERT_EQ(
      post(path("moderation"), R"({"moderated_grade": "good", "outcome": "completed_to_standard"})")
          ->status,
      200);
  before = fingerprint();
  auto again = submit(body);
  expect_refused(again, 409, "conflict", "status", before);
  EXPECT_THAT(again->body, HasSubstr("moderated"));
}

TEST_P(CycleAuditsTest, ModerationOfASubmittedAuditIsStoredAndLogged) {
  const std::string before = fingerprint();
  const std::string moderation =
      R"({"moderated_grade": "requires_improvement", "outcome": "not_meeting_standard",
          "sent_back_reason": "grade the plan against its review", "comment": "close"})";
  expect_refused(post(path("moderation"), moderation), 409, "conflict", "status", before);

  ASSERT_EQ(submit(R"({"overall_grade": "good", "domain_grades": {"Supervision": "good"}, )" +
                   kReturnAnswers + "}")
                ->status,
            200);
  const std::string submitted = fingerprint();
  expect_refused(
      post(path("moderation"), R"({"moderated_grade": "good", "outcome": "nil_return"})"), 400,
      "bad_request", "outcome", submitted);
  expect_refused(post(path("moderation"), R"({"moderated_grade": "good"})"), 400, "bad_request",
                 "outcome", submitted);
  expect_refused(post(path("moderation"), R"({"moderated_grade": "good", "outcome":
                      "completed_to_standard", "note": "x"})"),
                 400, "bad_request", "note", submitted);
  auto no_reason =
      post(path("moderation"), R"({"moderated_grade": "good", "outcome": "not_meeting_standard"})");
  expect_refused(no_reason, 422, "rule_violation", "sent_back_reason", submitted);
  EXPECT_THAT(no_reason->body, HasSubstr("sent back to its auditor with the reason"));
  expect_refused(post(path("moderation"), R"({"moderated_grade": "good", "outcome":
                      "not_meeting_standard", "sent_back_reason": "  "})"),
                 400, "bad_request", "sent_back_reason", submitted);
  expect_refused(post(path("moderation"), R"({"moderated_grade": "good", "outcome":
                      "completed_to_standard", "meeting_grade": "good"})"),
                 422, "rule_violation", "meeting_grade", submitted);
  expect_refused(post(path("moderation"), R"({"moderated_grade": "good", "outcome":
                      "completed_to_standard", "meeting_grade": "fine"})"),
                 400, "bad_request", "meeting_grade", submitted);

  auto result = post(path("moderation"), moderation);
  ASSERT_EQ(result->status, 200) << result->body;
  const Audit stored = audit(first_.id);
  EXPECT_EQ(stored.status, AuditStatus::kAllocated);  // sent back to the auditor
  EXPECT_EQ(stored.moderated_grade, Grade::kRequiresImprovement);
  EXPECT_EQ(stored.outcome, AuditOutcome::kNotMeetingStandard);
  EXPECT_EQ(stored.moderated_on, parse_date("2027-01-11"));
  EXPECT_EQ(stored.sent_back_reason, "grade the plan against its review");
  EXPECT_EQ(stored.moderation_comment, "close");
  const json::value body = body_of(result);
  EXPECT_EQ(body.at("sent_back_reason").as_string(), "grade the plan against its review");
  EXPECT_EQ(body.at("moderation_comment").as_string(), "close");
  EXPECT_TRUE(body.at("meeting_grade").is_null());
  const auto rows = changes_of("audit", std::to_string(first_.id));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].action, "audit.send_back");
}

TEST_P(CycleAuditsTest, ReassignToAFreeAuditorKeepsTheRulesAndLogs) {
  const Id team = child(first_.child_id).team_id;
  const Id free = add_auditor(other_team(team));
  const std::string body =
      json::serialize(json::object{{"auditor_id", free}, {"reason", kNastyReason}});
  auto result = post(path("reassign"), body);
  ASSERT_EQ(result->status, 200) << result->body;
  const Audit stored = audit(first_.id);
  EXPECT_EQ(stored.auditor_id, free);
  EXPECT_EQ(stored.pin_reason, kNastyReason);
  EXPECT_THAT(stored.explanation, HasSubstr(kNastyReason));
  EXPECT_EQ(stored.needs_external_moderation, !stored.moderator_id.has_value());
  EXPECT_NE(stored.moderator_id, std::optional<Id>(free));
  const auto rows = changes_of("audit", std::to_string(first_.id));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "audit.reassign");
  EXPECT_EQ(json::parse(rows[0].after_json).at("pin_reason").as_string(), kNastyReason);
}

TEST_P(CycleAuditsTest, ReassignBreakingAHardRuleIs422NamingTheRule) {
  const Id team = child(first_.child_id).team_id;
  const Id own_team = add_auditor(team, "Own Team");
  const Id exempt = add_auditor(other_team(team), "Exempt");
  in_tx([&](Transaction& tx) {
    return tx.organisation().insert_exemption({.staff_id = exempt,
                                               .kind = ExemptionKind::kMaternityLeave,
                                               .first_month = kJanuary,
                                               .reason = "leave"});
  });
  const Id busy_auditor = in_tx([this](Transaction& tx) {
    const Authority authority = tx.load_authority();
    const Roster roster(authority, kJanuary, Policy{});
    const Child& audited = roster.child(first_.child_id);
    for (const Audit& a : authority.audits) {
      if (a.month == kJanuary && a.auditor_id != first_.auditor_id &&
          roster.may_audit(roster.staff(a.auditor_id), audited)) {
        return a.auditor_id;
      }
    }
    return Id{0};
  });
  ASSERT_NE(busy_auditor, 0);
  const std::string before = fingerprint();
  auto reassign = [&](Id auditor) {
    return post(path("reassign"),
                json::serialize(json::object{{"auditor_id", auditor}, {"reason", "cover"}}));
  };
  auto own = reassign(own_team);
  expect_refused(own, 422, "rule_violation", "auditor_id", before);
  EXPECT_THAT(own->body, HasSubstr("not their own team"));
  auto away = reassign(exempt);
  expect_refused(away, 422, "rule_violation", "auditor_id", before);
  EXPECT_THAT(away->body, HasSubstr("exempt this month"));
  auto busy = reassign(busy_auditor);
  expect_refused(busy, 422, "rule_violation", "auditor_id", before);
  EXPECT_THAT(busy->body, HasSubstr("already has 1 audit in 2027-01"));
  expect_refused(reassign(999999), 404, "not_found", "auditor_id", before);
  expect_refused(post(path("reassign"), R"({"auditor_id": "7", "reason": "x"})"), 400,
                 "bad_request", "auditor_id", before);
  expect_refused(post(path("reassign"), R"({"auditor_id": 7})"), 400, "bad_request", "reason",
                 before);
}

TEST_P(CycleAuditsTest, WithdrawNeedsAReasonAndLogsIt) {
  const std::string before = fingerprint();
  expect_refused(post(path("withdraw"), "{}"), 400, "bad_request", "reason", before);
  expect_refused(post(path("withdraw"), R"({"reason": ""})"), 400, "bad_request", "reason", before);
  expect_refused(post("/v1/audits/999999/withdraw", R"({"reason": "x"})"), 404, "not_found", "id",
                 before);
  expect_refused(
      send_as(viewer(), "POST", path("withdraw"), R"({"reason": "x"})", "application/json"), 403,
      "forbidden", "", before);

  const std::string body = json::serialize(json::object{{"reason", kNastyReason}});
  auto result = post(path("withdraw"), body);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(body_of(result).at("withdrawn").at("status").as_string(), "withdrawn");
  EXPECT_EQ(audit(first_.id).status, AuditStatus::kWithdrawn);
  const auto rows = changes_of("audit", std::to_string(first_.id));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "audit.withdraw");
  EXPECT_EQ(rows[0].actor, "qa-coordinator");
  EXPECT_EQ(json::parse(rows[0].after_json).at("reason").as_string(), kNastyReason);

  const std::string withdrawn = fingerprint();
  expect_refused(post(path("withdraw"), R"({"reason": "again"})"), 409, "conflict", "status",
                 withdrawn);
}

TEST_P(CycleAuditsTest, ASubmittedAuditIsNeitherWithdrawnNorReassigned) {
  ASSERT_EQ(submit(R"({"overall_grade": "good", "domain_grades": {"Supervision": "good"}, )" +
                   kReturnAnswers + "}")
                ->status,
            200);
  const Id free = add_auditor(other_team(child(first_.child_id).team_id));
  const std::string before = fingerprint();
  expect_refused(post(path("withdraw"), R"({"reason": "late exemption"})"), 409, "conflict",
                 "status", before);
  expect_refused(post(path("reassign"),
                      json::serialize(json::object{{"auditor_id", free}, {"reason", "cover"}})),
                 409, "conflict", "status", before);
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleAuditsTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
