// import_authority: a whole authority goes into an empty database and comes
// back equal, modulo the ids the database assigned.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <unordered_map>

#include "scheduler/demo/demo.h"
#include "scheduler/errors.h"
#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

using std::chrono::year;

// A small authority with every kind of record and every reference cycle:
// services and teams managed by staff who belong to those teams, line
// managers inserted after their reports.
Authority hand_built() {
  Authority a;
  a.services = {Service{.id = 10,
                        .name = "Children in Care",
                        .service_manager_id = 102,
                        .head_of_service_id = 101,
                        .director_id = 100}};
  a.teams = {Team{.id = 20, .name = "CIC 1", .service_id = 10, .team_manager_id = 103},
             Team{.id = 21, .name = "CIC 2", .service_id = 10, .team_manager_id = 104}};
  Staff report{.id = 105,
               .name = "Ann Practitioner",
               .email = "ann@x.example",
               .role = Role::kAdvancedPractitioner,
               .fte = 0.5,
               .team_id = 21,
               .line_manager_id = 104,
               .auditor = true,
               .audit_rota = Rota{Cadence::kBimonthly, Parity::kEven}};
  Staff director{.id = 100, .name = "Di Rector", .email = "di@x.example", .role = Role::kDirector};
  Staff head{.id = 101,
             .name = "Hal Head",
             .email = "hal@x.example",
             .role = Role::kHeadOfService,
             .line_manager_id = 100,
             .auditor = true,
             .moderator_capacity = 4};
  Staff service_manager{.id = 102,
                        .name = "Sam Service",
                        .email = "sam@x.example",
                        .role = Role::kServiceManager,
                        .line_manager_id = 101,
                        .responsible_team_ids = {20, 21},
                        .auditor = true,
                        .audit_quota = 2};
  Staff tm1{.id = 103,
            .name = "Tia Team",
            .email = "tia@x.example",
            .role = Role::kTeamManager,
            .team_id = 20,
            .line_manager_id = 102,
            .responsible_team_ids = {20},
            .auditor = true};
  Staff tm2{.id = 104,
            .name = "Tod Team",
            .email = "tod@x.example",
            .role = Role::kTeamManager,
            .team_id = 21,
            .line_manager_id = 102,
            .responsible_team_ids = {21},
            .auditor = true};
  Staff external{.id = 106,
                 .name = "Ext Moderator",
                 .email = "ext@agency.example",
                 .role = Role::kOther,
                 .moderator_capacity = 10,
                 .external_moderator = true};
  a.staff = {report, director, head, service_manager, tm1, tm2, external};
  a.exemptions = {Exemption{.id = 1,
                            .staff_id = 105,
                            .kind = ExemptionKind::kSingleMonth,
                            .first_month = Month(2027, 3),
                            .last_month = Month(2027, 3),
                            .reason = "court week",
                            .authorised_by = 100},
                  Exemption{.id = 2,
                            .staff_id = 103,
                            .kind = ExemptionKind::kSecondment,
                            .first_month = Month(2026, 11),
                            .reason = "improvement work"}};
  a.children = {Child{.id = 30,
                      .case_reference = "CIC-1",
                      .team_id = 20,
                      .legal_status = LegalStatus::kChildInCare,
                      .iro_id = 101,
                      .allocated_worker_id = 105},
                Child{.id = 31,
                      .case_reference = "CIC-2",
                      .team_id = 21,
                      .legal_status = LegalStatus::kCareLeaver,
                      .court_proceedings = true}};
  a.runs = {AllocationRun{.id = 40,
                          .month = Month(2027, 1),
                          .status = MonthStatus::kClosed,
                          .seed = 99,
                          .looped = true}};
  Audit first{.id = 50,
              .month = Month(2027, 1),
              .child_id = 31,
              .auditor_id = 103,
              .moderator_id = 101,
              .loop_group = 1,
              .status = AuditStatus::kModerated,
              .due_date = Month(2027, 1).last_day(),
              .overall_grade = Grade::kInadequate,
              .domain_grades = {{"plans", Grade::kInadequate}},
              .moderated_grade = Grade::kInadequate,
              .outcome = AuditOutcome::kCompletedToStandard,
              .explanation = "looped"};
  Audit second = first;
  second.id = 51;
  second.auditor_id = 102;
  second.overall_grade = Grade::kRequiresImprovement;
  a.audits = {first, second};
  a.pairings = {Pairing{.id = 60,
                        .period = Month(2027, 2),
                        .auditor_id = 103,
                        .moderator_id = 101,
                        .reason = "rotation"}};
  a.actions = {Action{.id = 70,
                      .audit_id = 50,
                      .description = "Review the plan",
                      .owner_id = 104,
                      .due_date = Month(2027, 2).last_day()}};
  a.concerns = {Concern{.id = 80,
                        .child_id = 31,
                        .audit_id = 51,
                        .category = 1,
                        .raised_on = Date{year{2027}, std::chrono::January, std::chrono::day{30}}}};
  a.concern_updates = {ConcernUpdate{.id = 90,
                                     .concern_id = 80,
                                     .month = Month(2027, 2),
                                     .note = "safety plan agreed",
                                     .recorded_by = 101}};
  return a;
}

