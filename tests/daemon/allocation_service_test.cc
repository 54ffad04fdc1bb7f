// AllocationService on real databases (SQLite and the PostgreSQL named by
// CASEAUDIT_TEST_PG_URL), over the demo authority of size S.
#include "daemon/service/allocation_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "tests/daemon/allocation_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

using ::testing::HasSubstr;

const Instant kNow = at(2027, 1, 4, 7);

class AllocationServiceTest : public AllocationDatabaseTest {
 protected:
  Id director() {
    Authority authority = in_tx([](Transaction& tx) { return tx.load_authority(); });
    for (const Staff& staff : authority.staff) {
      if (staff.role == Role::kDirector) return staff.id;
    }
    ADD_FAILURE() << "no director in the demo authority";
    return 0;
  }

  Id exempt(Id auditor, Month month) {
    Exemption exemption{.staff_id = auditor,
                        .kind = ExemptionKind::kSingleMonth,
                        .first_month = month,
                        .last_month = month,
                        .reason = "jury service",
                        .authorised_by = director()};
    return in_tx([&](Transaction& tx) { return tx.organisation().insert_exemption(exemption); });
  }
};

TEST_P(AllocationServiceTest, PreviewWritesNothing) {
  AllocationOutcome outcome = service().preview(kJanuary);
  EXPECT_FALSE(outcome.committed);
  EXPECT_EQ(outcome.seed, 202701u);
  EXPECT_GT(outcome.result.audits.size(), 0u);
  EXPECT_TRUE(audits(kJanuary).empty());
  EXPECT_FALSE(in_tx([](Transaction& tx) { return tx.allocation().find_run(kJanuary); }));
  EXPECT_TRUE(
      in_tx([](Transaction& tx) { return tx.changes().since("allocation_run", {}); }).empty());
}

TEST_P(AllocationServiceTest, ADryRunOfACommittedMonthStatesTheModerationShortfallOfItsCommit) {
  // Halve every moderator's capacity, so that the month needs external moderation.
  in_tx([](Transaction& tx) {
    for (Staff staff : tx.organisation().load().staff) {
      if (staff.moderator_capacity < 2) continue;
      staff.moderator_capacity /= 4;
      tx.organisation().update_staff(staff);
    }
    return 0;
  });
  const AllocationOutcome commit = service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  const ModerationShortfall& logged = commit.result.shortfalls.moderation;
  ASSERT_GT(logged.external_needed, 0);
  ASSERT_FALSE(logged.fix.empty());

  const AllocationOutcome dry_run = service().preview(kJanuary);
  EXPECT_TRUE(dry_run.result.audits.empty());
  EXPECT_EQ(dry_run.result.shortfalls.moderation.external_needed, logged.external_needed);
  EXPECT_EQ(dry_run.result.shortfalls.moderation.fix, logged.fix);
  EXPECT_THAT(dry_run.result.shortfalls.summary, ::testing::Contains(logged.fix));
}

TEST_P(AllocationServiceTest, CommitStoresWhatThePreviewShowedAndKeepsTheRules) {
  AllocationOutcome preview = service().preview(kJanuary);
  AllocationOutcome commit = service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  EXPECT_EQ(commit.added, static_cast<int>(preview.result.audits.size()));

  std::vector<Audit> stored = audits(kJanuary);
  ASSERT_EQ(stored.size(), preview.result.audits.size());
  Authority authority = in_tx([](Transaction& tx) { return tx.load_authority(); });
  std::map<Id, const Staff*> staff;
  for (const Staff& person : authority.staff) staff[person.id] = &person;
  std::map<Id, Id> team_of;
  for (const Child& child : authority.children) team_of[child.id] = child.team_id;
  std::set<Id> children;
  std::map<Id, int> per_auditor;
  Policy policy;
  for (const Audit& audit : stored) {
    EXPECT_TRUE(children.insert(audit.child_id).second) << "child audited twice";
    const Staff& auditor = *staff.at(audit.auditor_id);
    EXPECT_LE(++per_auditor[auditor.id], policy.quota_for(auditor));
    if (policy.own_team_rule(auditor.role) == OwnTeamRule::kExcludeOwn) {
      const auto& own = auditor.responsible_team_ids;
      EXPECT_EQ(std::count(own.begin(), own.end(), team_of.at(audit.child_id)), 0)
          << auditor.name << " audits a child of a team they are responsible for";
    }
    EXPECT_EQ(audit.due_date, Calendar::england_and_wales().last_working_day(kJanuary));
    EXPECT_FALSE(audit.explanation.empty());
  }

  std::optional<AllocationRun> run =
      in_tx([](Transaction& tx) { return tx.allocation().find_run(kJanuary); });
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, MonthStatus::kAllocated);
  EXPECT_EQ(run->seed, 202701u);
  auto changes = in_tx([](Transaction& tx) { return tx.changes().since("allocation_run", {}); });
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].actor, "cli:test");
  EXPECT_EQ(changes[0].action, "allocation.commit");
  EXPECT_THAT(changes[0].after_json, HasSubstr("\"audits\":" + std::to_string(stored.size())));
}

