// The reads and writes the HTTP admin API needs (schema version 3): finds by
// id, API tokens, the change-log filter, outbox counts and requeue, and the
// audit's grade justification, on every backend.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <tuple>

#include "scheduler/errors.h"
#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

using std::chrono::hours;
using ::testing::HasSubstr;

constexpr Id kUnknown = 987654;

Date date(int year, unsigned month, unsigned day) {
  return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

std::vector<Id> ids_of(const std::vector<ChangeRecord>& changes) {
  std::vector<Id> ids;
  for (const ChangeRecord& change : changes) ids.push_back(change.id);
  return ids;
}

ApiToken token(std::string name, ApiRole role, std::string hash) {
  return ApiToken{.name = std::move(name),
                  .role = role,
                  .secret_hash = std::move(hash),
                  .created_at = at(2027, 1, 4, 9)};
}

class AdminApi : public StoreContract {};

// ---- Finds by id -------------------------------------------------------------

TEST_P(AdminApi, FindsByIdReturnWhatWasStored) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  const Authority all = in_tx([](Transaction& tx) { return tx.load_authority(); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_service(org.service); }),
            all.services.at(0));
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_team(org.team_b); }), all.teams.at(1));
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.caseload().find_child(org.child_b); }), all.children.at(1));

  Exemption exemption{.staff_id = org.manager,
                      .kind = ExemptionKind::kSingleMonth,
                      .first_month = Month(2027, 4),
                      .last_month = Month(2027, 4),
                      .reason = "inspection week",
                      .authorised_by = org.director};
  exemption.id = in_tx([&](Transaction& tx) { return tx.organisation().insert_exemption(exemption); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_exemption(exemption.id); }), exemption);

  Audit audit = make_audit(Month(2027, 2), org.child_a, org.auditor);
  audit.status = AuditStatus::kSubmitted;
  audit.overall_grade = Grade::kGood;
  audit.domain_grades = {{"assessment", Grade::kGood}, {"plans", Grade::kInadequate}};
  audit.submitted_on = date(2027, 2, 20);
  audit.id = in_tx([&](Transaction& tx) { return tx.allocation().insert_audit(audit); });
  // Another audit's grades must not leak into the one found.
  Audit other = make_audit(Month(2027, 2), org.child_b, org.manager);
  other.domain_grades = {{"voice", Grade::kOutstanding}};
  in_tx([&](Transaction& tx) { tx.allocation().insert_audit(other); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().find_audit(audit.id); }), audit);
  // Both children have a February audit, none has a March one.
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.caseload().children_audited_in(Month(2027, 2)); }),
            (std::vector<Child>{all.children.at(0), all.children.at(1)}));
  EXPECT_TRUE(
      in_tx([](Transaction& tx) { return tx.caseload().children_audited_in(Month(2027, 3)); }).empty());

  Action action{.audit_id = audit.id,
                .description = "Update the plan",
                .owner_id = org.manager,
                .due_date = date(2027, 3, 15),
                .care_planning = true};
  action.id = in_tx([&](Transaction& tx) { return tx.follow_up().insert_action(action); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.follow_up().find_action(action.id); }), action);

  Concern concern{.child_id = org.child_a,
                  .audit_id = audit.id,
                  .category = 1,
                  .raised_on = date(2027, 2, 21),
                  .status = ConcernStatus::kResolved,
                  .resolved_on = date(2027, 2, 22)};
  concern.id = in_tx([&](Transaction& tx) { return tx.follow_up().insert_concern(concern); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.follow_up().find_concern(concern.id); }), concern);
}

TEST_P(AdminApi, FindsOfUnknownIdsGiveNothing) {
  in_tx([](Transaction& tx) { seed_organisation(tx); });
  in_tx([](Transaction& tx) {
    EXPECT_EQ(tx.organisation().find_service(kUnknown), std::nullopt);
    EXPECT_EQ(tx.organisation().find_team(kUnknown), std::nullopt);
    EXPECT_EQ(tx.organisation().find_exemption(kUnknown), std::nullopt);
    EXPECT_EQ(tx.caseload().find_child(kUnknown), std::nullopt);
    EXPECT_EQ(tx.allocation().find_audit(kUnknown), std::nullopt);
    EXPECT_EQ(tx.follow_up().find_action(kUnknown), std::nullopt);
    EXPECT_EQ(tx.follow_up().find_concern(kUnknown), std::nullopt);
    EXPECT_FALSE(tx.outbox().find(kUnknown).has_value());
    EXPECT_TRUE(tx.follow_up().actions_for_audit(kUnknown).empty());
    EXPECT_TRUE(tx.follow_up().concern_updates_for(kUnknown).empty());
  });
}

