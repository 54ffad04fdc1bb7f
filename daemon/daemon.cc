#include "daemon/daemon.h"

#include <date/tz.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <exception>

#include "daemon/allocation_policy.h"
#include "daemon/database_setup.h"
#include "daemon/exit_codes.h"
#include "daemon/logging.h"
#include "daemon/redact.h"
#include "daemon/state_directory.h"
#include "daemon/version.h"

namespace caseaudit::daemon {
namespace {

HttpServerOptions http_options(const HttpConfig& http) {
  return {
      .address = http.address,
      .port = http.port,
      .threads = http.threads,
      .read_timeout_seconds = http.read_timeout_seconds,
      .write_timeout_seconds = http.write_timeout_seconds,
      .keep_alive_timeout_seconds = http.keep_alive_timeout_seconds,
      .tls_certificate = http.tls_certificate,
      .tls_key = http.tls_key,
      .trusted_proxies = http.trusted_proxies,
  };
}

// Sections that only a restart applies, for the reload log.
std::vector<std::string_view> changed_needing_restart(const Config& before, const Config& after) {
  std::vector<std::string_view> changed;
  if (before.database != after.database) changed.push_back("database");
  if (before.http != after.http) changed.push_back("http");
  if (before.sign_in != after.sign_in) changed.push_back("sign_in");
  if (before.state != after.state) changed.push_back("state");
  if (before.time != after.time) changed.push_back("time");
  if (before.mail != after.mail) changed.push_back("mail");
  return changed;
}

}  // namespace

Daemon::Daemon(Config config, std::optional<std::filesystem::path> config_path,
               ConfigEnvironment environment, std::optional<Instant> start_at)
    : config_(std::move(config)),
      config_path_(std::move(config_path)),
      environment_(std::move(environment)),
      start_at_(start_at),
      clock_owner_(start_at ? std::unique_ptr<Clock>(std::make_unique<OffsetClock>(*start_at))
                            : std::unique_ptr<Clock>(std::make_unique<SystemClock>())),
      clock_(*clock_owner_),
      signals_(io_, SIGTERM, SIGINT, SIGHUP),
      watchdog_timer_(io_) {}

Daemon::~Daemon() {
  if (http_) http_->stop();
}

int Daemon::run() {
  start();
  wait_for_signal();
  schedule_watchdog();
  // A handler that throws must not end the daemon: log it and carry on.
  for (;;) {
    try {
      io_.run();
      break;
    } catch (const std::exception& error) {
      spdlog::error("event loop: {}", error.what());
    }
  }
  spdlog::info("stopped");
  return kExitOk;
}

void Daemon::start() {
  spdlog::info("caseaudit {} starting (config: {})", kVersion,
               config_path_ ? config_path_->string() : "defaults");
  if (start_at_) {
    const LocalTime local = to_local(*start_at_, date::locate_zone(config_.time.zone));
    spdlog::warn(
        "CLOCK OVERRIDDEN (serve --now): this daemon's time starts at {}T{:02}:{:02} {} ({}) "
        "and runs on from there, NOT the real time; every job, reminder and email follows it. "
        "For drills and tests only",
        format_date(local.date), local.hour, local.minute, config_.time.zone,
        date::format("%FT%TZ", *start_at_));
  }
  notifier_.status("opening the database");
  ensure_writable_directory(config_.state.directory, "state directory");
  if (config_.mail.transport == MailTransport::kSpool) {
    ensure_writable_directory(config_.mail.spool_directory, "mail spool directory");
  }
  serve_lock_ = SqliteServeLock::acquire(config_, "serve");
  wiring_ = std::make_unique<Wiring>(config_, clock_);
  notifier_.status("applying migrations");

  // Templates are checked here, so a bad one stops the start, not a send.
  // Links in emails name the daemon as people reach it; with port 0 the
  // port is known only once bound (emails are composed after that).
  notifications_ = std::make_unique<Notifications>(
      config_, wiring_->store(), clock_, wiring_->calendar(), [this] { return public_url(); });
  http_ = std::make_unique<HttpServer>(http_options(config_.http));
  // Made before the HTTP threads start, so they never see the pointer change;
  // its jobs are added and started after the bind (a wake before that is
  // handled once the event loop runs).
  jobs_ = std::make_unique<BackgroundJobs>(io_, clock_);
  // Delivery too: an urgent email enqueued by the request itself leaves the
  // reminders job nothing new to wake the delivery with.
  ServiceContext& services = wiring_->services();
  services.wake_reminders = [this] {
    jobs_->run_soon("reminders");
    jobs_->run_soon("delivery");
  };
  services.enqueue_urgent = [this](Transaction& tx, Instant at) {
    return notifications_->urgent_in(tx, at).urgent_items;
  };
  services.enqueue_email = notifications_->person_email_sender();
  api_ = add_routes(*http_, *wiring_, config_, notifications_->templates(),
                    Monitoring{.jobs = jobs_.get(),
                               .delivery = &notifications_->delivery_health(),
                               .notes = &job_notes_});
  http_->bind();
  http_->start();
  spdlog::info("listening on {}", http_->endpoint());
  start_jobs();
  notifier_.ready(fmt::format("serving on {}", http_->endpoint()));
}

std::string Daemon::public_url() const {
  if (!config_.http.public_url.empty() || config_.http.port != 0 || !http_) {
    return public_url_of(config_.http);
  }
  return (http_->tls() ? "https://" : "http://") + http_->endpoint();
}

void Daemon::start_jobs() {
  allocation_job_ =
      std::make_unique<AllocationJob>(wiring_->store(), wiring_->allocation(), wiring_->calendar(),
                                      wiring_->zone(), commit_schedule(config_.allocation));
  allocation_job_->set_preview_templates(notifications_->templates(), config_.notifier.signature);
  allocation_job_->set_notes(&job_notes_);
  jobs_->add({.name = "allocation", .every = std::chrono::minutes(1), .run = [this](Instant now) {
                if (allocation_job_->tick(now).did_something()) {
                  spdlog::info("allocation job: done for {}",
                               Month::of(to_local(now, notifications_->zone()).date).to_string());
                }
              }});
  snapshot_email_job_ = std::make_unique<SnapshotEmailJob>(
      wiring_->store(), wiring_->calendar(), wiring_->zone(), wiring_->allocation().policy(),
      SnapshotEmailSettings{.recipients = config_.reports.snapshot_recipients,
                            .targets = wiring_->services().report_targets,
                            .signature = config_.notifier.signature,
                            .public_url = [this] { return public_url(); }},
      notifications_->templates());
  jobs_->add({.name = "snapshot-email",
              .every = std::chrono::minutes(5),
              .run = [this](Instant now) { snapshot_email_job_->tick(now); }});
  jobs_->add({.name = "reminders",
              .every = std::chrono::seconds(config_.notifier.reminder_interval_seconds),
              .run = [this](Instant now) {
                const auto report = notifications_->run_due(now);
                // Category 1 emails leave now, not at the delivery job's next turn.
                if (report.urgent_items > 0) jobs_->run_soon("delivery");
                if (!report.enqueued.empty()) {
                  spdlog::info("reminders: {} email(s) enqueued for {} urgent and {} daily item(s)",
                               report.enqueued.size(), report.urgent_items, report.daily_items);
                }
              }});
  jobs_->add({.name = "delivery",
              .every = std::chrono::seconds(config_.notifier.delivery_interval_seconds),
              .run = [this](Instant) {
                const auto stats = notifications_->deliver(500);
                if (stats.claimed > 0) {
                  spdlog::info("delivery: {} sent, {} to retry, {} dead", stats.sent, stats.retried,
                               stats.dead);
                }
              }});
  jobs_->start();
}

void Daemon::wait_for_signal() {
  signals_.async_wait([this](const boost::system::error_code& error, int signal) {
    if (error) return;  // cancelled: stopping
    on_signal(signal);
  });
}

void Daemon::on_signal(int signal) {
  if (signal == SIGHUP) {
    reload();
    wait_for_signal();
    return;
  }
  spdlog::info("received {}; stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
  stop();
}

void Daemon::stop() {
  if (stopping_) return;
  stopping_ = true;
  notifier_.stopping("stopping: finishing requests in flight");
  signals_.cancel();
  watchdog_timer_.cancel();
  if (jobs_) jobs_->stop();  // the job in flight finishes first
  // Blocks until requests in flight are answered; nothing else needs the
  // loop once stopping.
  http_->stop();
}

void Daemon::reload() {
  notifier_.reloading();
  try {
    Config fresh = load_config_or_defaults(config_path_, environment_);
    // The running database connections still use the old passwords: keep
    // redacting those as well as the new ones.
    std::vector<std::string> secrets = secrets_of(config_);
    std::vector<std::string> fresh_secrets = secrets_of(fresh);
    secrets.insert(secrets.end(), fresh_secrets.begin(), fresh_secrets.end());
    set_log_secrets(std::move(secrets));
    set_log_level(fresh.log.level);
    std::vector<std::string_view> restart = changed_needing_restart(config_, fresh);
    spdlog::info("SIGHUP: configuration reloaded from {}; log level {}",
                 config_path_ ? config_path_->string() : "defaults", to_string(fresh.log.level));
    if (!restart.empty()) {
      spdlog::warn("SIGHUP: changes to [{}] take effect after a restart",
                   fmt::join(restart, "], ["));
    }
    config_.log = fresh.log;
  } catch (const std::exception& error) {
    spdlog::error("SIGHUP: reload failed, keeping the running configuration: {}", error.what());
  }
  notifier_.ready(fmt::format("serving on {}", http_->endpoint()));
}

void Daemon::schedule_watchdog() {
  if (!watchdog_interval_) {
    watchdog_interval_ = SystemdNotifier::watchdog_interval();
    if (!watchdog_interval_) return;
    spdlog::info(
        "systemd watchdog: pinging every {} ms",
        std::chrono::duration_cast<std::chrono::milliseconds>(*watchdog_interval_).count());
  }
  notifier_.watchdog();
  watchdog_timer_.expires_after(*watchdog_interval_);
  watchdog_timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error && !stopping_) schedule_watchdog();
  });
}

}  // namespace caseaudit::daemon
