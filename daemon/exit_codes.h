// The exit statuses of `caseaudit`, as documented in README.md and --help.
// systemd/caseaudit.service does not restart on kExitUsage: a wrong
// configuration does not fix itself.
#pragma once

namespace caseaudit::daemon {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,  // the outside world failed: database, disk, port in use
  kExitUsage = 2,    // bad command line or configuration
  // The SQLite database is held by another `caseaudit serve` (or restore):
  // one serve per SQLite file (daemon/sqlite_serve_lock.h). sysexits
  // EX_TEMPFAIL: it may start once the other has stopped.
  kExitDatabaseInUse = 75,
  kExitSoftware = 70  // a bug in caseaudit (sysexits EX_SOFTWARE)
};

}  // namespace caseaudit::daemon