TEST_P(AdminApi, ActionsForAnAuditAreItsOwnInIdOrder) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  const Id first = in_tx([&](Transaction& tx) {
    return tx.allocation().insert_audit(make_audit(Month(2027, 2), org.child_a, org.auditor));
  });
  const Id second = in_tx([&](Transaction& tx) {
    return tx.allocation().insert_audit(make_audit(Month(2027, 2), org.child_b, org.manager));
  });
  const auto action = [&](Id audit, std::string description) {
    return Action{.audit_id = audit,
                  .description = std::move(description),
                  .owner_id = org.manager,
                  .due_date = date(2027, 3, 1)};
  };
  std::vector<Action> expected{action(first, "one"), action(first, "three")};
  in_tx([&](Transaction& tx) {
    expected[0].id = tx.follow_up().insert_action(expected[0]);
    tx.follow_up().insert_action(action(second, "two"));
    expected[1].id = tx.follow_up().insert_action(expected[1]);
  });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.follow_up().actions_for_audit(first); }), expected);
}

TEST_P(AdminApi, ConcernUpdatesComeInMonthOrder) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  const Id concern = in_tx([&](Transaction& tx) {
    return tx.follow_up().insert_concern(Concern{.child_id = org.child_a, .raised_on = date(2027, 1, 10)});
  });
  const Id other = in_tx([&](Transaction& tx) {
    return tx.follow_up().insert_concern(Concern{.child_id = org.child_b, .raised_on = date(2027, 1, 11)});
  });
  ConcernUpdate march{.concern_id = concern, .month = Month(2027, 3), .note = "still open"};
  ConcernUpdate january{.concern_id = concern,
                        .month = Month(2027, 1),
                        .note = "raised with the team manager",
                        .recorded_by = org.manager};
  in_tx([&](Transaction& tx) {
    march.id = tx.follow_up().insert_concern_update(march);
    tx.follow_up().insert_concern_update(ConcernUpdate{.concern_id = other, .month = Month(2027, 2)});
    january.id = tx.follow_up().insert_concern_update(january);
  });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.follow_up().concern_updates_for(concern); }),
            (std::vector{january, march}));
}

TEST_P(AdminApi, DeletingAnUnknownExemptionIsNotFound) {
  in_tx([](Transaction& tx) { seed_organisation(tx); });
  EXPECT_THROW(in_tx([](Transaction& tx) { tx.organisation().delete_exemption(kUnknown); }), NotFound);
}

TEST_P(AdminApi, LoadOrganisationHasTheOrganisationOnly) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  in_tx([&](Transaction& tx) {
    tx.organisation().insert_exemption(Exemption{.staff_id = org.auditor,
                                  .kind = ExemptionKind::kSecondment,
                                  .first_month = Month(2027, 5),
                                  .reason = "seconded"});
    tx.allocation().insert_run(AllocationRun{.month = Month(2027, 2)});
    const Id audit = tx.allocation().insert_audit(make_audit(Month(2027, 2), org.child_a, org.auditor));
    tx.follow_up().insert_action(Action{.audit_id = audit,
                            .description = "act",
                            .owner_id = org.manager,
                            .due_date = date(2027, 3, 1)});
    tx.follow_up().insert_concern(Concern{.child_id = org.child_a, .raised_on = date(2027, 2, 2)});
  });
  const Authority all = in_tx([](Transaction& tx) { return tx.load_authority(); });
  const caseaudit::Organisation organisation = in_tx([](Transaction& tx) { return tx.organisation().load(); });
  ASSERT_EQ(organisation.services.size(), 1u);
  ASSERT_EQ(organisation.teams.size(), 2u);
  ASSERT_EQ(organisation.staff.size(), 3u);
  ASSERT_EQ(organisation.exemptions.size(), 1u);
  EXPECT_EQ(organisation.services, all.services);
  EXPECT_EQ(organisation.teams, all.teams);
  EXPECT_EQ(organisation.staff, all.staff);
  EXPECT_EQ(organisation.staff.at(1).responsible_team_ids, std::vector<Id>{org.team_a});
  EXPECT_EQ(organisation.exemptions, all.exemptions);
  // What this test also asserted before, that the children and the history
  // come back empty, the type now says: Organisation has no such members.
}

