// Every entity type goes in, comes back equal through load_authority and the
// finders, and comes back equal again after an update.
#include <gtest/gtest.h>

#include <algorithm>

#include "scheduler/errors.h"
#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

using std::chrono::year;

class RoundTrip : public StoreContract {};

template <typename T>
const T& only_with_id(const std::vector<T>& items, Id id) {
  for (const T& item : items) {
    if (item.id == id) return item;
  }
  throw std::runtime_error("no item with id " + std::to_string(id));
}

TEST_P(RoundTrip, Organisation) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  Service service{.id = org.service,
                  .name = "Safeguarding",
                  .service_manager_id = org.manager,
                  .head_of_service_id = org.manager,
                  .director_id = org.director};
  Team team{.id = org.team_a,
            .name = "Team A",
            .service_id = org.service,
            .team_manager_id = org.manager};
  in_tx([&](Transaction& tx) {
    tx.organisation().update_service(service);
    tx.organisation().update_team(team);
  });
  Authority loaded = in_tx([](Transaction& tx) { return tx.load_authority(); });
  EXPECT_EQ(only_with_id(loaded.services, org.service), service);
  EXPECT_EQ(only_with_id(loaded.teams, org.team_a), team);
  ASSERT_EQ(loaded.teams.size(), 2u);
  ASSERT_EQ(loaded.staff.size(), 3u);
  ASSERT_EQ(loaded.children.size(), 2u);

  service.name = "Children in Care";
  service.service_manager_id.reset();
  team.team_manager_id.reset();
  team.service_id = org.service;
  in_tx([&](Transaction& tx) {
    tx.organisation().update_service(service);
    tx.organisation().update_team(team);
  });
  loaded = in_tx([](Transaction& tx) { return tx.load_authority(); });
  EXPECT_EQ(only_with_id(loaded.services, org.service), service);
  EXPECT_EQ(only_with_id(loaded.teams, org.team_a), team);
}

TEST_P(RoundTrip, StaffWithEveryField) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  Staff staff = make_staff("Bea Bimonthly", Role::kCourtConsultant);
  staff.fte = 0.4;
  staff.team_id = org.team_b;
  staff.line_manager_id = org.manager;
  staff.responsible_team_ids = {org.team_a, org.team_b};
  staff.auditor = true;
  staff.audit_rota = Rota{Cadence::kBimonthly, Parity::kEven};
  staff.audit_quota = 2;
  staff.moderator_capacity = 3;
  staff.external_moderator = true;
  staff.moderation_rota = Rota{Cadence::kBimonthly, Parity::kOdd};
  staff.active = false;
  staff.id = in_tx([&](Transaction& tx) { return tx.organisation().insert_staff(staff); });
  EXPECT_GT(staff.id, 0);

  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_staff(staff.id); }), staff);
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_staff_by_email(staff.email); }), staff);
  EXPECT_EQ(
      only_with_id(in_tx([](Transaction& tx) { return tx.load_authority(); }).staff, staff.id),
      staff);

  staff.name = "Bea Monthly";
  staff.email = "bea.monthly@council.example";
  staff.fte = 1.0;
  staff.team_id.reset();
  staff.line_manager_id.reset();
  staff.responsible_team_ids = {org.team_b};
  staff.audit_rota = Rota{};
  staff.audit_quota.reset();
  staff.moderator_capacity = 0;
  staff.external_moderator = false;
  staff.active = true;
  in_tx([&](Transaction& tx) { tx.organisation().update_staff(staff); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_staff(staff.id); }), staff);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.organisation().find_staff(999999); }), std::nullopt);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.organisation().find_staff_by_email("nobody@x"); }),
            std::nullopt);
}

