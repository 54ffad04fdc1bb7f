// systemd/caseaudit.toml.example and docs/config.md against the settings
// table (daemon/config_settings.h): every setting present, with its default.
//
// The example file is generated from the table. After changing a setting:
//   CASEAUDIT_UPDATE_CONFIG_EXAMPLE=1 build/tests/daemon/config_docs_test
// rewrites it; then give docs/config.md the row this test prints.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "daemon/config.h"
#include "daemon/config_print.h"
#include "daemon/config_settings.h"

namespace caseaudit::daemon {
namespace {

const std::filesystem::path kSource = CASEAUDIT_SOURCE_DIR;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  EXPECT_TRUE(file) << "cannot read " << path;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

Config parse_documented(std::string_view text) {
  ConfigEnvironment env;
  env.state_directory = "/var/lib/caseaudit";
  return parse_config(text, "", env);
}

std::string strip(std::string_view text, std::string_view chars) {
  const auto begin = text.find_first_not_of(chars);
  if (begin == std::string_view::npos) return "";
  return std::string(text.substr(begin, text.find_last_not_of(chars) - begin + 1));
}

TEST(ConfigDocs, ExampleFileIsTheOneGeneratedFromTheTable) {
  const std::filesystem::path path = kSource / "systemd/caseaudit.toml.example";
  const std::string generated = render_example_config();
  if (std::getenv("CASEAUDIT_UPDATE_CONFIG_EXAMPLE") != nullptr) {
    std::ofstream(path, std::ios::binary) << generated;
  }
  EXPECT_EQ(read_file(path), generated)
      << path << " is out of date: run CASEAUDIT_UPDATE_CONFIG_EXAMPLE=1 config_docs_test";
}

// Independently of how it was made: uncommenting every default in the
// example gives the default configuration, and every setting is there.
TEST(ConfigDocs, ExampleFileUncommentedIsTheDefaults) {
  std::istringstream lines(read_file(kSource / "systemd/caseaudit.toml.example"));
  std::string toml;
  std::map<std::string, int> seen;
  std::string section;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("[")) {
      section = strip(line, "[]");
      toml += line + "\n";
    } else if (line.starts_with("#") && line.size() > 1 && line[1] != ' ' && line[1] != '#') {
      const auto equals = line.find(" = ");
      ASSERT_NE(equals, std::string::npos) << line;
      ++seen[section + "." + line.substr(1, equals - 1)];
      if (line.find("  # e.g.") == std::string::npos) toml += line.substr(1) + "\n";
    }
  }
  EXPECT_EQ(parse_documented(toml), documented_defaults());
  for (const Setting& setting : settings()) {
    EXPECT_EQ(seen[setting.name()], 1) << setting.name() << " in the example file";
  }
  EXPECT_EQ(seen.size(), settings().size()) << "the example has a key the table has not";
}

// The settings table of docs/config.md: one row per setting, "| `key` |
// default | notes |", the default as documented_default() says.
TEST(ConfigDocs, DocsListEverySettingWithItsDefault) {
  std::istringstream lines(read_file(kSource / "docs/config.md"));
  std::map<std::string, std::string> rows;
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("| `")) continue;
    std::vector<std::string> cells;
    for (std::size_t at = 1; at < line.size();) {
      const std::size_t bar = line.find(" |", at);
      if (bar == std::string::npos) break;
      cells.push_back(strip(line.substr(at, bar - at), " "));
      at = bar + 2;
    }
    const std::string key = strip(cells.at(0), "`");
    if (key.find('.') == std::string::npos || key.find_first_of(" `") != std::string::npos) {
      continue;  // another table (commands, exit status)
    }
    ASSERT_GE(cells.size(), 2U) << line;
    std::string value = cells[1];
    std::erase(value, '`');
    EXPECT_TRUE(rows.emplace(key, value).second) << key << " twice";
  }
  for (const Setting& setting : settings()) {
    const std::string row = "| `" + setting.name() + "` | `" + documented_default(setting) +
                            "` | " + setting.rule + " |";
    auto found = rows.find(setting.name());
    if (found == rows.end()) {
      ADD_FAILURE() << "docs/config.md has no row for " << setting.name() << ":\n" << row;
      continue;
    }
    EXPECT_EQ(found->second, documented_default(setting))
        << "docs/config.md misstates the default of " << setting.name() << ":\n"
        << row;
    rows.erase(found);
  }
  for (const auto& [key, value] : rows) {
    ADD_FAILURE() << "docs/config.md documents " << key << ", no such setting";
  }
}

// Every ```toml block in docs/config.md is valid and states defaults only.
TEST(ConfigDocs, DocsTomlBlocksStateTheDefaults) {
  std::istringstream lines(read_file(kSource / "docs/config.md"));
  std::optional<std::string> block;
  int blocks = 0;
  for (std::string line; std::getline(lines, line);) {
    if (!block && line == "```toml") {
      block.emplace();
    } else if (block && line == "```") {
      ++blocks;
      EXPECT_EQ(parse_documented(*block), documented_defaults()) << *block;
      block.reset();
    } else if (block) {
      *block += line + "\n";
    }
  }
  EXPECT_GT(blocks, 0);
}

}  // namespace
}  // namespace caseaudit::daemon