// ---- Grade justification --------------------------------------------------------

TEST_P(AdminApi, GradeJustificationIsStoredVerbatimEverywhereAuditsAreRead) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  const Month month(2027, 2);
  Audit audit = make_audit(month, org.child_a, org.auditor);
  EXPECT_EQ(audit.grade_justification, std::nullopt);
  audit.id = in_tx([&](Transaction& tx) { return tx.allocation().insert_audit(audit); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().find_audit(audit.id); }), audit);

  for (const std::string& text : {
           std::string("'; DROP TABLE audits; --"),
           std::string(R"(Strong "direct work"; the plan's review was late; :id ? $1 %s \n)"),
           std::string("Überprüfung bestätigt — l'enfant a été vu ✓ 児童の声"),
           std::string("multi\nline\ttext"),
       }) {
    SCOPED_TRACE(text);
    audit.status = AuditStatus::kSubmitted;
    audit.overall_grade = Grade::kGood;
    audit.domain_grades = {{"plans", Grade::kInadequate}};
    audit.grade_justification = text;
    in_tx([&](Transaction& tx) { tx.allocation().update_audit(audit); });
    EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().find_audit(audit.id); }), audit);
    EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().audits_in(month); }), std::vector{audit});
    EXPECT_EQ(in_tx([](Transaction& tx) { return tx.load_authority(); }).audits,
              std::vector{audit});
  }
  EXPECT_EQ(database_->query_raw_integer("SELECT count(*) FROM audits"), 1);

  audit.grade_justification.reset();
  in_tx([&](Transaction& tx) { tx.allocation().update_audit(audit); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().find_audit(audit.id); }), audit);

  Audit inserted = make_audit(month, org.child_b, org.manager);
  inserted.grade_justification = "'; DROP TABLE audits; --";
  inserted.id = in_tx([&](Transaction& tx) { return tx.allocation().insert_audit(inserted); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().find_audit(inserted.id); }), inserted);
}

// ---- API tokens -------------------------------------------------------------------

TEST_P(AdminApi, ATokenIsFoundByItsHash) {
  ApiToken coordinator = token("coordinator-1", ApiRole::kCoordinator, std::string(64, 'a'));
  coordinator.expires_at = at(2028, 1, 1);
  ApiToken viewer = token("viewer-1", ApiRole::kViewer, std::string(64, 'b'));
  coordinator.id = in_tx([&](Transaction& tx) { return tx.tokens().insert(coordinator); });
  viewer.id = in_tx([&](Transaction& tx) { return tx.tokens().insert(viewer); });
  EXPECT_NE(coordinator.id, viewer.id);

  const std::optional<ApiToken> found =
      in_tx([&](Transaction& tx) { return tx.tokens().find_by_hash(coordinator.secret_hash); });
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(fields(*found) == fields(coordinator));
  const std::optional<ApiToken> found_viewer =
      in_tx([&](Transaction& tx) { return tx.tokens().find_by_hash(viewer.secret_hash); });
  ASSERT_TRUE(found_viewer.has_value());
  EXPECT_TRUE(fields(*found_viewer) == fields(viewer));
  EXPECT_FALSE(in_tx([](Transaction& tx) {
                 return tx.tokens().find_by_hash(std::string(64, 'c'));
               }).has_value());
  // A hash is matched whole, never as a pattern or prefix.
  EXPECT_FALSE(
      in_tx([](Transaction& tx) { return tx.tokens().find_by_hash("aaaa%"); }).has_value());
}

