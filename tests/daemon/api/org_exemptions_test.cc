// Exemptions over HTTP (daemon/api/resources_exemptions.cc), including the
// withdrawal of an audit already allocated, on SQLite and PostgreSQL.
#include "tests/daemon/api/api_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class ExemptionApiTest : public ApiTest {
 protected:
  Id director() {
    for (const Staff& s : org().staff) {
      if (s.role == Role::kDirector) return s.id;
    }
    ADD_FAILURE() << "no director";
    return 0;
  }
  // An active auditor with no exemption at all.
  Id unexempt_auditor() {
    const Organisation o = org();
    for (const Staff& s : o.staff) {
      const bool exempt = std::any_of(o.exemptions.begin(), o.exemptions.end(),
                                      [&](const Exemption& e) { return e.staff_id == s.id; });
      if (s.auditor && s.active && !exempt) return s.id;
    }
    ADD_FAILURE() << "every auditor is exempt";
    return 0;
  }
  httplib::Result create(const json::object& body) {
    return post("/v1/exemptions", json::serialize(body));
  }
  json::object standing(Id staff_id, const std::string& first = "2027-03") {
    return {{"staff_id", staff_id},
            {"kind", "maternity_leave"},
            {"first_month", first},
            {"last_month", "2027-08"},
            {"reason", "maternity leave"}};
  }
  // A single-month exemption for February 2027, authorised by the director.
  json::object bereavement_in_february(Id staff_id) {
    return {{"staff_id", staff_id},
            {"kind", "single_month"},
            {"first_month", "2027-02"},
            {"reason", "bereavement"},
            {"authorised_by", director()}};
  }
  std::vector<ChangeRecord> changes_of(const std::string& type) {
    return in_tx([&](Transaction& tx) { return tx.changes().since(type, std::nullopt); });
  }
};

TEST_P(ExemptionApiTest, CreatesAStandingExemptionAndLogsIt) {
  const Id person = unexempt_auditor();
  auto result = create(standing(person));
  ASSERT_EQ(result->status, 201) << result->body;
  const json::value body = body_of(result);
  const Id id = body.at("exemption").at("id").as_int64();
  EXPECT_TRUE(body.at("withdrawn").as_array().empty());
  const Exemption stored =
      *in_tx([&](Transaction& tx) { return tx.organisation().find_exemption(id); });
  EXPECT_EQ(stored.staff_id, person);
  EXPECT_EQ(stored.kind, ExemptionKind::kMaternityLeave);
  EXPECT_EQ(stored.first_month, Month(2027, 3));
  EXPECT_EQ(stored.last_month, Month(2027, 8));
  auto changes = changes_of("exemption");
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes[0].action, "exemption.create");
  EXPECT_EQ(changes[0].record_id, std::to_string(id));
  EXPECT_EQ(json::parse(changes[0].after_json), to_json(stored));
}

TEST_P(ExemptionApiTest, ListsByMonthAndByPerson) {
  const Id person = unexempt_auditor();
  const Id id = body_of(create(standing(person))).at("exemption").at("id").as_int64();
  auto by_person = get("/v1/exemptions?staff_id=" + std::to_string(person));
  ASSERT_EQ(by_person->status, 200) << by_person->body;
  const json::array mine = body_of(by_person).at("exemptions").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("id").as_int64(), id);

  auto in_may = body_of(get("/v1/exemptions?month=2027-05")).at("exemptions").as_array();
  EXPECT_TRUE(std::any_of(in_may.begin(), in_may.end(),
                          [&](const json::value& e) { return e.at("id").as_int64() == id; }));
  auto in_sept = body_of(get("/v1/exemptions?month=2027-09")).at("exemptions").as_array();
  EXPECT_FALSE(std::any_of(in_sept.begin(), in_sept.end(),
                           [&](const json::value& e) { return e.at("id").as_int64() == id; }));
  expect_error(get("/v1/exemptions?month=2027-13"), 400, "bad_request", "month");
  expect_error(get("/v1/exemptions?staff_id=999999"), 404, "not_found", "staff_id");
}

