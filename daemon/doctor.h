// doctor: the checks `caseaudit doctor` runs against a configuration, each
// named, each answering ok (with what it saw) or a problem with what to do.
// Nothing is changed and no mail is sent: the database is opened but not
// migrated, the relay gets EHLO (and STARTTLS, AUTH) only, the state
// directory a file created and removed.
//
// Adding a check is one entry in doctor_checks() (doctor.cc).
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "daemon/config.h"
#include "daemon/network_allowlist.h"

namespace caseaudit::daemon {

struct CheckResult {
  bool ok = false;
  std::string detail;  // what was seen ("schema version 12 of 12"), or what is wrong
  std::string fix;     // when !ok: what to do
};

struct DoctorCheck {
  std::string name;  // "database"
  // Never throws: a failure is a CheckResult.
  std::function<CheckResult(const Config& config)> run;
};

// Every check, in the order they run and print.
const std::vector<DoctorCheck>& doctor_checks();

// The "unit network" check over the unit files in `unit_directories`
// (caseaudit.service and caseaudit.service.d/*.conf in each, as systemd reads
// them): ok when no unit is installed there or when its IPAddressAllow=
// lines allow every configured host (network_allowlist.h), else a problem
// naming the missing addresses with the `caseaudit unit-network` step.
// `resolve` stands in for DNS in tests.
CheckResult check_unit_network(const Config& config,
                               const std::vector<std::filesystem::path>& unit_directories,
                               const HostResolver& resolve = resolve_host);

// Runs `checks`, printing one line per check to `out`: "ok    NAME: DETAIL" or
// "FAIL  NAME: DETAIL" followed by "      fix: FIX". Returns true when all passed.
bool run_doctor(const Config& config, const std::vector<DoctorCheck>& checks, std::ostream& out);

}  // namespace caseaudit::daemon