TEST_P(AdminApi, ATokenNameStaysTakenAfterRevocation) {
  in_tx([](Transaction& tx) { tx.tokens().insert(token("ops", ApiRole::kViewer, "hash-1")); });
  try {
    in_tx([](Transaction& tx) {
      tx.tokens().insert(token("ops", ApiRole::kCoordinator, "hash-2"));
    });
    FAIL() << "a duplicate token name was accepted";
  } catch (const Conflict& error) {
    EXPECT_THAT(std::string(error.what()), HasSubstr("\"ops\""));
    EXPECT_EQ(error.field(), "api_token.name");
  }
  EXPECT_TRUE(in_tx([](Transaction& tx) { return tx.tokens().revoke("ops", at(2027, 2, 1)); }));
  EXPECT_THROW(
      in_tx([](Transaction& tx) { tx.tokens().insert(token("ops", ApiRole::kViewer, "hash-3")); }),
      Conflict);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.tokens().all(); }).size(), 1u);
}

TEST_P(AdminApi, TwoTokensCannotShareASecretHash) {
  in_tx([](Transaction& tx) { tx.tokens().insert(token("one", ApiRole::kViewer, "same")); });
  EXPECT_THROW(
      in_tx([](Transaction& tx) { tx.tokens().insert(token("two", ApiRole::kViewer, "same")); }),
      Conflict);
}

TEST_P(AdminApi, ATokenNeedsAName) {
  EXPECT_THROW(
      in_tx([](Transaction& tx) { tx.tokens().insert(token("", ApiRole::kViewer, "h")); }),
      InputError);
}