TEST_P(ExemptionApiTest, DeletesAndLogsTheDeletedRecord) {
  const Id id = body_of(create(standing(unexempt_auditor()))).at("exemption").at("id").as_int64();
  const Exemption stored =
      *in_tx([&](Transaction& tx) { return tx.organisation().find_exemption(id); });
  auto result = del("/v1/exemptions/" + std::to_string(id));
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_FALSE(in_tx([&](Transaction& tx) { return tx.organisation().find_exemption(id); }));
  auto changes = changes_of("exemption");
  EXPECT_EQ(changes[0].action, "exemption.delete");
  EXPECT_EQ(json::parse(changes[0].before_json), to_json(stored));
  EXPECT_EQ(changes[0].after_json, "");
  const std::string before = fingerprint();
  expect_error(del("/v1/exemptions/" + std::to_string(id)), 404, "not_found", "id");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(ExemptionApiTest, ASingleMonthExemptionNeedsADirectorsAuthorisation) {
  const Id person = unexempt_auditor();
  json::object single{{"staff_id", person},
                      {"kind", "single_month"},
                      {"first_month", "2027-04"},
                      {"reason", "court week"}};
  const std::string before = fingerprint();
  expect_error(create(single), 400, "bad_request", "authorised_by");
  single["authorised_by"] = person;  // an auditor, not a director
  expect_error(create(single), 422, "rule_violation", "authorised_by");
  single["authorised_by"] = director();
  single["last_month"] = "2027-05";
  expect_error(create(single), 422, "rule_violation", "last_month");
  EXPECT_EQ(fingerprint(), before);

  single.erase("last_month");
  auto result = create(single);
  ASSERT_EQ(result->status, 201) << result->body;
  EXPECT_EQ(body_of(result).at("exemption").at("last_month").as_string(), "2027-04");
  EXPECT_EQ(body_of(result).at("exemption").at("authorised_by").as_int64(), director());
}

TEST_P(ExemptionApiTest, RefusedRequestsNameTheFieldAndChangeNothing) {
  const Id person = unexempt_auditor();
  ASSERT_EQ(create(standing(person))->status, 201);
  const std::string before = fingerprint();
  // Overlapping: an open-ended secondment from June overlaps March-August.
  json::object overlap = standing(person, "2027-06");
  overlap["kind"] = "secondment";
  overlap["last_month"] = nullptr;
  expect_error(create(overlap), 409, "conflict", "first_month");
  expect_error(create(standing(person, "2027-13")), 400, "bad_request", "first_month");
  expect_error(create(standing(person, "27-01")), 400, "bad_request", "first_month");
  json::object backwards = standing(person, "2028-01");
  expect_error(create(backwards), 400, "bad_request", "last_month");
  json::object unknown = standing(person);
  unknown["colour"] = "red";
  expect_error(create(unknown), 400, "bad_request", "colour");
  json::object wrong_type = standing(person);
  wrong_type["staff_id"] = "7";
  expect_error(create(wrong_type), 400, "bad_request", "staff_id");
  json::object bad_kind = standing(person);
  bad_kind["kind"] = "holiday";
  expect_error(create(bad_kind), 400, "bad_request", "kind");
  expect_error(create(standing(999999)), 404, "not_found", "staff_id");
  expect_error(post("/v1/exemptions", R"({"staff_id": )"), 400, "bad_request", "body");
  expect_error(send_as(viewer(), "POST", "/v1/exemptions",
                       json::serialize(standing(person, "2028-01")), "application/json"),
               403, "forbidden");
  expect_error(send_as(viewer(), "DELETE", "/v1/exemptions/1", "", ""), 403, "forbidden");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(ExemptionApiTest, SqlMetacharactersInAReasonAreStoredVerbatim) {
  const std::string reason = "  Robert'); DROP TABLE exemptions;-- \"quoted\" \\ % _ ;  ";
  json::object body = standing(unexempt_auditor());
  body["reason"] = reason;
  auto result = create(body);
  ASSERT_EQ(result->status, 201) << result->body;
  const Id id = body_of(result).at("exemption").at("id").as_int64();
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_exemption(id); })->reason,
            reason);
}

