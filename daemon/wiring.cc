#include "daemon/wiring.h"

#include "daemon/allocation_policy.h"
#include "daemon/database_setup.h"

namespace caseaudit::daemon {
namespace {

std::unique_ptr<db::Database> opened_and_migrated(const Config& config, const Clock& clock) {
  auto database = open_database(config, clock);
  migrate_database(*database);
  return database;
}

// [reports] with the stretch target of [allocation], and only the snapshot
// domains that [audit] domains has (the default list may name others).
ReportTargets report_targets(const Config& config) {
  ReportTargets targets = config.reports.targets;
  targets.stretch_per_team = config.allocation.team_target;
  std::vector<std::string> graded;
  for (const std::string& name : targets.snapshot_domains) {
    if (auto domain = match_audit_domain(config.audit.domains, name)) graded.push_back(*domain);
  }
  targets.snapshot_domains = std::move(graded);
  return targets;
}

}  // namespace

Wiring::Wiring(const Config& config, const Clock& clock)
    : Wiring(config, clock, opened_and_migrated(config, clock)) {}

Wiring::Wiring(const Config& config, const Clock& clock, std::unique_ptr<db::Database> database)
    : database_(std::move(database)),
      calendar_(config.notifier.bank_holidays),
      zone_(date::locate_zone(config.time.zone)),
      allocation_(std::make_unique<AllocationService>(database_->store(), calendar_,
                                                      allocation_policy(config.allocation),
                                                      pairing_policy(config.pairing))),
      services_(std::make_unique<ServiceContext>(ServiceContext{
          .store = database_->store(),
          .clock = clock,
          .calendar = calendar_,
          .zone = zone_,
          .allocation = *allocation_,
          .audit_domains = config.audit.domains,
          .report_targets = report_targets(config),
      })) {}

Wiring::~Wiring() = default;

}  // namespace caseaudit::daemon