TEST_P(AdminApi, RevokingTwiceReportsTheSecondAsNoChange) {
  const Instant first = at(2027, 2, 1, 10), second = at(2027, 2, 2, 10);
  in_tx([](Transaction& tx) { tx.tokens().insert(token("ci", ApiRole::kCoordinator, "h1")); });
  EXPECT_FALSE(in_tx([&](Transaction& tx) { return tx.tokens().revoke("nobody", first); }));
  EXPECT_TRUE(in_tx([&](Transaction& tx) { return tx.tokens().revoke("ci", first); }));
  EXPECT_FALSE(in_tx([&](Transaction& tx) { return tx.tokens().revoke("ci", second); }));
  const std::optional<ApiToken> found =
      in_tx([](Transaction& tx) { return tx.tokens().find_by_hash("h1"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->revoked_at, first) << "the second revocation must not move the date";
  EXPECT_FALSE(found->valid_at(first));
  EXPECT_FALSE(found->valid_at(first - hours{1})) << "revoked means revoked, whenever asked";
}

TEST_P(AdminApi, ValidityFollowsExpiryAndRevocation) {
  ApiToken expiring = token("expiring", ApiRole::kViewer, "h-exp");
  expiring.expires_at = at(2027, 6, 1);
  in_tx([&](Transaction& tx) {
    tx.tokens().insert(expiring);
    tx.tokens().insert(token("forever", ApiRole::kViewer, "h-forever"));
  });
  const std::optional<ApiToken> stored =
      in_tx([](Transaction& tx) { return tx.tokens().find_by_hash("h-exp"); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->valid_at(at(2027, 5, 31, 23)));
  EXPECT_FALSE(stored->valid_at(at(2027, 6, 1))) << "expiry is exclusive";
  EXPECT_FALSE(stored->valid_at(at(2027, 7, 1)));
  const std::optional<ApiToken> forever =
      in_tx([](Transaction& tx) { return tx.tokens().find_by_hash("h-forever"); });
  ASSERT_TRUE(forever.has_value());
  EXPECT_TRUE(forever->valid_at(at(2099, 1, 1)));
}

TEST_P(AdminApi, TokensAreListedByNameRevokedIncluded) {
  in_tx([](Transaction& tx) {
    tx.tokens().insert(token("charlie", ApiRole::kViewer, "h-c"));
    tx.tokens().insert(token("alpha", ApiRole::kCoordinator, "h-a"));
    tx.tokens().insert(token("bravo", ApiRole::kViewer, "h-b"));
  });
  in_tx([](Transaction& tx) { tx.tokens().revoke("bravo", at(2027, 3, 1)); });
  const std::vector<ApiToken> tokens = in_tx([](Transaction& tx) { return tx.tokens().all(); });
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].name, "alpha");
  EXPECT_EQ(tokens[0].role, ApiRole::kCoordinator);
  EXPECT_EQ(tokens[1].name, "bravo");
  EXPECT_EQ(tokens[1].revoked_at, at(2027, 3, 1));
  EXPECT_EQ(tokens[2].name, "charlie");
  EXPECT_EQ(tokens[2].revoked_at, std::nullopt);
}

// ---- The change log ------------------------------------------------------------------

class ChangeFilters : public AdminApi {
 protected:
  // Six changes, logged in this order (ids ascending):
  //   staff/1 Jan 1, audit/7 Jan 2, staff/2 Jan 3, staff/1 Jan 4, audit/7 Jan 5, staff/1 Jan 6
  void SetUp() override {
    AdminApi::SetUp();
    if (HasFatalFailure()) return;
    const std::vector<std::pair<std::string, std::string>> rows{{"staff", "1"}, {"audit", "7"},
                                                                {"staff", "2"}, {"staff", "1"},
                                                                {"audit", "7"}, {"staff", "1"}};
    in_tx([&](Transaction& tx) {
      for (std::size_t i = 0; i < rows.size(); ++i) {
        tx.changes().log(ChangeRecord{.at = at(2027, 1, static_cast<unsigned>(i + 1)),
                                   .actor = "token-ops",
                                   .action = rows[i].first + ".update",
                                   .record_type = rows[i].first,
                                   .record_id = rows[i].second,
                                   .before_json = "{}",
                                   .after_json = "{}"});
      }
    });
    logged_ = ids_of(in_tx([](Transaction& tx) {
      return tx.changes().find(ChangeFilter{.limit = std::numeric_limits<int>::max()});
    }));
    ASSERT_EQ(logged_.size(), 6u);
  }
  std::vector<ChangeRecord> changes(const ChangeFilter& filter) {
    return in_tx([&](Transaction& tx) { return tx.changes().find(filter); });
  }
  // The id of the n-th change logged (1-based).
  Id nth(std::size_t n) const { return logged_[logged_.size() - n]; }

  std::vector<Id> logged_;  // newest first
};

TEST_P(ChangeFilters, AllRowsComeNewestFirst) {
  const std::vector<ChangeRecord> all = changes(ChangeFilter{});
  ASSERT_EQ(all.size(), 6u);
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_GT(all[i - 1].id, all[i].id);
    EXPECT_GT(all[i - 1].at, all[i].at);
  }
  EXPECT_EQ(all[0].at, at(2027, 1, 6));
  EXPECT_EQ(all[0].record_type, "staff");
  EXPECT_EQ(all[0].actor, "token-ops");
}

TEST_P(ChangeFilters, ByTypeAndById) {
  EXPECT_EQ(ids_of(changes(ChangeFilter{.record_type = "audit"})), (std::vector{nth(5), nth(2)}));
  EXPECT_EQ(ids_of(changes(ChangeFilter{.record_type = "staff", .record_id = "1"})),
            (std::vector{nth(6), nth(4), nth(1)}));
  EXPECT_EQ(ids_of(changes(ChangeFilter{.record_type = "staff", .record_id = "2"})),
            std::vector{nth(3)});
  EXPECT_TRUE(changes(ChangeFilter{.record_type = "audit", .record_id = "1"}).empty());
  EXPECT_TRUE(changes(ChangeFilter{.record_type = "pairing"}).empty());
  EXPECT_TRUE(changes(ChangeFilter{.record_type = "' OR '1'='1"}).empty());
}