TEST_P(RoundTrip, ExemptionsChildrenAndDeletion) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  Exemption standing{.staff_id = org.auditor,
                     .kind = ExemptionKind::kMaternityLeave,
                     .first_month = Month(2027, 3),
                     .reason = "maternity leave"};
  Exemption single{.staff_id = org.manager,
                   .kind = ExemptionKind::kSingleMonth,
                   .first_month = Month(2027, 4),
                   .last_month = Month(2027, 4),
                   .reason = "inspection week",
                   .authorised_by = org.director};
  standing.id = in_tx([&](Transaction& tx) { return tx.organisation().insert_exemption(standing); });
  single.id = in_tx([&](Transaction& tx) { return tx.organisation().insert_exemption(single); });
  Authority loaded = in_tx([](Transaction& tx) { return tx.load_authority(); });
  EXPECT_EQ(loaded.exemptions, (std::vector<Exemption>{standing, single}));

  in_tx([&](Transaction& tx) { tx.organisation().delete_exemption(standing.id); });
  loaded = in_tx([](Transaction& tx) { return tx.load_authority(); });
  EXPECT_EQ(loaded.exemptions, std::vector<Exemption>{single});
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.organisation().delete_exemption(standing.id); }), NotFound);

  Child child{.case_reference = "MOS/2027/77",
              .team_id = org.team_b,
              .legal_status = LegalStatus::kChildProtection,
              .court_proceedings = true,
              .iro_id = org.manager,
              .allocated_worker_id = org.auditor,
              .open = true};
  child.id = in_tx([&](Transaction& tx) { return tx.caseload().upsert_child(child); });
  EXPECT_EQ(
      in_tx([&](Transaction& tx) { return tx.caseload().find_child_by_reference(child.case_reference); }),
      child);
  // Upsert by case reference updates the same record.
  child.legal_status = LegalStatus::kChildInCare;
  child.court_proceedings = false;
  child.iro_id.reset();
  child.open = false;
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.caseload().upsert_child(child); }), child.id);
  EXPECT_EQ(
      in_tx([&](Transaction& tx) { return tx.caseload().find_child_by_reference(child.case_reference); }),
      child);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.caseload().find_child_by_reference("nope"); }),
            std::nullopt);
}

TEST_P(RoundTrip, RunsAuditsAndPairings) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  const Month month(2027, 2);
  AllocationRun run{.month = month,
                    .status = MonthStatus::kPlanned,
                    .seed = 0xFEDCBA9876543210ull,
                    .looped = true};
  run.id = in_tx([&](Transaction& tx) { return tx.allocation().insert_run(run); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().find_run(month); }), run);
  run.status = MonthStatus::kAllocated;
  run.looped = false;
  in_tx([&](Transaction& tx) { tx.allocation().update_run(run); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().find_run(month); }), run);
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().find_run(month.next()); }), std::nullopt);

  Audit audit = make_audit(month, org.child_a, org.auditor);
  audit.moderator_id = org.manager;
  audit.loop_group = 7;
  audit.pin_reason = "coordinator's choice";
  audit.id = in_tx([&](Transaction& tx) { return tx.allocation().insert_audit(audit); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().audits_in(month); }), std::vector{audit});

  audit.status = AuditStatus::kModerated;
  audit.overall_grade = Grade::kRequiresImprovement;
  audit.moderated_grade = Grade::kGood;
  audit.outcome = AuditOutcome::kCompletedToStandard;
  audit.domain_grades = {{"assessment", Grade::kGood}, {"plans", Grade::kRequiresImprovement}};
  audit.submitted_on = Date{year{2027}, std::chrono::February, std::chrono::day{20}};
  audit.moderated_on = Date{year{2027}, std::chrono::February, std::chrono::day{25}};
  audit.needs_external_moderation = true;
  audit.pin_reason.reset();
  in_tx([&](Transaction& tx) { tx.allocation().update_audit(audit); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().audits_in(month); }), std::vector{audit});
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.load_authority(); }).audits, std::vector{audit});
  EXPECT_TRUE(in_tx([&](Transaction& tx) { return tx.allocation().audits_in(month.next()); }).empty());

  Pairing pairing{.period = Month(2027, 2),
                  .auditor_id = org.auditor,
                  .moderator_id = org.manager,
                  .reason = "new perspective"};
  pairing.id = in_tx([&](Transaction& tx) { return tx.allocation().insert_pairing(pairing); });
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().pairings_for(pairing.period); }),
            std::vector{pairing});
  pairing.moderator_id = org.director;
  pairing.reason = "capacity";
  in_tx([&](Transaction& tx) { tx.allocation().update_pairing(pairing); });
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.load_authority(); }).pairings,
            std::vector{pairing});
}

