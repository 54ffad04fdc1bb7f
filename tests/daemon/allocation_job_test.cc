// AllocationJob with a FakeClock on real databases: it commits each month
// once, at or after its commit instant, however often and on however many
// instances it ticks.
#include "daemon/allocation_job.h"

#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "tests/daemon/allocation_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

using ::testing::HasSubstr;

// 1 January 2027 is a bank holiday (a Friday): the first working day is
// Monday 4 January; 07:00 in London is 07:00 UTC in winter.
const Instant kJanuaryCommit = at(2027, 1, 4, 7);

class AllocationJobTest : public AllocationDatabaseTest {
 protected:
  void SetUp() override {
    AllocationDatabaseTest::SetUp();
    service_.emplace(service());
  }

  AllocationJob job() {
    return AllocationJob(store(), *service_, Calendar::england_and_wales(), london_,
                         CommitSchedule{});
  }

  bool ran(const std::string& name, Month month) {
    return in_tx([&](Transaction& tx) { return tx.jobs().ran(name, month.to_string()); });
  }

  const date::time_zone* london_ = date::locate_zone("Europe/London");
  std::optional<AllocationService> service_;
};

TEST_P(AllocationJobTest, CommitInstantIsSevenOnTheFirstWorkingDay) {
  EXPECT_EQ(job().commit_instant(kJanuary), kJanuaryCommit);
  // Summer time: 07:00 in London is 06:00 UTC (1 June 2027 is a Tuesday).
  EXPECT_EQ(job().commit_instant(Month(2027, 6)), at(2027, 6, 1, 6));
}

TEST_P(AllocationJobTest, NothingBeforeTheCommitInstant) {
  FakeClock clock(at(2027, 1, 1, 10));  // the bank holiday
  EXPECT_FALSE(job().tick(clock.now()).did_something());
  clock.set(kJanuaryCommit - std::chrono::seconds(1));
  EXPECT_FALSE(job().tick(clock.now()).did_something());
  EXPECT_TRUE(audits(kJanuary).empty());
  EXPECT_FALSE(ran(AllocationJob::kAllocateJob, kJanuary));
}

TEST_P(AllocationJobTest, CommitsOnceAtTheInstantWhateverTicksAndInstances) {
  FakeClock clock(kJanuaryCommit);
  TickResult first = job().tick(clock.now());
  ASSERT_TRUE(first.allocated);
  EXPECT_FALSE(first.rotated);  // January is not a rotation month
  EXPECT_GT(first.allocated->added, 0);
  std::vector<Audit> committed = audits(kJanuary);
  EXPECT_EQ(committed.size(), static_cast<std::size_t>(first.allocated->added));
  EXPECT_TRUE(ran(AllocationJob::kAllocateJob, kJanuary));

  AllocationJob same = job();
  clock.advance(std::chrono::minutes(1));
  EXPECT_FALSE(same.tick(clock.now()).did_something());
  // A second instance over the same database, with its own service.
  AllocationService other_service = service();
  AllocationJob other(store(), other_service, Calendar::england_and_wales(), london_,
                      CommitSchedule{});
  EXPECT_FALSE(other.tick(clock.now()).did_something());
  EXPECT_EQ(audits(kJanuary), committed);
  auto changes = in_tx([](Transaction& tx) { return tx.changes().since("allocation_run", {}); });
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].actor, "daemon");
}

TEST_P(AllocationJobTest, CatchesUpOnceAfterDowntime) {
  FakeClock clock(at(2027, 1, 12, 15, 30));  // down from the 4th to the 12th
  TickResult first = job().tick(clock.now());
  ASSERT_TRUE(first.allocated);
  EXPECT_GT(first.allocated->added, 0);
  clock.advance(std::chrono::hours(24));
  EXPECT_FALSE(job().tick(clock.now()).did_something());
}

TEST_P(AllocationJobTest, RotatesPairingsBeforeAllocatingInARotationMonth) {
  // Monday 1 February 2027, 07:00.
  FakeClock clock(at(2027, 2, 1, 7));
  TickResult first = job().tick(clock.now());
  ASSERT_TRUE(first.rotated);
  ASSERT_TRUE(first.allocated);
  EXPECT_FALSE(first.rotated->already_rotated);
  EXPECT_GT(first.rotated->pairings.size(), 0u);
  EXPECT_TRUE(ran(AllocationJob::kRotateJob, Month(2027, 2)));
  // The allocation saw the new pairings: some audit is moderated by its
  // auditor's new paired moderator.
  std::map<Id, Id> moderator_of;
  for (const Pairing& pairing : first.rotated->pairings) {
    moderator_of[pairing.auditor_id] = pairing.moderator_id;
  }
  int paired = 0;
  for (const Audit& audit : first.allocated->result.audits) {
    auto found = moderator_of.find(audit.auditor_id);
    if (found != moderator_of.end() && audit.moderator_id == found->second) ++paired;
  }
  EXPECT_GT(paired, 0);
  EXPECT_FALSE(job().tick(clock.now() + std::chrono::hours(1)).did_something());
}