TEST_P(AllocationServiceTest, CommittingAgainAddsNothing) {
  AllocationOutcome first = service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  ASSERT_GT(first.added, 0);
  std::vector<Audit> before = audits(kJanuary);
  AllocationOutcome second = service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  EXPECT_EQ(second.added, 0);
  EXPECT_EQ(second.already_committed, first.added);
  EXPECT_EQ(audits(kJanuary), before);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.changes().since("allocation_run", {}); }).size(),
            1u);
}

TEST_P(AllocationServiceTest, TheStoredSeedWinsOnRecommit) {
  service().commit(kJanuary, 5, "cli:test", kNow);
  AllocationOutcome again = service().commit(kJanuary, 9, "cli:test", kNow);
  EXPECT_EQ(again.seed, 5u);
  EXPECT_EQ(service().preview(kJanuary, 9).seed, 5u);
}

TEST_P(AllocationServiceTest, AClosedMonthIsAConflict) {
  service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  in_tx([](Transaction& tx) {
    AllocationRun run = *tx.allocation().find_run(kJanuary);
    run.status = MonthStatus::kClosed;
    tx.allocation().update_run(run);
    return 0;
  });
  try {
    service().commit(kJanuary, std::nullopt, "cli:test", kNow);
    FAIL() << "committed a closed month";
  } catch (const Conflict& error) {
    EXPECT_STREQ(error.what(), "month 2027-01 is closed");
  }
}

TEST_P(AllocationServiceTest, ALateExemptionMovesNothing) {
  service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  std::vector<Audit> before = audits(kJanuary);
  ASSERT_FALSE(before.empty());
  exempt(before.front().auditor_id, kJanuary);
  AllocationOutcome again = service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(audits(kJanuary), before);
}

TEST_P(AllocationServiceTest, AnAuditorWhoBecomesAvailableGetsAnAuditAndNothingElseMoves) {
  Id auditor = service().preview(kJanuary).result.audits.front().auditor_id;
  Id exemption = exempt(auditor, kJanuary);
  service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  std::vector<Audit> before = audits(kJanuary);
  for (const Audit& audit : before) ASSERT_NE(audit.auditor_id, auditor);

  in_tx([exemption](Transaction& tx) {
    tx.organisation().delete_exemption(exemption);
    return 0;
  });
  AllocationOutcome again = service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  ASSERT_EQ(again.added, 1);
  EXPECT_EQ(again.result.audits.front().auditor_id, auditor);
  std::vector<Audit> after = audits(kJanuary);
  ASSERT_EQ(after.size(), before.size() + 1);
  for (const Audit& audit : before) {
    EXPECT_NE(std::find(after.begin(), after.end(), audit), after.end()) << "audit " << audit.id;
  }
}

