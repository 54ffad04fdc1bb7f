#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {

Staff make_staff(std::string name, Role role) {
  Staff staff;
  staff.email = name + "@council.example";
  staff.name = std::move(name);
  staff.role = role;
  return staff;
}

Organisation seed_organisation(Transaction& tx) {
  Organisation org;
  org.service = tx.organisation().insert_service(Service{.name = "Safeguarding"});
  org.team_a = tx.organisation().insert_team(Team{.name = "Team A", .service_id = org.service});
  org.team_b = tx.organisation().insert_team(Team{.name = "Team B", .service_id = org.service});
  org.director = tx.organisation().insert_staff(make_staff("Dana Director", Role::kDirector));
  Staff manager = make_staff("Tom Manager", Role::kTeamManager);
  manager.team_id = org.team_a;
  manager.responsible_team_ids = {org.team_a};
  manager.auditor = true;
  org.manager = tx.organisation().insert_staff(manager);
  Staff auditor = make_staff("Ava Auditor", Role::kAdvancedPractitioner);
  auditor.team_id = org.team_b;
  auditor.auditor = true;
  auditor.line_manager_id = org.manager;
  org.auditor = tx.organisation().insert_staff(auditor);
  org.child_a =
      tx.caseload().upsert_child(Child{.case_reference = "LCS-0001", .team_id = org.team_a});
  org.child_b =
      tx.caseload().upsert_child(Child{.case_reference = "LCS-0002", .team_id = org.team_b});
  return org;
}

Audit make_audit(Month month, Id child, Id auditor) {
  Audit audit;
  audit.month = month;
  audit.child_id = child;
  audit.auditor_id = auditor;
  audit.due_date = month.last_day();
  audit.explanation = "test";
  return audit;
}

OutboxMessage make_message(std::string dedup_key, Instant due) {
  OutboxMessage m;
  m.dedup_key = std::move(dedup_key);
  m.rule = "audit_overdue";
  m.recipient_email = "tm@council.example";
  m.recipient_name = "Tom Manager";
  m.subject = "Audit overdue";
  m.text_body = "Please complete the audit.";
  m.html_body = "<p>Please complete the audit.</p>";
  m.message_id = "<" + m.dedup_key + "@caseaudit>";
  m.created_at = due;
  m.next_attempt_at = due;
  return m;
}

Instant at(int year, unsigned month, unsigned day, int hour) {
  return std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} /
                               std::chrono::day{day}} +
         std::chrono::hours{hour};
}

void StoreContract::SetUp() {
  test_database_ = TestDatabase::create(GetParam());
  ASSERT_NE(test_database_, nullptr);
  database_ = test_database_->open();
  ASSERT_EQ(database_->migrate(), latest_schema_version());
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace caseaudit::db::testing