TEST_P(RoundTrip, ActionsConcernsAndUpdates) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  const Month month(2027, 2);
  const Id audit = in_tx([&](Transaction& tx) {
    return tx.allocation().insert_audit(make_audit(month, org.child_a, org.auditor));
  });
  Action action{.audit_id = audit,
                .description = "Update the child's plan",
                .owner_id = org.manager,
                .due_date = Date{year{2027}, std::chrono::March, std::chrono::day{31}},
                .care_planning = true};
  action.id = in_tx([&](Transaction& tx) { return tx.follow_up().insert_action(action); });
  Concern concern{.child_id = org.child_a,
                  .audit_id = audit,
                  .category = 1,
                  .raised_on = Date{year{2027}, std::chrono::February, std::chrono::day{21}}};
  concern.id = in_tx([&](Transaction& tx) { return tx.follow_up().insert_concern(concern); });
  ConcernUpdate update{.concern_id = concern.id,
                       .month = Month(2027, 3),
                       .note = "Strategy meeting held",
                       .recorded_by = org.director};
  update.id = in_tx([&](Transaction& tx) { return tx.follow_up().insert_concern_update(update); });

  Authority loaded = in_tx([](Transaction& tx) { return tx.load_authority(); });
  EXPECT_EQ(loaded.actions, std::vector{action});
  EXPECT_EQ(loaded.concerns, std::vector{concern});
  EXPECT_EQ(loaded.concern_updates, std::vector{update});

  action.status = ActionStatus::kCompleted;
  action.completed_on = Date{year{2027}, std::chrono::March, std::chrono::day{3}};
  concern.status = ConcernStatus::kResolved;
  concern.resolved_on = Date{year{2027}, std::chrono::April, std::chrono::day{1}};
  concern.category = 2;
  concern.audit_id.reset();
  in_tx([&](Transaction& tx) {
    tx.follow_up().update_action(action);
    tx.follow_up().update_concern(concern);
  });
  loaded = in_tx([](Transaction& tx) { return tx.load_authority(); });
  EXPECT_EQ(loaded.actions, std::vector{action});
  EXPECT_EQ(loaded.concerns, std::vector{concern});
}

// The reminder rules' load: everything, except that actions are the open ones
// due on or before the date (inclusive) and concerns the open ones.
TEST_P(RoundTrip, TheReminderLoadHoldsOnlyOpenActionsDueByTheDateAndOpenConcerns) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  const Month month(2027, 3);
  const Id audit = in_tx([&](Transaction& tx) {
    return tx.allocation().insert_audit(make_audit(month, org.child_a, org.auditor));
  });
  const Date due_by{year{2027}, std::chrono::March, std::chrono::day{10}};
  const auto action = [&](const char* description, Date due, bool completed) {
    Action a{
        .audit_id = audit, .description = description, .owner_id = org.manager, .due_date = due};
    if (completed) {
      a.status = ActionStatus::kCompleted;
      a.completed_on = Date{year{2027}, std::chrono::March, std::chrono::day{1}};
    }
    a.id = in_tx([&](Transaction& tx) { return tx.follow_up().insert_action(a); });
    return a;
  };
  const Action overdue =
      action("overdue", Date{year{2026}, std::chrono::December, std::chrono::day{1}}, false);
  const Action at_horizon = action("at the date", due_by, false);
  action("a day later", Date{year{2027}, std::chrono::March, std::chrono::day{11}}, false);
  action("completed", Date{year{2027}, std::chrono::March, std::chrono::day{2}}, true);
  Concern open{.child_id = org.child_a,
               .category = 2,
               .raised_on = Date{year{2027}, std::chrono::January, std::chrono::day{5}}};
  open.id = in_tx([&](Transaction& tx) { return tx.follow_up().insert_concern(open); });
  Concern resolved{.child_id = org.child_b,
                   .category = 1,
                   .raised_on = Date{year{2026}, std::chrono::May, std::chrono::day{5}},
                   .status = ConcernStatus::kResolved,
                   .resolved_on = Date{year{2026}, std::chrono::June, std::chrono::day{5}}};
  resolved.id = in_tx([&](Transaction& tx) { return tx.follow_up().insert_concern(resolved); });

  const Authority whole = in_tx([](Transaction& tx) { return tx.load_authority(); });
  const Authority reminders =
      in_tx([&](Transaction& tx) { return tx.load_reminder_authority(due_by); });
  EXPECT_EQ(reminders.actions, (std::vector{overdue, at_horizon}));
  EXPECT_EQ(reminders.concerns, std::vector{open});
  EXPECT_EQ(whole.actions.size(), 4u);
  EXPECT_EQ(whole.concerns.size(), 2u);
  // The rest is the whole authority.
  EXPECT_EQ(reminders.staff, whole.staff);
  EXPECT_EQ(reminders.teams, whole.teams);
  EXPECT_EQ(reminders.children, whole.children);
  EXPECT_EQ(reminders.audits, whole.audits);
  EXPECT_EQ(reminders.concern_updates, whole.concern_updates);
}