// Rewrites every id of `a` (and every reference) as the position of the
// record in its list, so that two authorities that differ only in ids compare
// equal. Records are in insertion order in both.
Authority canonical(Authority a) {
  std::unordered_map<Id, Id> services, teams, staff, children, audits, concerns;
  const auto index = [](auto& items, std::unordered_map<Id, Id>& map) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      map[items[i].id] = static_cast<Id>(i + 1);
      items[i].id = static_cast<Id>(i + 1);
    }
  };
  const auto remap = [](std::unordered_map<Id, Id>& map, auto& id) {
    if constexpr (std::is_same_v<std::decay_t<decltype(id)>, std::optional<Id>>) {
      if (id) id = map.at(*id);
    } else {
      id = map.at(id);
    }
  };
  index(a.services, services);
  index(a.teams, teams);
  index(a.staff, staff);
  index(a.children, children);
  index(a.audits, audits);
  index(a.concerns, concerns);
  for (Service& s : a.services) {
    remap(staff, s.service_manager_id);
    remap(staff, s.head_of_service_id);
    remap(staff, s.director_id);
  }
  for (Team& t : a.teams) {
    remap(services, t.service_id);
    remap(staff, t.team_manager_id);
  }
  for (Staff& s : a.staff) {
    remap(teams, s.team_id);
    remap(staff, s.line_manager_id);
    for (Id& team : s.responsible_team_ids) remap(teams, team);
    std::sort(s.responsible_team_ids.begin(), s.responsible_team_ids.end());
  }
  for (std::size_t i = 0; i < a.exemptions.size(); ++i) {
    Exemption& e = a.exemptions[i];
    e.id = static_cast<Id>(i + 1);
    remap(staff, e.staff_id);
    remap(staff, e.authorised_by);
  }
  for (Child& c : a.children) {
    remap(teams, c.team_id);
    remap(staff, c.iro_id);
    remap(staff, c.allocated_worker_id);
  }
  for (std::size_t i = 0; i < a.runs.size(); ++i) a.runs[i].id = static_cast<Id>(i + 1);
  for (Audit& au : a.audits) {
    remap(children, au.child_id);
    remap(staff, au.auditor_id);
    remap(staff, au.moderator_id);
  }
  for (std::size_t i = 0; i < a.pairings.size(); ++i) {
    Pairing& p = a.pairings[i];
    p.id = static_cast<Id>(i + 1);
    remap(staff, p.auditor_id);
    remap(staff, p.moderator_id);
  }
  for (std::size_t i = 0; i < a.actions.size(); ++i) {
    Action& ac = a.actions[i];
    ac.id = static_cast<Id>(i + 1);
    remap(audits, ac.audit_id);
    remap(staff, ac.owner_id);
  }
  for (Concern& c : a.concerns) {
    remap(children, c.child_id);
    remap(audits, c.audit_id);
  }
  for (std::size_t i = 0; i < a.concern_updates.size(); ++i) {
    ConcernUpdate& u = a.concern_updates[i];
    u.id = static_cast<Id>(i + 1);
    remap(concerns, u.concern_id);
    remap(staff, u.recorded_by);
  }
  return a;
}

void expect_same_modulo_ids(const Authority& actual, const Authority& expected) {
  const Authority a = canonical(actual), e = canonical(expected);
  EXPECT_EQ(a.services, e.services);
  EXPECT_EQ(a.teams, e.teams);
  EXPECT_EQ(a.staff, e.staff);
  EXPECT_EQ(a.exemptions, e.exemptions);
  EXPECT_EQ(a.children, e.children);
  EXPECT_EQ(a.runs, e.runs);
  EXPECT_EQ(a.audits, e.audits);
  EXPECT_EQ(a.pairings, e.pairings);
  EXPECT_EQ(a.actions, e.actions);
  EXPECT_EQ(a.concerns, e.concerns);
  EXPECT_EQ(a.concern_updates, e.concern_updates);
}

class Import : public StoreContract {};

TEST_P(Import, AHandBuiltAuthorityComesBackEqualModuloIds) {
  const Authority input = hand_built();
  store().transact([&](Transaction& tx) { import_authority(tx, input); });
  const Authority loaded = in_tx([](Transaction& tx) { return tx.load_authority(); });
  // The database chose its own ids: none of the input's must leak through.
  ASSERT_EQ(loaded.staff.size(), input.staff.size());
  expect_same_modulo_ids(loaded, input);
}

TEST_P(Import, OnlyIntoAnEmptyDatabase) {
  in_tx([](Transaction& tx) { seed_organisation(tx); });
  const Authority input = hand_built();
  EXPECT_THROW(store().transact([&](Transaction& tx) { import_authority(tx, input); }), Conflict);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.load_authority(); }).staff.size(), 3u);
}

TEST_P(Import, ADanglingReferenceIsNamed) {
  Authority input = hand_built();
  input.children[0].team_id = 999;
  try {
    store().transact([&](Transaction& tx) { import_authority(tx, input); });
    FAIL() << "imported a child of a team that is not in the authority";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("child.team_id refers to team 999"));
  }
  EXPECT_TRUE(in_tx([](Transaction& tx) { return tx.load_authority(); }).staff.empty());
}

TEST_P(Import, TheSmallDemoAuthorityImportsAndLoadsQuickly) {
  const Authority input = generate_demo_authority(demo_size_s(7));
  const auto started = std::chrono::steady_clock::now();
  store().transact([&](Transaction& tx) { import_authority(tx, input); });
  const auto imported = std::chrono::steady_clock::now();
  const Authority loaded = in_tx([](Transaction& tx) { return tx.load_authority(); });
  const auto done = std::chrono::steady_clock::now();
  expect_same_modulo_ids(loaded, input);
  EXPECT_LT(imported - started, std::chrono::seconds(20));
  EXPECT_LT(done - imported, std::chrono::seconds(5));
  RecordProperty(
      "import_ms",
      std::to_string(
          std::chrono::duration_cast<std::chrono::milliseconds>(imported - started).count()));
}

INSTANTIATE_TEST_SUITE_P(Backends, Import, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace caseaudit::db::testing