TEST_P(AllocationServiceTest, PairingsRotateOnlyInRotationMonthsAndOnlyOnce) {
  try {
    service().rotate_pairings(Month(2027, 3), "cli:test", kNow, false);
    FAIL() << "rotated in March";
  } catch (const InputError& error) {
    EXPECT_EQ(error.field(), "period");
    EXPECT_THAT(error.what(), HasSubstr("2027-03 is not a pairing rotation month"));
    EXPECT_THAT(error.what(), HasSubstr("February, August"));
  }
  const Month february(2027, 2);
  RotationOutcome dry = service().rotate_pairings(february, "cli:test", kNow, true);
  EXPECT_GT(dry.pairings.size(), 0u);
  EXPECT_TRUE(
      in_tx([&](Transaction& tx) { return tx.allocation().pairings_for(february); }).empty());

  RotationOutcome done = service().rotate_pairings(february, "cli:test", kNow, false);
  EXPECT_FALSE(done.already_rotated);
  std::vector<Pairing> stored =
      in_tx([&](Transaction& tx) { return tx.allocation().pairings_for(february); });
  EXPECT_EQ(stored.size(), dry.pairings.size());

  RotationOutcome again = service().rotate_pairings(february, "cli:test", kNow, false);
  EXPECT_TRUE(again.already_rotated);
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().pairings_for(february); }), stored);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.changes().since("pairing_period", {}); }).size(),
            1u);
}

// Mid-period (January is in the period that began in August): a joiner gets
// the moderator with most spare capacity, a leaving moderator's auditors get
// others, and every other pairing stays as it was.
TEST_P(AllocationServiceTest, CommitRepairsPairingsForJoinersAndLeaversOnly) {
  const Month period(2026, 8);
  std::map<Id, Id> before;
  for (const Pairing& pairing :
       in_tx([&](Transaction& tx) { return tx.allocation().pairings_for(period); })) {
    before[pairing.auditor_id] = pairing.moderator_id;
  }
  ASSERT_FALSE(before.empty()) << "the demo authority has pairings for the current period";
  const Authority authority = in_tx([](Transaction& tx) { return tx.load_authority(); });
  // The leaver: the moderator of the first paired auditor.
  const Id leaver_id = before.begin()->second;
  Staff leaver = *std::find_if(authority.staff.begin(), authority.staff.end(),
                               [&](const Staff& s) { return s.id == leaver_id; });
  // Room for the joiner and the leaver's auditors: a generous internal moderator.
  Staff roomy = *std::find_if(authority.staff.begin(), authority.staff.end(), [&](const Staff& s) {
    return s.moderator_capacity > 0 && !s.external_moderator && s.active && s.id != leaver_id;
  });
  Staff joiner{.name = "Jo Iner",
               .email = "jo.iner@authority.example",
               .role = Role::kAdvancedPractitioner,
               .team_id = authority.teams.front().id,
               .auditor = true};
  in_tx([&](Transaction& tx) {
    leaver.active = false;
    tx.organisation().update_staff(leaver);
    roomy.moderator_capacity += 20;
    tx.organisation().update_staff(roomy);
    joiner.id = tx.organisation().insert_staff(joiner);
    return 0;
  });

  AllocationOutcome outcome = service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  std::map<Id, Id> after;
  for (const Pairing& pairing :
       in_tx([&](Transaction& tx) { return tx.allocation().pairings_for(period); })) {
    after[pairing.auditor_id] = pairing.moderator_id;
  }
  ASSERT_TRUE(after.contains(joiner.id)) << "the joiner was not paired";
  EXPECT_NE(after[joiner.id], leaver_id);
  int moved = 0;
  for (const auto& [auditor, moderator] : before) {
    ASSERT_TRUE(after.contains(auditor));
    if (moderator == leaver_id) {
      EXPECT_NE(after[auditor], leaver_id) << "auditor " << auditor << " kept a leaver";
      ++moved;
    } else {
      EXPECT_EQ(after[auditor], moderator) << "auditor " << auditor << " moved needlessly";
    }
  }
  EXPECT_GE(moved, 1);
  EXPECT_GE(outcome.pairings_repaired, moved + 1);
  // Committing again repairs nothing more.
  EXPECT_EQ(service().commit(kJanuary, std::nullopt, "cli:test", kNow).pairings_repaired, 0);
}

