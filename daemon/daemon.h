// Daemon: the long-running `caseaudit serve` process.
//
// Start-up, in order, each step refusing to start with one clear error:
// state directory writable, database reachable, migrations applied (schema
// not newer than this binary), HTTP bound. Only then READY=1 is sent.
//
// Then it runs a Boost.Asio event loop on the calling thread until SIGTERM or
// SIGINT: the HTTP server stops accepting, requests in flight finish, then
// run() returns. SIGHUP re-reads the configuration and applies what can change
// without a restart (the log level); a broken file on reload is logged and
// the running configuration kept. With a systemd watchdog armed, WATCHDOG=1 is
// sent from a timer on the event loop, so a wedged loop gets the process
// restarted.
//
// Not thread-safe: construct and run() on one thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <filesystem>
#include <memory>
#include <optional>

#include "daemon/allocation_job.h"
#include "daemon/api/api.h"
#include "daemon/api/resources.h"
#include "daemon/background_jobs.h"
#include "daemon/config.h"
#include "daemon/http_server.h"
#include "daemon/monitoring.h"
#include "daemon/notifications.h"
#include "daemon/snapshot_email_job.h"
#include "daemon/sqlite_serve_lock.h"
#include "daemon/systemd_notify.h"
#include "daemon/web/action_pages.h"
#include "daemon/web/sign_in_pages.h"
#include "daemon/wiring.h"
#include "db/database.h"
#include "scheduler/clock.h"

namespace caseaudit::daemon {

// The admin API and what its handlers hold by reference: both must outlive
// the server's serving.
struct AdminApi {
  std::unique_ptr<api::Api> api;
  std::unique_ptr<api::ApiContext> context;
  std::unique_ptr<web::SignInPages> sign_in;
  std::unique_ptr<web::ActionPages> action_pages;  // /act/{token}: links in emails
};

// Registers every HTTP route of the daemon (routes.cc): the probes and the
// admin API, which it returns. `monitoring`'s objects must outlive the server.
// `templates` word the sign-in email; `config` gives the sign-in settings.
AdminApi add_routes(HttpServer& server, Wiring& wiring, const Config& config,
                    const notifier::TemplateSet& templates, Monitoring monitoring);

class Daemon {
 public:
  // `config_path` is re-read on SIGHUP (nullopt: defaults only).
  // `start_at` (serve --now, for drills and tests): the daemon's clock starts
  // at that instant and advances in real time (OffsetClock) instead of being
  // the system clock; a warning saying so is logged at start.
  Daemon(Config config, std::optional<std::filesystem::path> config_path,
         ConfigEnvironment environment, std::optional<Instant> start_at = std::nullopt);
  ~Daemon();

  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Starts, serves until told to stop, and returns kExitOk. Throws
  // RuntimeFailure / InputError when it cannot start.
  int run();

 private:
  void start();
  void wait_for_signal();
  void on_signal(int signal);
  void stop();
  void reload();
  void schedule_watchdog();
  void start_jobs();
  // The base of the links in emails: [http] public_url, else the bound address.
  std::string public_url() const;

  Config config_;
  std::optional<std::filesystem::path> config_path_;
  ConfigEnvironment environment_;
  std::optional<Instant> start_at_;
  std::unique_ptr<Clock> clock_owner_;
  const Clock& clock_;  // *clock_owner_
  SystemdNotifier notifier_;

  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer watchdog_timer_;
  std::optional<std::chrono::microseconds> watchdog_interval_;

  std::unique_ptr<SqliteServeLock> serve_lock_;  // SQLite only; released last
  std::unique_ptr<Wiring> wiring_;               // the database and the services over it
  JobNotes job_notes_;  // the jobs' notes for /readyz: outlives the routes and the job
  std::unique_ptr<HttpServer> http_;
  AdminApi api_;
  // The periodic work: allocation and rotation, reminders, delivery.
  std::unique_ptr<Notifications> notifications_;
  std::unique_ptr<AllocationJob> allocation_job_;
  std::unique_ptr<SnapshotEmailJob> snapshot_email_job_;
  std::unique_ptr<BackgroundJobs> jobs_;
  bool stopping_ = false;
};

}  // namespace caseaudit::daemon
