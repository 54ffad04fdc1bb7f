// bench_due_sweep: the daily reminder sweep (issue 4) on PostgreSQL over
// 1,000,000 open actions of which about 100,000 are due or overdue on the
// benchmark day. Target: the whole DueRunner::run under 2 s.
//
// Usage: bench_due_sweep [POSTGRES_URL] [RUNS] [ACTIONS]
//   The URL defaults to $CASEAUDIT_BENCH_PG_URL (also when given as ""); RUNS to
//   5; ACTIONS to 1,000,000 (smaller sizes are for profiling).
//
// On an empty database it migrates, imports the demo authority (size M) and
// adds the benchmark actions with one INSERT ... SELECT; on a database that
// already holds them it reuses them. Then it times, each as the median of
// RUNS runs:
//   * load_authority in a transaction, and load_reminder_authority up to the
//     reminder horizon (what DueRunner reads);
//   * due_on over each snapshot for the benchmark day (the same items);
//   * DueRunner::run at 09:00 on the benchmark day (the ledger, the outbox
//     and job_runs are emptied between runs, untimed), split into its phases
//     by a Store that times the calls DueRunner makes through it;
//   * the same run again on the same day (the daily pass has already run);
//   * a run on the next working day with the ledger kept: the steady state,
//     where almost every item is already recorded.
// Prints a table of medians and ranges, and the peak RSS.
#include <date/tz.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "db/database.h"
#include "notifier/due_runner.h"
#include "notifier/templates.h"
#include "scheduler/calendar.h"
#include "scheduler/demo/demo.h"
#include "scheduler/reminders/rules.h"
#include "scheduler/store.h"