TEST_P(AllocationServiceTest, ClosingAMonthRecordsNilReturnsAndStopsAllocation) {
  EXPECT_THROW(service().close_month(kJanuary, "cli:test", kNow), NotFound);
  service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  std::vector<Audit> committed = audits(kJanuary);
  ASSERT_GE(committed.size(), 2u);
  // One audit came in on time; the rest were never returned.
  in_tx([&](Transaction& tx) {
    Audit returned = committed.front();
    returned.status = AuditStatus::kSubmitted;
    returned.overall_grade = Grade::kGood;
    returned.submitted_on = parse_date("2027-01-20");
    tx.allocation().update_audit(returned);
    return 0;
  });

  const CloseOutcome closed = service().close_month(kJanuary, "cli:test", kNow);
  EXPECT_FALSE(closed.already_closed);
  EXPECT_EQ(closed.nil_returns, static_cast<int>(committed.size()) - 1);
  for (const Audit& audit : audits(kJanuary)) {
    if (audit.id == committed.front().id) {
      EXPECT_FALSE(audit.outcome.has_value());
    } else {
      EXPECT_EQ(audit.outcome, AuditOutcome::kNilReturn) << audit.id;
    }
  }
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.allocation().find_run(kJanuary); })->status,
            MonthStatus::kClosed);
  EXPECT_TRUE(service().close_month(kJanuary, "cli:test", kNow).already_closed);
  EXPECT_THROW(service().commit(kJanuary, std::nullopt, "cli:test", kNow), Conflict);
}

TEST_P(AllocationServiceTest, WithdrawingAnAuditMovesOnlyThatChild) {
  service().commit(kJanuary, std::nullopt, "cli:test", kNow);
  std::vector<Audit> before = audits(kJanuary);
  const Audit target = before.front();
  exempt(target.auditor_id, kJanuary);
  WithdrawOutcome outcome = service().withdraw(target.id, "late exemption", "cli:test", kNow);

  std::vector<Audit> after = audits(kJanuary);
  for (const Audit& audit : before) {
    if (audit.id == target.id) continue;
    EXPECT_NE(std::find(after.begin(), after.end(), audit), after.end()) << "audit " << audit.id;
  }
  auto withdrawn = std::find_if(after.begin(), after.end(),
                                [&](const Audit& audit) { return audit.id == target.id; });
  ASSERT_NE(withdrawn, after.end());
  EXPECT_EQ(withdrawn->status, AuditStatus::kWithdrawn);
  EXPECT_EQ(withdrawn->outcome, AuditOutcome::kExemptedAfterAllocation);
  if (outcome.result.replacement) {
    EXPECT_EQ(after.size(), before.size() + 1);
    EXPECT_EQ(outcome.result.replacement->child_id, target.child_id);
    EXPECT_NE(outcome.result.replacement->auditor_id, target.auditor_id);
  } else {
    EXPECT_EQ(after.size(), before.size());
  }
  EXPECT_THROW(service().withdraw(target.id, "again", "cli:test", kNow), NotFound);
}

// An auditor available in January who excludes their own teams and is
// responsible for one with children: the subject of the pin tests.
struct PinSubject {
  Staff auditor;
  Child own_team_child;    // in a team the auditor is responsible for
  Child other_team_child;  // in a team they are not responsible for
};

PinSubject pin_subject(const AllocationOutcome& preview) {
  const Authority& authority = preview.snapshot;
  std::set<Id> available;
  for (const Audit& audit : preview.result.audits) available.insert(audit.auditor_id);
  for (const Staff& staff : authority.staff) {
    if (!available.contains(staff.id) || staff.responsible_team_ids.empty() ||
        Policy{}.own_team_rule(staff.role) != OwnTeamRule::kExcludeOwn) {
      continue;
    }
    const std::set<Id> own(staff.responsible_team_ids.begin(), staff.responsible_team_ids.end());
    std::optional<Child> own_child, other_child;
    for (const Child& child : authority.children) {
      (own.contains(child.team_id) ? own_child : other_child).emplace(child);
    }
    if (own_child && other_child) return {staff, *own_child, *other_child};
  }
  ADD_FAILURE() << "no auditor responsible for a team with children";
  return {};
}