TEST_P(ExemptionApiTest, AnExemptionForAnAllocatedMonthWithdrawsExactlyThatAuditorsAudit) {
  const Month month(2027, 2);
  const std::vector<Audit> allocated = commit_in_process(month);
  ASSERT_FALSE(allocated.empty());
  const Audit target = allocated.front();
  const Organisation o = org();
  ASSERT_FALSE(std::any_of(o.exemptions.begin(), o.exemptions.end(), [&](const Exemption& e) {
    return e.staff_id == target.auditor_id && e.covers(month);
  }));

  auto result = create(bereavement_in_february(target.auditor_id));
  ASSERT_EQ(result->status, 201) << result->body;
  const json::array withdrawn = body_of(result).at("withdrawn").as_array();
  ASSERT_EQ(withdrawn.size(), 1u);
  EXPECT_EQ(withdrawn[0].at("audit").at("id").as_int64(), target.id);
  EXPECT_EQ(withdrawn[0].at("audit").at("status").as_string(), "withdrawn");
  EXPECT_FALSE(withdrawn[0].at("explanation").as_string().empty());

  const std::vector<Audit> after = audits_in(month);
  for (const Audit& audit : allocated) {
    auto now =
        std::find_if(after.begin(), after.end(), [&](const Audit& a) { return a.id == audit.id; });
    ASSERT_NE(now, after.end());
    if (audit.id == target.id) {
      EXPECT_EQ(now->status, AuditStatus::kWithdrawn);
      EXPECT_EQ(now->outcome, AuditOutcome::kExemptedAfterAllocation);
    } else {
      EXPECT_EQ(*now, audit) << "audit " << audit.id << " moved";
    }
  }
  // At most one new audit: the same child re-allocated to someone else.
  ASSERT_LE(after.size(), allocated.size() + 1);
  if (after.size() == allocated.size() + 1) {
    const Audit& replacement = after.back();
    EXPECT_EQ(replacement.child_id, target.child_id);
    EXPECT_NE(replacement.auditor_id, target.auditor_id);
    EXPECT_EQ(withdrawn[0].at("replacement").at("id").as_int64(), replacement.id);
  } else {
    EXPECT_TRUE(withdrawn[0].at("replacement").is_null());
  }
  auto audit_changes = changes_of("audit");
  ASSERT_FALSE(audit_changes.empty());
  EXPECT_EQ(audit_changes[0].action, "audit.withdraw");
  EXPECT_EQ(audit_changes[0].record_id, std::to_string(target.id));
  EXPECT_EQ(audit_changes[0].actor, "qa-coordinator");
}

// Submitted work is a result, not a vacancy: a late exemption keeps it and
// says so, and withdraws nothing.
TEST_P(ExemptionApiTest, ALateExemptionKeepsASubmittedAudit) {
  const Month month(2027, 2);
  Audit target = commit_in_process(month).front();
  target.status = AuditStatus::kSubmitted;
  target.overall_grade = Grade::kGood;
  target.domain_grades = {{"assessment", Grade::kGood}};
  target.submitted_on = Date{std::chrono::year(2027) / 2 / 10};
  in_tx([&](Transaction& tx) {
    tx.allocation().update_audit(target);
    return 0;
  });
  const std::vector<Audit> before = audits_in(month);

  auto result = create(bereavement_in_february(target.auditor_id));
  ASSERT_EQ(result->status, 201) << result->body;
  const json::value body = body_of(result);
  EXPECT_TRUE(body.at("withdrawn").as_array().empty());
  const json::array& kept = body.at("kept").as_array();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].at("audit").at("id").as_int64(), target.id);
  EXPECT_EQ(kept[0].at("why").as_string(), "already submitted");
  EXPECT_EQ(audits_in(month), before);
}

TEST_P(ExemptionApiTest, ARefusedExemptionWithdrawsNothing) {
  const Month month(2027, 2);
  const Audit target = commit_in_process(month).front();
  const std::string before = fingerprint();
  expect_error(create({{"staff_id", target.auditor_id},
                       {"kind", "single_month"},
                       {"first_month", "2027-02"},
                       {"reason", "no authoriser"}}),
               400, "bad_request", "authorised_by");
  EXPECT_EQ(fingerprint(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, ExemptionApiTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