// Marks every staff member inactive (or active again).
void set_all_staff_active(Store& store, bool active) {
  store.transact([active](Transaction& tx) {
    for (Staff staff : tx.organisation().load().staff) {
      staff.active = active;
      tx.organisation().update_staff(staff);
    }
  });
}

TEST_P(AllocationJobTest, WithNoActiveStaffNothingIsRotatedOrCommittedAndTheNoteSaysWhy) {
  set_all_staff_active(store(), false);
  const Month february(2027, 2);  // a rotation month; commit day Monday 1 February
  const Instant commit = job().commit_instant(february);
  JobNotes notes;
  AllocationJob idle = job();
  idle.set_notes(&notes);
  EXPECT_FALSE(idle.tick(commit).did_something());
  EXPECT_FALSE(idle.tick(commit + std::chrono::minutes(1)).did_something());
  EXPECT_FALSE(in_tx([&](Transaction& tx) { return tx.allocation().find_run(february); }));
  EXPECT_TRUE(
      in_tx([&](Transaction& tx) { return tx.allocation().pairings_for(february); }).empty());
  EXPECT_FALSE(ran(AllocationJob::kAllocateJob, february));
  EXPECT_FALSE(ran(AllocationJob::kRotateJob, february));
  ASSERT_EQ(notes.all().count("allocation"), 1u);
  EXPECT_THAT(notes.all().at("allocation"),
              HasSubstr("nothing to allocate for 2027-02: no active staff"));

  // Once there is staff again, the month is rotated and committed, and the note goes.
  set_all_staff_active(store(), true);
  const TickResult done = idle.tick(commit + std::chrono::minutes(2));
  EXPECT_TRUE(done.rotated);
  EXPECT_TRUE(done.allocated);
  EXPECT_TRUE(notes.all().empty());
}

TEST_P(AllocationJobTest, WithNoOpenChildNothingIsCommitted) {
  store().transact([](Transaction& tx) {
    for (Child child : tx.load_authority().children) {
      child.open = false;
      tx.caseload().upsert_child(child);
    }
  });
  JobNotes notes;
  AllocationJob idle = job();
  idle.set_notes(&notes);
  EXPECT_FALSE(idle.tick(kJanuaryCommit).did_something());
  EXPECT_TRUE(audits(kJanuary).empty());
  EXPECT_THAT(notes.all().at("allocation"), HasSubstr("no open children in the caseload"));
}

INSTANTIATE_TEST_SUITE_P(Backends, AllocationJobTest,
                         ::testing::Values("sqlite_memory", "postgresql"), backend_name);
;

// Approve mode: the QA team is emailed a preview a few working days before
// the commit day, once; the daemon itself never commits.
class ApproveModeJobTest : public AllocationJobTest {
 protected:
  AllocationJob approve_job() {
    CommitSchedule schedule;
    schedule.approve = ApprovalSchedule{
        .working_days_before = 3, .qa_team = {.name = "QA Team", .address = "qa@council.example"}};
    return AllocationJob(store(), *service_, Calendar::england_and_wales(), london_, schedule);
  }

  std::vector<OutboxMessage> outbox() {
    return in_tx([](Transaction& tx) { return tx.outbox().messages(std::nullopt); });
  }
};

// Commit day Monday 4 January 2027; three working days before it (1 January
// is a bank holiday, then a weekend): Tuesday 29 December 2026, 07:00.
const Instant kJanuaryPreview = at(2026, 12, 29, 7);

TEST_P(ApproveModeJobTest, PreviewInstantIsWorkingDaysBeforeTheCommitDay) {
  EXPECT_EQ(approve_job().preview_instant(kJanuary), kJanuaryPreview);
  EXPECT_THROW(job().preview_instant(kJanuary), ProgramError);
}

TEST_P(ApproveModeJobTest, NothingBeforeThePreviewInstant) {
  FakeClock clock(kJanuaryPreview - std::chrono::seconds(1));
  EXPECT_FALSE(approve_job().tick(clock.now()).did_something());
  EXPECT_TRUE(outbox().empty());
  EXPECT_FALSE(ran(AllocationJob::kPreviewJob, kJanuary));
}

