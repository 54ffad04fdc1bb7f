// caseaudit check-config: validates the configuration and prints it. Reading
// the file (daemon/config.h) already refuses every value serve would refuse;
// what needs more than the value, the template overrides in the folder that
// notifier.templates names, is checked here the same way serve checks it at
// start, so that a file check-config accepts never stops serve for a setting.
#include <fmt/format.h>

#include <ostream>

#include "daemon/commands.h"
#include "daemon/config_print.h"
#include "daemon/exit_codes.h"
#include "notifier/templates.h"

namespace caseaudit::daemon {
namespace {

// Throws ConfigError naming notifier.templates when serve could not load them.
void check_templates(const Config& config) {
  if (config.notifier.templates.empty()) return;
  try {
    notifier::TemplateSet::load(config.notifier.templates);
  } catch (const InputError& error) {
    throw ConfigError(
        fmt::format("config {}: notifier.templates: {}", config.source.string(), error.what()),
        "notifier.templates");
  }
}

}  // namespace

int run_check_config(CommandContext& context) {
  context.args().expect_no_more();
  check_templates(context.config());
  context.out() << render_config(context.config());
  return kExitOk;
}

}  // namespace caseaudit::daemon