TEST_P(ChangeFilters, SinceIsInclusiveUntilExclusive) {
  EXPECT_EQ(ids_of(changes(ChangeFilter{.since = at(2027, 1, 4)})),
            (std::vector{nth(6), nth(5), nth(4)}));
  EXPECT_EQ(ids_of(changes(ChangeFilter{.until = at(2027, 1, 3)})), (std::vector{nth(2), nth(1)}));
  EXPECT_EQ(ids_of(changes(ChangeFilter{.since = at(2027, 1, 2), .until = at(2027, 1, 5)})),
            (std::vector{nth(4), nth(3), nth(2)}));
  EXPECT_EQ(ids_of(changes(ChangeFilter{
                .record_type = "staff", .since = at(2027, 1, 2), .until = at(2027, 1, 5)})),
            (std::vector{nth(4), nth(3)}));
  EXPECT_TRUE(changes(ChangeFilter{.since = at(2027, 1, 3), .until = at(2027, 1, 3)}).empty());
}

TEST_P(ChangeFilters, LimitAndBeforeIdPageThroughEverything) {
  EXPECT_EQ(ids_of(changes(ChangeFilter{.limit = 2})), (std::vector{nth(6), nth(5)}));
  std::vector<Id> paged;
  ChangeFilter page{.limit = 4};
  for (int pages = 0; pages < 10; ++pages) {
    const std::vector<ChangeRecord> rows = changes(page);
    if (rows.empty()) break;
    EXPECT_LE(rows.size(), 4u);
    for (const ChangeRecord& row : rows) paged.push_back(row.id);
    page.before_id = rows.back().id;
  }
  EXPECT_EQ(paged, logged_);
  // Paging combines with the other filters.
  EXPECT_EQ(ids_of(changes(ChangeFilter{
                .record_type = "staff", .record_id = "1", .before_id = nth(6), .limit = 1})),
            std::vector{nth(4)});
  EXPECT_TRUE(changes(ChangeFilter{.before_id = nth(1)}).empty());
}

TEST_P(ChangeFilters, ANonPositiveLimitGivesNothing) {
  EXPECT_TRUE(changes(ChangeFilter{.limit = 0}).empty());
  EXPECT_TRUE(changes(ChangeFilter{.limit = -1}).empty());
}

TEST_P(ChangeFilters, TheConvenienceFormHasNoLimit) {
  std::vector<Id> all;
  in_tx([&](Transaction& tx) {
    for (int i = 0; i < 150; ++i) {
      tx.changes().log(ChangeRecord{.at = at(2027, 2, 1),
                                 .actor = "daemon",
                                 .action = "bulk",
                                 .record_type = "bulk",
                                 .record_id = std::to_string(i)});
    }
    all = ids_of(tx.changes().since("bulk", std::nullopt));
  });
  EXPECT_EQ(all.size(), 150u);
  EXPECT_GT(all.front(), all.back());
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.changes().since("staff", at(2027, 1, 4)); }).size(), 2u);
}

// ---- The outbox -------------------------------------------------------------------------

TEST_P(AdminApi, AllocationRunCountsListEveryStatus) {
  auto counts = [&] { return in_tx([](Transaction& tx) { return tx.allocation().run_counts(); }); };
  using Counts = std::map<MonthStatus, long long>;
  EXPECT_EQ(counts(), (Counts{{MonthStatus::kPlanned, 0},
                              {MonthStatus::kAllocated, 0},
                              {MonthStatus::kClosed, 0}}));
  in_tx([](Transaction& tx) {
    tx.allocation().insert_run({.month = Month{2027, 1}, .status = MonthStatus::kClosed, .seed = 1});
    tx.allocation().insert_run({.month = Month{2027, 2}, .status = MonthStatus::kAllocated, .seed = 2});
    return tx.allocation().insert_run({.month = Month{2027, 3}, .status = MonthStatus::kAllocated, .seed = 3});
  });
  EXPECT_EQ(counts(), (Counts{{MonthStatus::kPlanned, 0},
                              {MonthStatus::kAllocated, 2},
                              {MonthStatus::kClosed, 1}}));
}

