// The schema itself refuses bad data, whatever code writes it: double
// allocation, unauthorised single-month exemptions, malformed months, dangling
// references and duplicate keys.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scheduler/errors.h"
#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

using ::testing::HasSubstr;

class Constraints : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    if (HasFatalFailure()) return;
    org_ = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  }

  // The audits of the month as the database holds them, slots included.
  std::int64_t live_audits(Month month) {
    return database_
        ->query_raw_integer(
            "SELECT count(*) FROM audits WHERE child_slot IS NOT NULL AND month = '" +
            month.to_string() + "'")
        .value_or(-1);
  }

  Organisation org_;
  const Month month_{2027, 2};
};

TEST_P(Constraints, AChildIsAllocatedOnceInAMonth) {
  in_tx([&](Transaction& tx) { tx.allocation().insert_audit(make_audit(month_, org_.child_a, org_.auditor)); });
  EXPECT_THROW(in_tx([&](Transaction& tx) {
                 tx.allocation().insert_audit(make_audit(month_, org_.child_a, org_.manager));
               }),
               Conflict);
  // Another month is another matter.
  in_tx([&](Transaction& tx) {
    tx.allocation().insert_audit(make_audit(month_.next(), org_.child_a, org_.manager));
  });
  EXPECT_EQ(live_audits(month_), 1);
}

TEST_P(Constraints, ALoopedChildTakesTwoAuditsAndNoMore) {
  Audit first = make_audit(month_, org_.child_a, org_.auditor);
  first.loop_group = 1;
  Audit second = make_audit(month_, org_.child_a, org_.manager);
  second.loop_group = 1;
  Audit third = make_audit(month_, org_.child_a, org_.director);
  third.loop_group = 1;
  in_tx([&](Transaction& tx) {
    tx.allocation().insert_audit(first);
    tx.allocation().insert_audit(second);
  });
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.allocation().insert_audit(third); }), Conflict);
  EXPECT_EQ(live_audits(month_), 2);
}

TEST_P(Constraints, TheSameAuditorNeverGetsTheSameChildTwice) {
  Audit first = make_audit(month_, org_.child_a, org_.auditor);
  first.loop_group = 1;
  in_tx([&](Transaction& tx) { tx.allocation().insert_audit(first); });
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.allocation().insert_audit(first); }), Conflict);
}

TEST_P(Constraints, AnAuditorsSecondAuditTakesTheSecondSlot) {
  in_tx([&](Transaction& tx) {
    tx.allocation().insert_audit(make_audit(month_, org_.child_a, org_.auditor));
    tx.allocation().insert_audit(make_audit(month_, org_.child_b, org_.auditor));
  });
  EXPECT_EQ(database_->query_raw_integer("SELECT max(auditor_slot) FROM audits"), 2);
  // Two rows claiming one auditor slot clash in the database itself, which is
  // what stops two concurrent allocations of one month.
  EXPECT_THROW(database_->execute_raw("UPDATE audits SET auditor_slot = 1 WHERE auditor_slot = 2"),
               Conflict);
}

TEST_P(Constraints, WithdrawingFreesTheSlots) {
  Audit audit = make_audit(month_, org_.child_a, org_.auditor);
  audit.id = in_tx([&](Transaction& tx) { return tx.allocation().insert_audit(audit); });
  audit.status = AuditStatus::kWithdrawn;
  audit.outcome = AuditOutcome::kExemptedAfterAllocation;
  in_tx([&](Transaction& tx) { tx.allocation().update_audit(audit); });
  EXPECT_EQ(live_audits(month_), 0);
  // Re-allocated to someone else: allowed now, and the withdrawn one stays on record.
  in_tx([&](Transaction& tx) { tx.allocation().insert_audit(make_audit(month_, org_.child_a, org_.manager)); });
  EXPECT_EQ(live_audits(month_), 1);
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().audits_in(month_); }).size(), 2u);
  // Bringing the withdrawn one back would allocate the child twice.
  audit.status = AuditStatus::kAllocated;
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.allocation().update_audit(audit); }), Conflict);
}

