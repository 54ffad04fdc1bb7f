#include "daemon/background_jobs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace caseaudit::daemon {
namespace {

using namespace std::chrono_literals;

// Waits (up to 5 s) for `condition`; the jobs run on their own threads.
template <typename Condition>
bool eventually(Condition condition) {
  for (int i = 0; i < 500 && !condition(); ++i) std::this_thread::sleep_for(10ms);
  return condition();
}

class BackgroundJobsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    jobs_.stop();
    guard_.reset();
    io_.stop();
    if (loop_.joinable()) loop_.join();
  }
  void run_loop() {
    loop_ = std::thread([this] { io_.run(); });
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_{
      io_.get_executor()};
  FakeClock clock_{Instant{}};
  BackgroundJobs jobs_{io_, clock_};
  std::thread loop_;
};

TEST_F(BackgroundJobsTest, RunsEachJobOnceAtStartThenOnlyAtItsPeriod) {
  std::atomic<int> runs{0};
  jobs_.add({.name = "hourly", .every = 1h, .run = [&](Instant) { ++runs; }});
  jobs_.start();
  run_loop();
  ASSERT_TRUE(eventually([&] { return runs == 1; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(runs, 1);
}

TEST_F(BackgroundJobsTest, RunSoonRunsAJobNowInsteadOfAtItsNextTurn) {
  std::atomic<int> hourly{0}, other{0};
  jobs_.add({.name = "hourly", .every = 1h, .run = [&](Instant) { ++hourly; }});
  jobs_.add({.name = "other", .every = 1h, .run = [&](Instant) { ++other; }});
  jobs_.start();
  run_loop();
  ASSERT_TRUE(eventually([&] { return hourly == 1 && other == 1; }));
  jobs_.run_soon("hourly");
  ASSERT_TRUE(eventually([&] { return hourly == 2; }));
  jobs_.run_soon("no such job");
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(hourly, 2);
  EXPECT_EQ(other, 1);
}

TEST_F(BackgroundJobsTest, RunSoonDuringARunIsFollowedByAnotherRun) {
  std::atomic<int> runs{0};
  std::atomic<bool> release{false};
  jobs_.add({.name = "slow", .every = 1h, .run = [&](Instant) {
               ++runs;
               while (runs == 1 && !release) std::this_thread::sleep_for(5ms);
             }});
  jobs_.start();
  run_loop();
  ASSERT_TRUE(eventually([&] { return runs == 1; }));
  jobs_.run_soon("slow");  // while the first run is still going
  std::this_thread::sleep_for(50ms);
  release = true;
  ASSERT_TRUE(eventually([&] { return runs == 2; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(runs, 2);
}

// Issue 13: no metric said when each job last succeeded.
TEST_F(BackgroundJobsTest, RecordsWhenEachJobLastSucceededAndNotWhenItThrew) {
  std::atomic<int> good_runs{0}, bad_runs{0};
  jobs_.add({.name = "good", .every = 1h, .run = [&](Instant) { ++good_runs; }});
  jobs_.add({.name = "bad", .every = 1h, .run = [&](Instant) {
               ++bad_runs;
               throw std::runtime_error("database down");
             }});
  clock_.set(Instant{} + 100s);
  jobs_.start();
  run_loop();
  ASSERT_TRUE(eventually([&] { return good_runs == 1 && bad_runs == 1; }));
  ASSERT_TRUE(eventually([&] { return jobs_.last_successes().contains("good"); }));
  std::this_thread::sleep_for(50ms);
  const auto successes = jobs_.last_successes();
  EXPECT_EQ(successes.at("good"), Instant{} + 100s);
  EXPECT_FALSE(successes.contains("bad"));

  clock_.set(Instant{} + 200s);
  jobs_.run_soon("good");
  ASSERT_TRUE(eventually([&] { return jobs_.last_successes().at("good") == Instant{} + 200s; }));
}

}  // namespace
}  // namespace caseaudit::daemon