TEST_P(AdminApi, OutboxCountsListEveryStatus) {
  const std::map<OutboxStatus, long long> empty =
      in_tx([](Transaction& tx) { return tx.outbox().counts(); });
  EXPECT_EQ(empty,
            (std::map<OutboxStatus, long long>{
                {OutboxStatus::kPending, 0}, {OutboxStatus::kSent, 0}, {OutboxStatus::kDead, 0}}));

  const Instant now = at(2027, 2, 1, 8);
  in_tx([&](Transaction& tx) {
    for (const char* key : {"a", "b", "c", "d"}) tx.outbox().enqueue(make_message(key, now));
  });
  const std::vector<OutboxMessage> rows =
      in_tx([](Transaction& tx) { return tx.outbox().messages(std::nullopt); });
  ASSERT_EQ(rows.size(), 4u);
  in_tx([&](Transaction& tx) {
    tx.outbox().mark_dead(rows[0].id, "550 no such user");
    tx.outbox().mark_dead(rows[1].id, "550 no such user");
  });
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.outbox().counts(); }),
            (std::map<OutboxStatus, long long>{
                {OutboxStatus::kPending, 2}, {OutboxStatus::kSent, 0}, {OutboxStatus::kDead, 2}}));
  in_tx([&](Transaction& tx) { tx.outbox().mark_sent(rows[2].id, now); });
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.outbox().counts(); }),
            (std::map<OutboxStatus, long long>{
                {OutboxStatus::kPending, 1}, {OutboxStatus::kSent, 1}, {OutboxStatus::kDead, 2}}));
}

TEST_P(AdminApi, FindOutboxMessageReturnsTheRow) {
  const Instant now = at(2027, 2, 1, 8);
  OutboxMessage stored = make_message("find-me", now);
  stored.urgent = true;
  in_tx([&](Transaction& tx) { tx.outbox().enqueue(stored); });
  stored.id = in_tx([](Transaction& tx) { return tx.outbox().messages(std::nullopt); }).at(0).id;
  const std::optional<OutboxMessage> found =
      in_tx([&](Transaction& tx) { return tx.outbox().find(stored.id); });
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(fields(*found) == fields(stored));
}

TEST_P(AdminApi, RequeueResetsAttemptsAndKeepsTheMessageId) {
  const Instant created = at(2027, 2, 1, 8), resend = at(2027, 2, 3, 14);
  in_tx([&](Transaction& tx) { tx.outbox().enqueue(make_message("bounced", created)); });
  const OutboxMessage claimed = in_tx([&](Transaction& tx) {
    return tx.outbox().claim_due(created, 10, std::chrono::seconds(300)).at(0);
  });
  in_tx([&](Transaction& tx) { tx.outbox().mark_dead(claimed.id, "550 mailbox unavailable"); });
  const OutboxMessage dead =
      *in_tx([&](Transaction& tx) { return tx.outbox().find(claimed.id); });
  ASSERT_EQ(dead.status, OutboxStatus::kDead);
  ASSERT_EQ(dead.attempts, 1);

  in_tx([&](Transaction& tx) { tx.outbox().requeue(claimed.id, resend); });
  const std::optional<OutboxMessage> requeued =
      in_tx([&](Transaction& tx) { return tx.outbox().find(claimed.id); });
  ASSERT_TRUE(requeued.has_value());
  OutboxMessage expected = dead;
  expected.status = OutboxStatus::kPending;
  expected.attempts = 0;
  expected.next_attempt_at = resend;
  EXPECT_TRUE(fields(*requeued) == fields(expected));
  EXPECT_EQ(requeued->message_id, "<bounced@caseaudit>");
  EXPECT_EQ(requeued->last_error, "550 mailbox unavailable");
  // Due again at `resend`, not before.
  EXPECT_TRUE(in_tx([&](Transaction& tx) {
                return tx.outbox().claim_due(resend - hours{1}, 10, std::chrono::seconds(300));
              }).empty());
  EXPECT_EQ(in_tx([&](Transaction& tx) {
              return tx.outbox().claim_due(resend, 10, std::chrono::seconds(300));
            }).size(),
            1u);
}

TEST_P(AdminApi, RequeueOfAnUnknownMessageIsNotFound) {
  EXPECT_THROW(in_tx([](Transaction& tx) { tx.outbox().requeue(kUnknown, Instant{}); }),
               NotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminApi, ::testing::ValuesIn(all_backends()), backend_name);
INSTANTIATE_TEST_SUITE_P(Backends, ChangeFilters, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace caseaudit::db::testing
