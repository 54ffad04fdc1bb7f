// AllocationService as the front doors call it: a dry run reads without the
// writer's lock, and pins name their auditor by email in any case.
#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "tests/daemon/service/cycle_service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleAllocationServiceTest : public CycleServiceTest {};

// On SQLite writers queue for one lock: a preview taking it would wait for
// the writer below, which waits for the preview to finish.
TEST_P(CycleAllocationServiceTest, APreviewRunsBesideAnOpenWriteTransaction) {
  std::promise<void> writing, previewed;
  std::shared_future<void> done = previewed.get_future().share();
  std::thread writer([&] {
    store().transact([&](Transaction& tx) {
      tx.changes().log({.at = kCallerAt,
                     .actor = "test:writer",
                     .action = "test.hold",
                     .record_type = "test",
                     .record_id = "1"});
      writing.set_value();
      done.wait_for(std::chrono::seconds(20));
    });
  });
  writing.get_future().wait();
  auto preview = std::async(std::launch::async, [&] { return allocation_->preview(kJanuary); });
  const bool finished = preview.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  previewed.set_value();
  writer.join();
  ASSERT_TRUE(finished) << "the preview waited for the writer";
  EXPECT_FALSE(preview.get().result.audits.empty());
}

TEST_P(CycleAllocationServiceTest, APinFindsItsAuditorWhateverTheCaseOfTheEmail) {
  const AllocationOutcome plain = allocation_->preview(kJanuary);
  ASSERT_FALSE(plain.result.audits.empty());
  const Audit& chosen = plain.result.audits.front();
  const Authority authority = in_tx([](Transaction& tx) { return tx.load_authority(); });
  std::string email, reference;
  for (const Staff& staff : authority.staff) {
    if (staff.id == chosen.auditor_id) email = staff.email;
  }
  for (const Child& child : authority.children) {
    if (child.id == chosen.child_id) reference = child.case_reference;
  }
  ASSERT_FALSE(email.empty());
  std::string shouted = email;
  for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_NE(shouted, email) << "the demo email has no letters to change";

  const AllocationOutcome pinned = allocation_->preview(
      kJanuary, std::nullopt,
      {{.auditor_email = shouted, .case_reference = reference, .reason = "r"}});
  ASSERT_EQ(pinned.pins.size(), 1u);
  EXPECT_EQ(pinned.pins[0].auditor_id, chosen.auditor_id);
  EXPECT_EQ(pinned.pins[0].child_id, chosen.child_id);

  expect_refused<NotFound>(
      [&] {
        allocation_->preview(
            kJanuary, std::nullopt,
            {{.auditor_email = "x" + email, .case_reference = reference, .reason = "r"}});
      },
      "pin", "no staff member has the email");
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleAllocationServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