// The schema's CHECK lists are written out in the migration; every name the
// model can produce must be accepted by them.
TEST_P(RoundTrip, EveryEnumerationValueIsAccepted) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  in_tx([&](Transaction& tx) {
    int n = 0;
    for (Role role : all_values<Role>()) {
      Staff staff = make_staff("role" + std::to_string(n++), role);
      staff.audit_rota = Rota{Cadence::kBimonthly, Parity::kEven};
      tx.organisation().insert_staff(staff);
    }
    for (ExemptionKind kind : all_values<ExemptionKind>()) {
      tx.organisation().insert_exemption(Exemption{.staff_id = org.auditor,
                                    .kind = kind,
                                    .first_month = Month(2027, 1),
                                    .last_month = Month(2027, 1),
                                    .reason = "r",
                                    .authorised_by = org.director});
    }
    for (LegalStatus status : all_values<LegalStatus>()) {
      tx.caseload().upsert_child(Child{.case_reference = "ls" + std::to_string(n++),
                            .team_id = org.team_a,
                            .legal_status = status});
    }
    for (MonthStatus status : all_values<MonthStatus>()) {
      tx.allocation().insert_run(AllocationRun{.month = Month(2027, 1 + n++ % 12), .status = status});
    }
  });
  const std::size_t grades = all_values<Grade>().size();
  const std::size_t outcomes = all_values<AuditOutcome>().size();
  const std::size_t statuses = all_values<AuditStatus>().size();
  in_tx([&](Transaction& tx) {
    for (std::size_t i = 0; i < std::max({grades, outcomes, statuses}); ++i) {
      Audit audit = make_audit(Month(2026, 1).plus(static_cast<int>(i)), org.child_a, org.auditor);
      audit.overall_grade = all_values<Grade>()[i % grades];
      audit.moderated_grade = all_values<Grade>()[(i + 1) % grades];
      audit.domain_grades = {{"plans", all_values<Grade>()[i % grades]}};
      audit.outcome = all_values<AuditOutcome>()[i % outcomes];
      audit.status = all_values<AuditStatus>()[i % statuses];
      tx.allocation().insert_audit(audit);
    }
  });
  const Authority loaded = in_tx([](Transaction& tx) { return tx.load_authority(); });
  EXPECT_EQ(loaded.audits.size(), std::max({grades, outcomes, statuses}));
  EXPECT_EQ(loaded.runs.size(), all_values<MonthStatus>().size());
}

TEST_P(RoundTrip, UpdatesOfMissingRecordsAreNotFound) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  constexpr Id kMissing = 424242;
  EXPECT_THROW(
      in_tx([&](Transaction& tx) { tx.organisation().update_service(Service{.id = kMissing, .name = "x"}); }),
      NotFound);
  EXPECT_THROW(in_tx([&](Transaction& tx) {
                 tx.organisation().update_team(Team{.id = kMissing, .name = "x", .service_id = org.service});
               }),
               NotFound);
  Staff staff = make_staff("ghost", Role::kOther);
  staff.id = kMissing;
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.organisation().update_staff(staff); }), NotFound);
  EXPECT_THROW(in_tx([&](Transaction& tx) {
                 tx.allocation().update_run(AllocationRun{.id = kMissing, .month = Month(2027, 1)});
               }),
               NotFound);
  Audit audit = make_audit(Month(2027, 1), org.child_a, org.auditor);
  audit.id = kMissing;
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.allocation().update_audit(audit); }), NotFound);
  EXPECT_THROW(in_tx([&](Transaction& tx) {
                 tx.allocation().update_pairing(Pairing{.id = kMissing,
                                           .period = Month(2027, 2),
                                           .auditor_id = org.auditor,
                                           .moderator_id = org.manager});
               }),
               NotFound);
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.outbox().mark_sent(kMissing, Instant{}); }), NotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, RoundTrip, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace caseaudit::db::testing
