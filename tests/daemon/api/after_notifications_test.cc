// Notifications (daemon/api/resources_notifications.cc): the outbox by status,
// one message with its bodies, dead letters, and resend with the same
// Message-ID.
#include "tests/daemon/api/api_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class AfterNotificationsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    sent_ = enqueue("sent",
                    [this](Transaction& tx, Id id) { tx.outbox().mark_sent(id, clock_.now()); });
    dead_ = enqueue("dead", [](Transaction& tx, Id id) {
      tx.outbox().mark_dead(id, "permanent 550: 550 5.1.1 mailbox unavailable");
    });
    pending_ = enqueue("pending", [](Transaction&, Id) {});
  }

  // One message, claimed once (so attempts = 1) and then left as `finish` says.
  template <typename Finish>
  Id enqueue(const std::string& name, Finish finish) {
    return in_tx([&](Transaction& tx) {
      tx.outbox().enqueue(OutboxMessage{.dedup_key = "test:" + name,
                                        .rule = "audit_due",
                                        .recipient_email = name + "@example.org",
                                        .recipient_name = "Ann " + name,
                                        .subject = "Audit due: " + name,
                                        .text_body = "text of " + name,
                                        .html_body = "<p>html of " + name + "</p>",
                                        .message_id = "<" + name + "@caseaudit.test>",
                                        .created_at = clock_.now(),
                                        .next_attempt_at = clock_.now()});
      Id id = 0;
      for (const OutboxMessage& message : tx.outbox().messages(std::nullopt)) {
        if (message.dedup_key == "test:" + name) id = message.id;
      }
      for (const OutboxMessage& claimed :
           tx.outbox().claim_due(clock_.now(), 100, std::chrono::seconds(300))) {
        if (claimed.id != id) tx.outbox().mark_retry(claimed.id, claimed.next_attempt_at, "");
      }
      finish(tx, id);
      return id;
    });
  }

  OutboxMessage stored(Id id) {
    return in_tx([id](Transaction& tx) { return tx.outbox().find(id); }).value();
  }
  static std::string path(Id id, const std::string& suffix = {}) {
    return "/v1/notifications/" + std::to_string(id) + suffix;
  }

  Id sent_ = 0, dead_ = 0, pending_ = 0;
};

TEST_P(AfterNotificationsTest, ListsByStatusWithCountsAndWithoutBodies) {
  const json::value all = body_of(get_as(viewer(), "/v1/notifications"));
  EXPECT_EQ(all.at("notifications").as_array().size(), 3u);
  EXPECT_EQ(all.at("counts"), (json::object{{"pending", 1}, {"sent", 1}, {"dead", 1}}));
  for (const char* status : {"pending", "sent", "dead"}) {
    const json::value some = body_of(get(std::string("/v1/notifications?status=") + status));
    const json::array& list = some.at("notifications").as_array();
    ASSERT_EQ(list.size(), 1u) << status;
    EXPECT_EQ(list[0].at("status").as_string(), status);
    EXPECT_FALSE(list[0].as_object().contains("text_body"));
  }
  const json::value dead = body_of(get_as(viewer(), "/v1/notifications/dead-letters"));
  ASSERT_EQ(dead.at("notifications").as_array().size(), 1u);
  EXPECT_EQ(dead.at("notifications").as_array()[0].at("id").as_int64(), dead_);
  expect_error(get("/v1/notifications?status=failed"), 400, "bad_request", "status");
}

TEST_P(AfterNotificationsTest, OneMessageComesWithItsBodies) {
  const json::value one = body_of(get_as(viewer(), path(dead_)));
  EXPECT_EQ(one.at("message_id").as_string(), "<dead@caseaudit.test>");
  EXPECT_EQ(one.at("text_body").as_string(), "text of dead");
  EXPECT_EQ(one.at("html_body").as_string(), "<p>html of dead</p>");
  EXPECT_EQ(one.at("last_error").as_string(), "permanent 550: 550 5.1.1 mailbox unavailable");
  expect_error(get(path(999999)), 404, "not_found");
  expect_error(get("/v1/notifications/abc"), 400, "bad_request", "id");
}

TEST_P(AfterNotificationsTest, ResendPutsADeadLetterBackWithItsMessageIdAndNoAttempts) {
  const OutboxMessage before = stored(dead_);
  ASSERT_EQ(before.attempts, 1);
  clock_.advance(std::chrono::minutes(5));
  auto result = post(path(dead_, "/resend"));
  ASSERT_EQ(result->status, 200) << result->body;
  const OutboxMessage after = stored(dead_);
  EXPECT_EQ(after.status, OutboxStatus::kPending);
  EXPECT_EQ(after.attempts, 0);
  EXPECT_EQ(after.message_id, "<dead@caseaudit.test>");
  EXPECT_EQ(after.next_attempt_at, clock_.now());
  EXPECT_EQ(body_of(result), to_json(after));
  const auto log = in_tx([&](Transaction& tx) {
    return tx.changes().find(
        ChangeFilter{.record_type = "notification", .record_id = std::to_string(dead_)});
  });
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "notification.resend");
  EXPECT_EQ(json::parse(log[0].before_json), to_json(before));
  EXPECT_EQ(json::parse(log[0].after_json), to_json(after));
  // The delivery worker now claims it like any due message.
  const auto claimed = in_tx([&](Transaction& tx) {
    return tx.outbox().claim_due(clock_.now(), 10, std::chrono::seconds(300));
  });
  EXPECT_THAT(claimed, ::testing::Contains(::testing::Field(&OutboxMessage::id, dead_)));
}

TEST_P(AfterNotificationsTest, ASentMessageCanBeResentToo) {
  ASSERT_EQ(post(path(sent_, "/resend"))->status, 200);
  EXPECT_EQ(stored(sent_).status, OutboxStatus::kPending);
  EXPECT_EQ(stored(sent_).message_id, "<sent@caseaudit.test>");
}

TEST_P(AfterNotificationsTest, RefusedResendsChangeNothing) {
  const std::string before = fingerprint();
  expect_error(post(path(999999, "/resend")), 404, "not_found");
  expect_error(post(path(pending_, "/resend")), 409, "conflict");
  expect_error(post(path(dead_, "/resend"), R"({"force": true})"), 400, "bad_request", "body");
  expect_error(post(path(dead_, "/resend?now=1")), 400, "bad_request", "now");
  expect_error(send_as(viewer(), "POST", path(dead_, "/resend"), "", "application/json"), 403,
               "forbidden");
  EXPECT_EQ(fingerprint(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, AfterNotificationsTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
