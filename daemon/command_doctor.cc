// caseaudit doctor: runs the checks of daemon/doctor.h and prints each as ok
// or what to do. Exit 0 when every check passes, 1 when one fails, 2 when
// the configuration itself cannot be read (printed as the failing "config"
// check). Secrets never appear: the output goes through the same redaction as
// errors.
#include <fmt/format.h>

#include <exception>
#include <ostream>
#include <sstream>

#include "daemon/commands.h"
#include "daemon/doctor.h"
#include "daemon/exit_codes.h"
#include "daemon/redact.h"

namespace caseaudit::daemon {

int run_doctor(CommandContext& context) {
  context.args().expect_no_more();
  const Config* config = nullptr;
  try {
    config = &context.config();
  } catch (const InputError& error) {
    context.out() << fmt::format("{:<6}config: {}\n{:<6}fix: {}\n", "FAIL", error.what(), "",
                                 "correct the setting it names (caseaudit check-config "
                                 "prints the configuration as read)");
    return kExitUsage;
  }
  std::ostringstream report;
  const bool all_ok = run_doctor(*config, doctor_checks(), report);
  context.out() << redact_secrets(report.str(), secrets_of(*config));
  return all_ok ? kExitOk : kExitFailure;
}

}  // namespace caseaudit::daemon
