#include "daemon/command_line.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "scheduler/calendar.h"

namespace caseaudit::daemon {

CommandLine parse_command_line(int argc, const char* const argv[]) {
  CommandLine line;
  int i = 1;
  for (; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      line.help = true;
    } else if (arg == "--config" || arg == "-c") {
      if (i + 1 >= argc) throw UsageError(fmt::format("{} needs a FILE", arg));
      line.config_path = argv[++i];
    } else if (arg.starts_with("--config=")) {
      line.config_path = std::string(arg.substr(9));
    } else if (arg.starts_with("-")) {
      throw UsageError(fmt::format("unknown option {} (see caseaudit --help)", arg));
    } else {
      break;
    }
  }
  if (line.config_path && line.config_path->empty()) throw UsageError("--config needs a FILE");
  for (; i < argc; ++i) line.words.emplace_back(argv[i]);
  return line;
}

std::optional<std::uint64_t> CommandArgs::take_unsigned(std::string_view name) {
  const std::optional<std::string> text = take_option(name);
  if (!text) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || text->empty()) {
    throw UsageError(fmt::format("{}: {}: \"{}\" is not a whole number", command_, name, *text),
                     std::string(name.substr(name.find_first_not_of('-'))));
  }
  return value;
}

std::optional<std::string> CommandArgs::take_option(std::string_view name) {
  for (auto it = args_.begin(); it != args_.end(); ++it) {
    if (*it == name) {
      if (std::next(it) == args_.end()) {
        throw UsageError(fmt::format("{}: {} needs a value", command_, name));
      }
      std::string value = *std::next(it);
      args_.erase(it, std::next(it, 2));
      return value;
    }
    std::string prefix = fmt::format("{}=", name);
    if (it->starts_with(prefix)) {
      std::string value = it->substr(prefix.size());
      args_.erase(it);
      return value;
    }
  }
  return std::nullopt;
}

bool CommandArgs::take_flag(std::string_view name) {
  auto it = std::find(args_.begin(), args_.end(), name);
  if (it == args_.end()) return false;
  args_.erase(it);
  return true;
}

std::optional<std::string> CommandArgs::take_positional() {
  auto it = std::find_if(args_.begin(), args_.end(),
                         [](const std::string& arg) { return !arg.starts_with("--"); });
  if (it == args_.end()) return std::nullopt;
  std::string value = std::move(*it);
  args_.erase(it);
  return value;
}

void CommandArgs::expect_no_more() const {
  if (!args_.empty()) {
    throw UsageError(fmt::format("{}: unexpected argument {} (see caseaudit {} --help)", command_,
                                 args_.front(), command_));
  }
}

Instant parse_local_instant(const std::string& text, const date::time_zone* zone,
                            std::string_view command, std::string_view option) {
  const bool shaped = text.size() == 16 && text[10] == 'T' && text[13] == ':';
  if (shaped) {
    try {
      const Date day = parse_date(text.substr(0, 10), option);
      const int hour = std::stoi(text.substr(11, 2));
      const int minute = std::stoi(text.substr(14, 2));
      return at_local(day, hour, minute, zone);
    } catch (const std::exception&) {
      // Reported below with the expected form.
    }
  }
  throw UsageError(
      fmt::format("{}: {}: \"{}\" is not a local time as YYYY-MM-DDTHH:MM", command, option, text));
}

}  // namespace caseaudit::daemon