TEST_P(ApproveModeJobTest, EmailsOnePreviewToTheQaTeamOnce) {
  FakeClock clock(kJanuaryPreview);
  TickResult first = approve_job().tick(clock.now());
  ASSERT_TRUE(first.previewed);
  EXPECT_EQ(first.previewed->month, kJanuary);
  EXPECT_FALSE(first.previewed->committed);
  EXPECT_FALSE(first.allocated);
  const std::size_t proposed = first.previewed->result.audits.size();
  EXPECT_GT(proposed, 0u);
  EXPECT_TRUE(ran(AllocationJob::kPreviewJob, kJanuary));

  std::vector<OutboxMessage> sent = outbox();
  ASSERT_EQ(sent.size(), 1u);
  const OutboxMessage& mail = sent[0];
  EXPECT_EQ(mail.recipient_email, "qa@council.example");
  EXPECT_EQ(mail.recipient_name, "QA Team");
  EXPECT_EQ(mail.rule, "allocation_preview");
  EXPECT_EQ(mail.dedup_key, "allocation_preview:2027-01");
  EXPECT_THAT(mail.subject, HasSubstr("January 2027"));
  EXPECT_THAT(mail.text_body, HasSubstr("To commit it: caseaudit allocate --month 2027-01"));
  EXPECT_THAT(mail.text_body, HasSubstr("Audits: " + std::to_string(proposed)));
  EXPECT_THAT(mail.text_body, HasSubstr("Teams covered"));
  for (const std::string& sentence : first.previewed->result.shortfalls.summary) {
    EXPECT_THAT(mail.text_body, HasSubstr("- " + sentence));
  }
  EXPECT_THAT(mail.html_body, HasSubstr("caseaudit allocate --month 2027-01"));
  // Nothing is committed by a preview.
  EXPECT_TRUE(audits(kJanuary).empty());

  // Later ticks, and a second instance, do nothing more.
  clock.advance(std::chrono::minutes(1));
  EXPECT_FALSE(approve_job().tick(clock.now()).did_something());
  AllocationService other_service = service();
  CommitSchedule schedule;
  schedule.approve = ApprovalSchedule{.qa_team = {.address = "qa@council.example"}};
  AllocationJob other(store(), other_service, Calendar::england_and_wales(), london_, schedule);
  EXPECT_FALSE(other.tick(clock.now()).did_something());
  EXPECT_EQ(outbox().size(), 1u);
}

TEST_P(ApproveModeJobTest, NeverCommitsByItself) {
  FakeClock clock(kJanuaryPreview);
  ASSERT_TRUE(approve_job().tick(clock.now()).previewed);
  clock.set(kJanuaryCommit);
  EXPECT_FALSE(approve_job().tick(clock.now()).did_something());
  clock.set(at(2027, 1, 20, 12));
  EXPECT_FALSE(approve_job().tick(clock.now()).did_something());
  EXPECT_TRUE(audits(kJanuary).empty());
  EXPECT_FALSE(ran(AllocationJob::kAllocateJob, kJanuary));
  EXPECT_EQ(outbox().size(), 1u);
}

TEST_P(ApproveModeJobTest, TheCoordinatorsCommitIsTheApproval) {
  FakeClock clock(kJanuaryPreview);
  TickResult previewed = approve_job().tick(clock.now());
  ASSERT_TRUE(previewed.previewed);
  // Same seed and data: the commit adds what the preview proposed.
  AllocationOutcome committed = service_->commit(kJanuary, std::nullopt, "cli:coordinator",
                                                 clock.now() + std::chrono::hours(2));
  EXPECT_EQ(static_cast<std::size_t>(committed.added), previewed.previewed->result.audits.size());
}

TEST_P(ApproveModeJobTest, NoPreviewOfAMonthAlreadyCommitted) {
  service_->commit(kJanuary, std::nullopt, "cli:coordinator", kJanuaryPreview);
  EXPECT_FALSE(approve_job().tick(kJanuaryPreview).previewed);
  EXPECT_TRUE(ran(AllocationJob::kPreviewJob, kJanuary));
  EXPECT_TRUE(outbox().empty());
}

TEST_P(ApproveModeJobTest, NoEmptyPreviewForAnAuthorityWithoutStaff) {
  set_all_staff_active(store(), false);
  EXPECT_FALSE(approve_job().tick(kJanuaryPreview).did_something());
  EXPECT_TRUE(outbox().empty());
  EXPECT_FALSE(ran(AllocationJob::kPreviewJob, kJanuary));
}

TEST_P(ApproveModeJobTest, NoPreviewWhoseCommitDayHasPassed) {
  // A first start on 11 January: January's commit day (4 January) is past.
  const TickResult late = approve_job().tick(at(2027, 1, 11, 9));
  EXPECT_FALSE(late.previewed);
  EXPECT_TRUE(ran(AllocationJob::kPreviewJob, kJanuary));
  EXPECT_TRUE(outbox().empty());
  EXPECT_TRUE(audits(kJanuary).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ApproveModeJobTest,
                         ::testing::Values("sqlite_memory", "postgresql"), backend_name);

// Two daemons ticking at the same instant, each in its own thread with its
// own service and job: the month is committed once.
class ConcurrentJobTest : public AllocationDatabaseTest {};

TEST_P(ConcurrentJobTest, TwoInstancesTickingAtOnceCommitOnce) {
  const date::time_zone* london = date::locate_zone("Europe/London");
  AllocationService services[2] = {service(), service()};
  std::optional<AllocationOutcome> outcomes[2];
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      AllocationJob job(store(), services[i], Calendar::england_and_wales(), london,
                        CommitSchedule{});
      outcomes[i] = job.tick(kJanuaryCommit).allocated;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_NE(outcomes[0].has_value(), outcomes[1].has_value());
  const AllocationOutcome& winner = outcomes[0] ? *outcomes[0] : *outcomes[1];
  EXPECT_GT(winner.added, 0);
  EXPECT_EQ(audits(kJanuary).size(), static_cast<std::size_t>(winner.added));
}

INSTANTIATE_TEST_SUITE_P(Backends, ConcurrentJobTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