namespace {

using caseaudit::Authority;
using caseaudit::Id;
using caseaudit::Instant;
using caseaudit::OutboxMessage;
using caseaudit::Transaction;
using Clock = std::chrono::steady_clock;

// Wednesday 20 January 2027, a working day in England; the demo authority's
// current month is 2027-01.
constexpr int kYear = 2027;
constexpr unsigned kMonth = 1;
constexpr unsigned kDay = 20;
constexpr const char* kDayText = "2027-01-20";
constexpr const char* kZone = "Europe/London";

double milliseconds(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

// Where a run's time goes: the calls DueRunner makes through the Store.
struct Phases {
  double transaction_ms = 0;  // the whole transact(), commit included
  double work_ms = 0;         // inside the transaction
  double load_ms = 0;
  double ledger_ms = 0;  // record_notified_items
  double enqueue_ms = 0;
  double job_run_ms = 0;
  long ledger_calls = 0;
  long ledger_items = 0;
  long enqueue_calls = 0;
};

// Times a call: adds its milliseconds to `total`.
template <typename Body>
decltype(auto) timed(double& total, Body&& body) {
  const auto start = Clock::now();
  struct AddOnExit {
    double& total;
    Clock::time_point start;
    ~AddOnExit() { total += milliseconds(Clock::now() - start); }
  } add{total, start};
  return body();
}

class TimingLedger final : public caseaudit::ReminderLedgerWrapper {
 public:
  TimingLedger(caseaudit::ReminderLedger& real, Phases& p) : ReminderLedgerWrapper(real), p_(p) {}
  std::vector<bool> record(const std::vector<caseaudit::NotifiedItem>& items, Instant at) override {
    ++p_.ledger_calls;
    p_.ledger_items += static_cast<long>(items.size());
    return timed(p_.ledger_ms, [&] { return ReminderLedgerWrapper::record(items, at); });
  }

 private:
  Phases& p_;
};

class TimingOutbox final : public caseaudit::OutboxWrapper {
 public:
  TimingOutbox(caseaudit::Outbox& real, Phases& p) : OutboxWrapper(real), p_(p) {}
  bool enqueue(const OutboxMessage& message) override {
    ++p_.enqueue_calls;
    return timed(p_.enqueue_ms, [&] { return OutboxWrapper::enqueue(message); });
  }

 private:
  Phases& p_;
};

class TimingJobs final : public caseaudit::JobLedgerWrapper {
 public:
  TimingJobs(caseaudit::JobLedger& real, Phases& p) : JobLedgerWrapper(real), p_(p) {}
  bool record_run(const std::string& job, const std::string& period, Instant at) override {
    return timed(p_.job_run_ms, [&] { return JobLedgerWrapper::record_run(job, period, at); });
  }

 private:
  Phases& p_;
};

// Forwards to the real transaction, timing the calls a due run makes; the
// rest goes straight through (TransactionWrapper).
class TimingTransaction final : public caseaudit::TransactionWrapper {
 public:
  TimingTransaction(Transaction& inner, Phases& phases)
      : TransactionWrapper(inner),
        p_(phases),
        ledger_(inner.ledger(), phases),
        outbox_(inner.outbox(), phases),
        jobs_(inner.jobs(), phases) {}

  Authority load_authority() override {
    return timed(p_.load_ms, [&] { return TransactionWrapper::load_authority(); });
  }
  Authority load_reminder_authority(caseaudit::Date actions_due_by) override {
    return timed(p_.load_ms,
                 [&] { return TransactionWrapper::load_reminder_authority(actions_due_by); });
  }
  caseaudit::ReminderLedger& ledger() override { return ledger_; }
  caseaudit::Outbox& outbox() override { return outbox_; }
  caseaudit::JobLedger& jobs() override { return jobs_; }

 private:
  Phases& p_;
  TimingLedger ledger_;
  TimingOutbox outbox_;
  TimingJobs jobs_;
};

class TimingStore : public caseaudit::Store {
 public:
  explicit TimingStore(caseaudit::Store& inner) : inner_(inner) {}

  void transact(const std::function<void(Transaction&)>& work) override {
    phases_ = Phases{};
    const auto start = Clock::now();
    inner_.transact([&](Transaction& tx) {
      phases_ = Phases{};  // the transaction may be re-run
      TimingTransaction timed(tx, phases_);
      const auto work_start = Clock::now();
      work(timed);
      phases_.work_ms = milliseconds(Clock::now() - work_start);
    });
    phases_.transaction_ms = milliseconds(Clock::now() - start);
  }

  const Phases& phases() const { return phases_; }

 private:
  caseaudit::Store& inner_;
  Phases phases_;
};

// Median and range of a column of figures.
struct Column {
  std::vector<double> values;
  void add(double v) { values.push_back(v); }
  double median() const {
    std::vector<double> v = values;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  }
  double low() const { return *std::min_element(values.begin(), values.end()); }
  double high() const { return *std::max_element(values.begin(), values.end()); }
};

void print_row(const char* what, const Column& column) {
  std::printf("| %-44s | %9.0f | %9.0f-%-9.0f |\n", what, column.median(), column.low(),
              column.high());
}

std::int64_t count(caseaudit::db::Database& database, const std::string& table) {
  return database.query_raw_integer("SELECT count(*) FROM " + table).value_or(0);
}

// `actions` open actions over the imported audits, owned by the team manager
// of the audited child's team. Every tenth is due or overdue on kDayText:
// due between 30 days before it and 4 days after it (the reminder window
// covers 3 working days, and 2027-01-20 is a Wednesday). The rest fall due
// 30 to 329 days later.
std::string insert_actions_statement(int actions) {
  return std::string(R"sql(
WITH chosen AS (
  SELECT array_agg(a.id ORDER BY a.id) AS audit_ids,
         array_agg(t.team_manager_id ORDER BY a.id) AS owner_ids
  FROM audits a JOIN children c ON c.id = a.child_id JOIN teams t ON t.id = c.team_id
  WHERE t.team_manager_id IS NOT NULL AND a.status IN ('submitted', 'moderated'))
INSERT INTO actions (audit_id, description, owner_id, due_date, care_planning, status)
SELECT chosen.audit_ids[1 + g % cardinality(chosen.audit_ids)], 'Benchmark action ' || g,
       chosen.owner_ids[1 + g % cardinality(chosen.audit_ids)],
       to_char(DATE ')sql") +
         kDayText + R"sql(' + CASE WHEN g % 10 = 0 THEN (g / 10) % 35 - 30
                                       ELSE 30 + g % 300 END, 'YYYY-MM-DD'),
       g % 2, 'open'
FROM chosen CROSS JOIN generate_series(0, )sql" +
         std::to_string(actions - 1) + ") AS g";
}

void set_up(caseaudit::db::Database& database, int actions) {
  auto& store = database.store();
  const auto start = Clock::now();
  database.migrate();
  if (count(database, "teams") == 0) {
    store.transact([](Transaction& tx) {
      caseaudit::db::import_authority(
          tx, caseaudit::generate_demo_authority(caseaudit::demo_size_m(1)));
    });
    std::printf("imported the demo authority (size M) in %.1f s\n",
                milliseconds(Clock::now() - start) / 1000);
  }
  if (count(database, "actions") < actions) {
    const auto insert_start = Clock::now();
    database.execute_raw(insert_actions_statement(actions));
    database.execute_raw("ANALYZE");
    std::printf("inserted %d actions in %.1f s\n", actions,
                milliseconds(Clock::now() - insert_start) / 1000);
  }
}

void reset_ledger(caseaudit::db::Database& database) {
  database.execute_raw("DELETE FROM notified_items");
  database.execute_raw("DELETE FROM outbox");
  database.execute_raw("DELETE FROM job_runs");
}

int bench(const std::string& url, int runs, int actions) {
  const caseaudit::SystemClock clock;
  auto database = caseaudit::db::Database::open(url, clock, 2);
  std::printf("database %s\n", database->url().redacted().c_str());
  set_up(*database, actions);
  std::printf("actions: %lld (open %lld; due on %s or before: %lld)\n",
              static_cast<long long>(count(*database, "actions")),
              static_cast<long long>(
                  database->query_raw_integer("SELECT count(*) FROM actions WHERE status = 'open'")
                      .value_or(0)),
              kDayText,
              static_cast<long long>(
                  database
                      ->query_raw_integer(std::string("SELECT count(*) FROM actions WHERE status = "
                                                      "'open' AND due_date <= '") +
                                          kDayText + "'")
                      .value_or(0)));

  const caseaudit::Date today{std::chrono::year(kYear), std::chrono::month(kMonth),
                              std::chrono::day(kDay)};
  const date::time_zone* zone = date::locate_zone(kZone);
  const caseaudit::Calendar& calendar = caseaudit::Calendar::england_and_wales();
  const caseaudit::SendWindow window(calendar, zone);
  const caseaudit::notifier::TemplateSet templates = caseaudit::notifier::TemplateSet::defaults();
  const caseaudit::ReminderPolicy policy;
  const Instant at = caseaudit::at_local(today, 9, 0, zone);
  const Instant next_day = caseaudit::at_local(calendar.add_working_days(today, 1), 9, 0, zone);

  // (a) load_authority alone, and the reminder rules' share of it.
  Column load, load_reminders;
  Authority snapshot, reminder_snapshot;
  const caseaudit::Date horizon = caseaudit::reminder_horizon(calendar, policy, today);
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    database->store().transact([&](Transaction& tx) { snapshot = tx.load_authority(); });
    load.add(milliseconds(Clock::now() - start));
    const auto reminders_start = Clock::now();
    database->store().transact(
        [&](Transaction& tx) { reminder_snapshot = tx.load_reminder_authority(horizon); });
    load_reminders.add(milliseconds(Clock::now() - reminders_start));
  }
  const long rss_after_load = peak_rss_mib();
  std::printf("load_reminder_authority(%s): %zu of %zu actions\n",
              caseaudit::format_date(horizon).c_str(), reminder_snapshot.actions.size(),
              snapshot.actions.size());

  // (b) the rules alone, over each snapshot (the same items).
  Column rules, rules_reminders;
  std::size_t item_count = 0;
  std::size_t action_items = 0;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    const std::vector<caseaudit::DueItem> items =
        caseaudit::due_on(snapshot, calendar, policy, today);
    rules.add(milliseconds(Clock::now() - start));
    item_count = items.size();
    action_items = static_cast<std::size_t>(
        std::count_if(items.begin(), items.end(), [](const caseaudit::DueItem& item) {
          return item.rule == caseaudit::ReminderRule::kActionDue ||
                 item.rule == caseaudit::ReminderRule::kActionOverdue;
        }));
    const auto reminders_start = Clock::now();
    const std::vector<caseaudit::DueItem> same =
        caseaudit::due_on(reminder_snapshot, calendar, policy, today);
    rules_reminders.add(milliseconds(Clock::now() - reminders_start));
    if (same.size() != items.size()) {
      std::fprintf(stderr,
                   "due_on differs: %zu items over the whole authority, %zu over the "
                   "reminder load\n",
                   items.size(), same.size());
      return 1;
    }
  }
  std::printf("due_on(%s): %zu items, of which %zu about actions\n", kDayText, item_count,
              action_items);
  reminder_snapshot = Authority{};
  snapshot = Authority{};

  // (c) the whole run, from an empty ledger each time; then again on the same day.
  TimingStore timing(database->store());
  caseaudit::notifier::DueRunner runner(timing, templates, window, calendar, zone,
                                        caseaudit::notifier::DueRunOptions{.policy = policy});
  Column whole, in_load, in_ledger, in_enqueue, in_rest, in_commit, again, next, next_ledger;
  caseaudit::notifier::DueRunReport next_report;
  caseaudit::notifier::DueRunReport report;
  long ledger_calls = 0, ledger_items = 0, enqueue_calls = 0;
  for (int i = 0; i < runs; ++i) {
    reset_ledger(*database);
    const auto start = Clock::now();
    report = runner.run(at);
    whole.add(milliseconds(Clock::now() - start));
    const Phases& p = timing.phases();
    in_load.add(p.load_ms);
    in_ledger.add(p.ledger_ms);
    in_enqueue.add(p.enqueue_ms);
    in_rest.add(p.work_ms - p.load_ms - p.ledger_ms - p.enqueue_ms);
    in_commit.add(p.transaction_ms - p.work_ms);
    ledger_calls = p.ledger_calls;
    ledger_items = p.ledger_items;
    enqueue_calls = p.enqueue_calls;

    const auto again_start = Clock::now();
    runner.run(at);
    again.add(milliseconds(Clock::now() - again_start));

    const auto next_start = Clock::now();
    next_report = runner.run(next_day);
    next.add(milliseconds(Clock::now() - next_start));
    next_ledger.add(timing.phases().ledger_ms);
  }
  std::printf(
      "DueRunner::run: daily pass ran: %s; %d urgent + %d daily items; %zu messages enqueued; "
      "%ld ledger calls (%ld items), %ld enqueue calls; after the next-day run: outbox rows %lld, "
      "ledger rows "
      "%lld\n",
      report.daily_pass_ran ? "yes" : "no", report.urgent_items, report.daily_items,
      report.enqueued.size(), ledger_calls, ledger_items, enqueue_calls,
      static_cast<long long>(count(*database, "outbox")),
      static_cast<long long>(count(*database, "notified_items")));

  std::printf("next working day (%s), ledger kept: %d daily items new, %zu messages enqueued\n",
              caseaudit::format_date(next_report.today).c_str(), next_report.daily_items,
              next_report.enqueued.size());
  std::printf("\n%d runs each, milliseconds\n", runs);
  std::printf("| %-44s | %9s | %-19s |\n", "phase", "median", "range");
  std::printf("|%s|%s|%s|\n", std::string(46, '-').c_str(), std::string(11, '-').c_str(),
              std::string(21, '-').c_str());
  print_row("load_authority (own transaction)", load);
  print_row("load_reminder_authority (own transaction)", load_reminders);
  print_row("due_on over the whole snapshot", rules);
  print_row("due_on over the reminder load", rules_reminders);
  print_row("DueRunner::run, empty ledger (whole)", whole);
  print_row("  of which load_reminder_authority", in_load);
  print_row("  of which record_notified_items", in_ledger);
  print_row("  of which enqueue", in_enqueue);
  print_row("  of which due_on + compose (in process)", in_rest);
  print_row("  of which commit", in_commit);
  print_row("DueRunner::run again, same day", again);
  print_row("DueRunner::run next working day, ledger kept", next);
  print_row("  of which record_notified_items", next_ledger);
  std::printf("peak RSS: %ld MiB after the first load, %ld MiB at the end\n", rss_after_load,
              peak_rss_mib());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows when piped to a file
  const char* env = std::getenv("CASEAUDIT_BENCH_PG_URL");
  // An empty first argument means "use the environment" (run_due_sweep.sh).
  const std::string url = argc > 1 && argv[1][0] != '\0' ? argv[1] : (env != nullptr ? env : "");
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const int actions = argc > 3 ? std::atoi(argv[3]) : 1'000'000;
  if (url.empty() || runs < 1 || actions < 1) {
    std::fprintf(stderr,
                 "usage: bench_due_sweep [POSTGRES_URL] [RUNS] [ACTIONS]  (URL or "
                 "CASEAUDIT_BENCH_PG_URL)\n");
    return 2;
  }
  try {
    return bench(url, runs, actions);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_due_sweep: %s\n", e.what());
    return 1;
  }
}
