// /v1/pairings: the period's pairings, the rotation (preview and commit) and
// a manual change, on SQLite and PostgreSQL.
#include "tests/daemon/api/cycle_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class CyclePairingsTest : public CycleTest {
 protected:
  const Month kAugust{2026, 8};  // the period covering the test's today (2027-01-11)

  std::vector<Pairing> pairings_for(Month period) {
    return in_tx([period](Transaction& tx) { return tx.allocation().pairings_for(period); });
  }

  // A new internal moderator with room for `capacity` audits a month.
  Id add_moderator(int capacity, const std::string& name = "New Moderator") {
    return in_tx([&](Transaction& tx) {
      return tx.organisation().insert_staff({.name = name,
                                             .email = name + "@council.example",
                                             .role = Role::kServiceManager,
                                             .moderator_capacity = capacity});
    });
  }

  httplib::Result change(Id pairing, const json::value& body) {
    return patch("/v1/pairings/" + std::to_string(pairing), json::serialize(body));
  }
};

TEST_P(CyclePairingsTest, ListsThePeriodCoveringTodayOrTheOneAsked) {
  auto result = get_as(viewer(), "/v1/pairings");
  ASSERT_EQ(result->status, 200) << result->body;
  const json::value body = body_of(result);
  EXPECT_EQ(body.at("period").as_string(), "2026-08");
  const std::vector<Pairing> stored = pairings_for(kAugust);
  ASSERT_FALSE(stored.empty());
  ASSERT_EQ(body.at("pairings").as_array().size(), stored.size());
  EXPECT_FALSE(body.at("pairings").as_array()[0].at("moderator").as_string().empty());

  auto october = get("/v1/pairings?period=2026-10");  // any month of the period
  ASSERT_EQ(october->status, 200);
  EXPECT_EQ(body_of(october).at("period").as_string(), "2026-08");
  auto march = get("/v1/pairings?period=2026-03");
  EXPECT_EQ(body_of(march).at("period").as_string(), "2026-02");
  expect_error(get("/v1/pairings?period=2026-8"), 400, "bad_request", "period");
}

TEST_P(CyclePairingsTest, RotationPreviewWritesNothingAndCommitOnce) {
  const std::string before = fingerprint();
  auto preview = post("/v1/pairings/rotation?period=2027-02&dry_run=1");
  ASSERT_EQ(preview->status, 200) << preview->body;
  EXPECT_TRUE(body_of(preview).at("dry_run").as_bool());
  EXPECT_FALSE(body_of(preview).at("pairings").as_array().empty());
  EXPECT_EQ(fingerprint(), before);

  auto commit = post("/v1/pairings/rotation?period=2027-02");
  ASSERT_EQ(commit->status, 200) << commit->body;
  EXPECT_EQ(body_of(commit).at("pairings").as_array().size(), pairings_for({2027, 2}).size());
  const auto rows = changes_of("pairing_period", "2027-02");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "pairing.rotate");
  EXPECT_EQ(rows[0].actor, "qa-coordinator");

  const std::string rotated = fingerprint();
  auto again = post("/v1/pairings/rotation?period=2027-02");
  ASSERT_EQ(again->status, 200);
  EXPECT_TRUE(body_of(again).at("already_rotated").as_bool());
  EXPECT_EQ(fingerprint(), rotated);
}

TEST_P(CyclePairingsTest, RotationRefusesOtherMonthsAndViewers) {
  const std::string before = fingerprint();
  auto march = post("/v1/pairings/rotation?period=2027-03");
  expect_error(march, 400, "bad_request", "period");
  EXPECT_THAT(march->body, HasSubstr("February, August"));
  expect_error(post("/v1/pairings/rotation"), 400, "bad_request", "period");
  expect_error(post("/v1/pairings/rotation?period=2027-13"), 400, "bad_request", "period");
  expect_error(send_as(viewer(), "POST", "/v1/pairings/rotation?period=2027-02", "", ""), 403,
               "forbidden");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(CyclePairingsTest, AManualChangeIsStoredWithItsReasonAndLogged) {
  const Pairing pairing = pairings_for(kAugust).front();
  const Id moderator = add_moderator(10);
  auto result = change(pairing.id, {{"moderator_id", moderator}, {"reason", kNastyReason}});
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(body_of(result).at("moderator_id").as_int64(), moderator);
  const std::vector<Pairing> stored = pairings_for(kAugust);
  const auto changed = std::find_if(stored.begin(), stored.end(),
                                    [&](const Pairing& p) { return p.id == pairing.id; });
  ASSERT_NE(changed, stored.end());
  EXPECT_EQ(changed->moderator_id, moderator);
  EXPECT_EQ(changed->reason, kNastyReason);
  EXPECT_EQ(changed->auditor_id, pairing.auditor_id);
  const auto rows = changes_of("pairing", std::to_string(pairing.id));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "pairing.update");
  EXPECT_EQ(json::parse(rows[0].before_json).at("moderator_id").as_int64(), pairing.moderator_id);
}

TEST_P(CyclePairingsTest, AManualChangeBreakingARuleChangesNothing) {
  const std::vector<Pairing> august = pairings_for(kAugust);
  const Pairing pairing = august.front();
  const Id no_capacity = add_moderator(0, "Not A Moderator");
  const Id small = add_moderator(1, "Small");
  // Small takes one monthly auditor (2 half-audits of 2); a second is too many.
  ASSERT_EQ(change(august[1].id, {{"moderator_id", small}, {"reason", "fill"}})->status, 200);
  const std::string before = fingerprint();
  auto none = change(pairing.id, {{"moderator_id", no_capacity}, {"reason", "r"}});
  expect_error(none, 422, "rule_violation", "moderator_id");
  EXPECT_THAT(none->body, HasSubstr("not an internal moderator"));
  auto self = change(pairing.id, {{"moderator_id", pairing.auditor_id}, {"reason", "r"}});
  expect_error(self, 422, "rule_violation", "moderator_id");
  auto full = change(pairing.id, {{"moderator_id", small}, {"reason", "r"}});
  expect_error(full, 422, "rule_violation", "moderator_id");
  EXPECT_THAT(full->body, HasSubstr("exceed their capacity"));
  expect_error(change(999999, {{"moderator_id", small}, {"reason", "r"}}), 404, "not_found", "id");
  expect_error(change(pairing.id, {{"moderator_id", 999999}, {"reason", "r"}}), 404, "not_found",
               "moderator_id");
  expect_error(change(pairing.id, {{"moderator_id", small}}), 400, "bad_request", "reason");
  expect_error(change(pairing.id, {{"moderator_id", true}, {"reason", "r"}}), 400, "bad_request",
               "moderator_id");
  expect_error(change(pairing.id, {{"moderator_id", small}, {"reason", "r"}, {"period", "x"}}), 400,
               "bad_request", "period");
  expect_error(send_as(viewer(), "PATCH", "/v1/pairings/" + std::to_string(pairing.id),
                       R"({"moderator_id": 1, "reason": "r"})", "application/json"),
               403, "forbidden");
  EXPECT_EQ(fingerprint(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, CyclePairingsTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