TEST_P(AllocationServiceTest, APinnedAuditIsCommittedWithItsReason) {
  PinSubject subject = pin_subject(service().preview(kJanuary));
  const std::vector<PinRequest> pins = {{.auditor_email = subject.auditor.email,
                                         .case_reference = subject.other_team_child.case_reference,
                                         .reason = "follow-up of a complaint"}};
  AllocationOutcome outcome =
      service().commit(kJanuary, std::nullopt, "cli:coordinator", kNow, pins);
  ASSERT_EQ(outcome.pins.size(), 1u);
  std::vector<Audit> stored = audits(kJanuary);
  auto pinned = std::find_if(stored.begin(), stored.end(), [&](const Audit& audit) {
    return audit.auditor_id == subject.auditor.id && audit.child_id == subject.other_team_child.id;
  });
  ASSERT_NE(pinned, stored.end());
  EXPECT_EQ(pinned->pin_reason, std::optional<std::string>("follow-up of a complaint"));
  auto changes = in_tx([](Transaction& tx) { return tx.changes().since("allocation_run", {}); });
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].actor, "cli:coordinator");
}

TEST_P(AllocationServiceTest, APinToTheAuditorsOwnTeamIsRefusedAndNothingWritten) {
  PinSubject subject = pin_subject(service().preview(kJanuary));
  const std::vector<PinRequest> pins = {{.auditor_email = subject.auditor.email,
                                         .case_reference = subject.own_team_child.case_reference,
                                         .reason = "asked for by the service manager"}};
  EXPECT_THROW(service().preview(kJanuary, std::nullopt, pins), RuleViolation);
  try {
    service().commit(kJanuary, std::nullopt, "cli:coordinator", kNow, pins);
    ADD_FAILURE() << "a pin to the auditor's own team was accepted";
  } catch (const RuleViolation& error) {
    EXPECT_THAT(error.what(), HasSubstr(subject.auditor.name));
  }
  EXPECT_TRUE(audits(kJanuary).empty());
  EXPECT_FALSE(in_tx([](Transaction& tx) { return tx.allocation().find_run(kJanuary); }));
  EXPECT_TRUE(
      in_tx([](Transaction& tx) { return tx.changes().since("allocation_run", {}); }).empty());
}

TEST_P(AllocationServiceTest, AnUnknownPinIsRefusedNamingIt) {
  PinSubject subject = pin_subject(service().preview(kJanuary));
  try {
    service().commit(
        kJanuary, std::nullopt, "cli:coordinator", kNow,
        {{.auditor_email = subject.auditor.email, .case_reference = "CR-NO-SUCH", .reason = "r"}});
    ADD_FAILURE() << "an unknown case reference was accepted";
  } catch (const NotFound& error) {
    EXPECT_THAT(error.what(), HasSubstr("\"CR-NO-SUCH\""));
    EXPECT_EQ(error.field(), "pin");
  }
  try {
    service().commit(kJanuary, std::nullopt, "cli:coordinator", kNow,
                     {{.auditor_email = "nobody@council.example",
                       .case_reference = subject.other_team_child.case_reference,
                       .reason = "r"}});
    ADD_FAILURE() << "an unknown email was accepted";
  } catch (const NotFound& error) {
    EXPECT_THAT(error.what(), HasSubstr("\"nobody@council.example\""));
  }
  EXPECT_TRUE(audits(kJanuary).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AllocationServiceTest,
                         ::testing::Values("sqlite_memory", "postgresql"), backend_name);
;

// Two commits at once, each in its own thread and transaction: the database's
// locks and unique keys let one allocation through, never two.
class ConcurrentCommitTest : public AllocationDatabaseTest {};

TEST_P(ConcurrentCommitTest, TwoCommitsAtOnceMakeOneAllocation) {
  const std::size_t expected = service().preview(kJanuary).result.audits.size();
  AllocationService first = service();
  AllocationService second = service();
  int added[2] = {-1, -1};
  std::thread a([&] { added[0] = first.commit(kJanuary, std::nullopt, "thread:a", kNow).added; });
  std::thread b([&] { added[1] = second.commit(kJanuary, std::nullopt, "thread:b", kNow).added; });
  a.join();
  b.join();
  EXPECT_EQ(audits(kJanuary).size(), expected);
  EXPECT_EQ(static_cast<std::size_t>(added[0] + added[1]), expected);
  EXPECT_TRUE(added[0] == 0 || added[1] == 0) << added[0] << " and " << added[1];
}

INSTANTIATE_TEST_SUITE_P(Backends, ConcurrentCommitTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);
;

}  // namespace
}  // namespace caseaudit::daemon::testing
