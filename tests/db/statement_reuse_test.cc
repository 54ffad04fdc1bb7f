// The store keeps its frequent statements prepared per connection
// (db/statement_cache.h). Reused statements must bind each call's values and
// read each call's rows; one that failed must not poison later calls. One
// connection, so every call reuses the same statements.
#include <gtest/gtest.h>

#include "scheduler/errors.h"
#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

class StatementReuse : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    database_ = test_database_->open(1);
    database_->migrate();  // a new sqlite::memory: database is empty
  }

  std::optional<std::string> token_name(const std::string& hash) {
    return store().read_result<std::optional<std::string>>(
        [&](Transaction& tx) -> std::optional<std::string> {
          std::optional<ApiToken> token = tx.tokens().find_by_hash(hash);
          if (!token) return std::nullopt;
          return token->name;
        });
  }
};

TEST_P(StatementReuse, EachCallBindsItsOwnValues) {
  in_tx([](Transaction& tx) {
    tx.tokens().insert(ApiToken{.name = "alpha", .secret_hash = std::string(64, 'a')});
    tx.tokens().insert(ApiToken{.name = "beta", .secret_hash = std::string(64, 'b')});
  });
  EXPECT_EQ(token_name(std::string(64, 'a')), "alpha");
  EXPECT_EQ(token_name(std::string(64, 'b')), "beta");
  EXPECT_EQ(token_name(std::string(64, 'c')), std::nullopt);
  EXPECT_EQ(token_name(std::string(64, 'a')), "alpha");
  store().read([](Transaction& tx) {
    EXPECT_EQ(tx.tokens().find_by_hash(std::string(64, 'b'))->name, "beta");
    EXPECT_EQ(tx.tokens().find_by_hash(std::string(64, 'a'))->name, "alpha");
  });
}

TEST_P(StatementReuse, EachCallReadsItsOwnRows) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  in_tx([&](Transaction& tx) {
    Audit graded = make_audit(Month(2027, 1), org.child_a, org.auditor);
    graded.domain_grades = {{"voice", Grade::kGood}, {"plan", Grade::kOutstanding}};
    tx.allocation().insert_audit(graded);
    tx.allocation().insert_audit(make_audit(Month(2027, 1), org.child_b, org.auditor));
    tx.allocation().insert_audit(make_audit(Month(2027, 2), org.child_a, org.auditor));
  });
  for (int round = 0; round < 2; ++round) {
    store().read([&](Transaction& tx) {
      const std::vector<Audit> january = tx.allocation().audits_in(Month(2027, 1));
      ASSERT_EQ(january.size(), 2u);
      EXPECT_EQ(january[0].domain_grades.size(), 2u);
      EXPECT_TRUE(january[1].domain_grades.empty());
      const std::vector<Audit> february = tx.allocation().audits_in(Month(2027, 2));
      ASSERT_EQ(february.size(), 1u);
      EXPECT_TRUE(february[0].domain_grades.empty());
      EXPECT_TRUE(tx.allocation().audits_in(Month(2027, 3)).empty());
      EXPECT_EQ(tx.caseload().children_audited_in(Month(2027, 1)).size(), 2u);
      EXPECT_EQ(tx.caseload().children_audited_in(Month(2027, 2)).size(), 1u);
    });
  }
}

// A month's audit list in one joined statement: each audit as audits_in
// reads it, with its child's case reference, team and legal status and the
// names of the team, auditor and moderator (unset where there is none).
TEST_P(StatementReuse, AuditListingsJoinTheChildAndTheNames) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  in_tx([&](Transaction& tx) {
    Audit moderated = make_audit(Month(2027, 1), org.child_a, org.auditor);
    moderated.moderator_id = org.manager;
    moderated.domain_grades = {{"voice", Grade::kGood}};
    tx.allocation().insert_audit(moderated);
    tx.allocation().insert_audit(make_audit(Month(2027, 1), org.child_b, org.manager));
    tx.allocation().insert_audit(make_audit(Month(2027, 2), org.child_a, org.auditor));
  });
  for (int round = 0; round < 2; ++round) {
    store().read([&](Transaction& tx) {
      const std::vector<Audit> audits = tx.allocation().audits_in(Month(2027, 1));
      const std::vector<AuditListing> listings = tx.allocation().audit_listings_in(Month(2027, 1));
      ASSERT_EQ(listings.size(), 2u);
      for (std::size_t i = 0; i < listings.size(); ++i) {
        EXPECT_EQ(listings[i].audit.id, audits[i].id);
        EXPECT_EQ(listings[i].audit.domain_grades, audits[i].domain_grades);
        EXPECT_EQ(listings[i].audit.explanation, audits[i].explanation);
      }
      EXPECT_EQ(listings[0].case_reference, "LCS-0001");
      EXPECT_EQ(listings[0].team_id, org.team_a);
      EXPECT_EQ(listings[0].legal_status, LegalStatus::kChildInNeed);
      EXPECT_EQ(listings[0].team_name, "Team A");
      EXPECT_EQ(listings[0].auditor_name, "Ava Auditor");
      EXPECT_EQ(listings[0].moderator_name, "Tom Manager");
      EXPECT_EQ(listings[1].case_reference, "LCS-0002");
      EXPECT_EQ(listings[1].team_name, "Team B");
      EXPECT_EQ(listings[1].auditor_name, "Tom Manager");
      EXPECT_EQ(listings[1].moderator_name, std::nullopt);
      EXPECT_TRUE(listings[1].audit.domain_grades.empty());
      EXPECT_EQ(tx.allocation().audit_listings_in(Month(2027, 2)).size(), 1u);
      EXPECT_TRUE(tx.allocation().audit_listings_in(Month(2027, 3)).empty());
    });
  }
}

TEST_P(StatementReuse, AStatementThatFailedWorksInTheNextTransaction) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  Staff auditor =
      *in_tx([&](Transaction& tx) { return tx.organisation().find_staff(org.auditor); });
  Staff broken = auditor;
  broken.team_id = 987654;  // no such team: the UPDATE breaks a foreign key
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.organisation().update_staff(broken); }), InputError);
  auditor.moderator_capacity = 3;
  in_tx([&](Transaction& tx) { tx.organisation().update_staff(auditor); });
  EXPECT_EQ(in_tx([&](Transaction& tx) {
              return tx.organisation().find_staff(org.auditor);
            })->moderator_capacity,
            3);
  Staff missing = auditor;
  missing.id = 987654;
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.organisation().update_staff(missing); }), NotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, StatementReuse, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace caseaudit::db::testing
