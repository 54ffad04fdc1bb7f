// Golden files: every kind of email, rendered by the built-in templates from
// its fixed sample values (sample_values()), compared byte for byte with
// tests/notifier/golden/<kind>.txt (the subject, the digest line and the
// plain-text body) and <kind>.html (the HTML body). A change of wording shows
// up as a diff to review. To accept a change, regenerate them:
//
//   CASEAUDIT_UPDATE_GOLDEN=1 ctest --test-dir build -R GoldenEmails
//
// and commit the files with the change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "notifier/templates.h"

namespace caseaudit::notifier {
namespace {

const std::filesystem::path kGoldenDir =
    std::filesystem::path(CASEAUDIT_NOTIFIER_TEST_DIR) / "golden";

bool updating() {
  const char* update = std::getenv("CASEAUDIT_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void compare(const std::filesystem::path& path, const std::string& rendered) {
  if (updating()) {
    std::ofstream(path, std::ios::binary) << rendered;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << path << " is missing: run with CASEAUDIT_UPDATE_GOLDEN=1 to write it";
  EXPECT_EQ(read(path), rendered) << path
                                  << " differs: review, then CASEAUDIT_UPDATE_GOLDEN=1 to accept";
}

TEST(GoldenEmails, EveryKindRendersAsItsGoldenFiles) {
  const TemplateSet templates = TemplateSet::defaults();
  for (NotificationKind kind : all_notification_kinds()) {
    SCOPED_TRACE(std::string(to_string(kind)));
    const TemplateValues values = sample_values(kind);
    const RenderedEmail email = templates.render(kind, values);
    const std::string name(to_string(kind));
    compare(kGoldenDir / (name + ".txt"),
            "Subject: " + email.subject + "\n" +
                "Digest line: " + templates.render_line(kind, values) + "\n\n" + email.text_body);
    compare(kGoldenDir / (name + ".html"), email.html_body);
  }
}

// Nothing in the folder that no kind renders (a renamed kind's old files).
TEST(GoldenEmails, TheFolderHoldsOnlyTheKindsFiles) {
  std::set<std::string> expected{"README.md"};
  for (NotificationKind kind : all_notification_kinds()) {
    expected.insert(std::string(to_string(kind)) + ".txt");
    expected.insert(std::string(to_string(kind)) + ".html");
  }
  for (const auto& entry : std::filesystem::directory_iterator(kGoldenDir)) {
    EXPECT_TRUE(expected.contains(entry.path().filename().string())) << entry.path();
  }
}

}  // namespace
}  // namespace caseaudit::notifier
