// The exit statuses of `auditd`, as documented in README.md and --help.
// systemd/auditd.service does not restart on kExitUsage: a wrong
// configuration does not fix itself.
#pragma once

namespace auditd::daemon {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,   // the outside world failed: database, disk, port in use
  kExitUsage = 2,     // bad command line or configuration
  kExitSoftware = 70  // a bug in auditd (sysexits EX_SOFTWARE)
};

}  // namespace auditd::daemon