TEST_P(Constraints, ASingleMonthExemptionNeedsAnAuthoriser) {
  const Exemption unauthorised{.staff_id = org_.auditor,
                               .kind = ExemptionKind::kSingleMonth,
                               .first_month = month_,
                               .last_month = month_,
                               .reason = "training"};
  try {
    in_tx([&](Transaction& tx) { tx.organisation().insert_exemption(unauthorised); });
    FAIL() << "an unauthorised single-month exemption was stored";
  } catch (const InputError& error) {
    EXPECT_EQ(dynamic_cast<const Conflict*>(&error), nullptr);
    EXPECT_THAT(error.what(), HasSubstr("insert_exemption"));
  }
  Exemption authorised = unauthorised;
  authorised.authorised_by = org_.director;
  in_tx([&](Transaction& tx) { tx.organisation().insert_exemption(authorised); });
}

TEST_P(Constraints, MalformedMonthsAndDatesAreRejected) {
  for (const std::string bad : {"2027-13", "2027-1", "27-01", "2027/01", "abcd-01", "2027-00"}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(database_->execute_raw(
                     "INSERT INTO allocation_runs (month, status, seed, looped, created_at, "
                     "updated_at) VALUES ('" +
                     bad +
                     "', 'planned', 1, 0, '2027-01-01T00:00:00Z', "
                     "'2027-01-01T00:00:00Z')"),
                 InputError);
  }
  EXPECT_THROW(database_->execute_raw(
                   "INSERT INTO job_runs (job, period, at) VALUES ('allocate', '2027-01', "
                   "'2027-01-01 00:00:00')"),
               InputError);
  EXPECT_THROW(database_->execute_raw("UPDATE staff SET fte = 1.5"), InputError);
  EXPECT_THROW(database_->execute_raw("UPDATE staff SET role = 'wizard'"), InputError);
}

TEST_P(Constraints, UnknownReferencesAreInputErrors) {
  try {
    in_tx([&](Transaction& tx) { tx.allocation().insert_audit(make_audit(month_, 987654, org_.auditor)); });
    FAIL() << "an audit of a child that does not exist was stored";
  } catch (const InputError& error) {
    EXPECT_EQ(dynamic_cast<const Conflict*>(&error), nullptr);
    EXPECT_EQ(dynamic_cast<const NotFound*>(&error), nullptr);
    EXPECT_THAT(error.what(), HasSubstr("insert_audit: refers to a record that does not exist"));
  }
  EXPECT_THROW(in_tx([&](Transaction& tx) {
                 tx.organisation().insert_team(Team{.name = "Orphans", .service_id = 987654});
               }),
               InputError);
  Staff staff = make_staff("Lost", Role::kOther);
  staff.responsible_team_ids = {987654};
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.organisation().insert_staff(staff); }), InputError);
}

TEST_P(Constraints, DuplicateKeysAreConflicts) {
  EXPECT_THROW(in_tx([&](Transaction& tx) {
                 tx.organisation().insert_staff(make_staff("Ava Auditor", Role::kAdvancedPractitioner));
               }),
               Conflict);
  in_tx([&](Transaction& tx) { tx.allocation().insert_run(AllocationRun{.month = month_}); });
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.allocation().insert_run(AllocationRun{.month = month_}); }),
               Conflict);
  const Pairing pairing{.period = month_, .auditor_id = org_.auditor, .moderator_id = org_.manager};
  in_tx([&](Transaction& tx) { tx.allocation().insert_pairing(pairing); });
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.allocation().insert_pairing(pairing); }), Conflict);
  // A duplicate case reference through raw SQL: upsert_child merges by design.
  EXPECT_THROW(database_->execute_raw(
                   "INSERT INTO children (case_reference, team_id, legal_status, "
                   "court_proceedings, open) SELECT case_reference, team_id, legal_status, 0, 1 "
                   "FROM children WHERE case_reference = 'LCS-0001'"),
               Conflict);
}

TEST_P(Constraints, AFailedStatementChangesNothing) {
  const std::size_t before =
      in_tx([](Transaction& tx) { return tx.load_authority().staff.size(); });
  EXPECT_THROW(in_tx([&](Transaction& tx) {
                 tx.organisation().insert_staff(make_staff("New Starter", Role::kSocialWorker));
                 tx.organisation().insert_staff(make_staff("Ava Auditor", Role::kSocialWorker));  // duplicate
               }),
               Conflict);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.load_authority().staff.size(); }), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, Constraints, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace caseaudit::db::testing
