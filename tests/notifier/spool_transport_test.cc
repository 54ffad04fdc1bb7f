// SpoolTransport writes files that Python's email package reads back.
#include "notifier/spool_transport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "notifier/mime_message.h"
#include "tests/notifier/smtp_sink.h"

namespace caseaudit::notifier {
namespace {

using testing::TempDir;

Email sample(const std::string& message_id) {
  Email email;
  email.from = {"Quality Assurance", "qa@council.example"};
  email.to = {{"Siobhán Ó Súilleabháin", "siobhan@council.example"}};
  email.subject = "Prüfung fällig: CR-104233";
  email.text_body = "Grüße!\n.leading dot\n" + std::string(200, 'x') + "\n";
  email.html_body = "<p>Grüße!</p>";
  email.message_id = message_id;
  email.date = std::chrono::sys_days{std::chrono::year{2027} / 2 / 1};
  email.headers = {{"Auto-Submitted", "auto-generated"}};
  return email;
}

std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  return files;
}

TEST(SpoolTransport, WritesParseableEmlFiles) {
  TempDir dir;
  SpoolTransport spool(dir.path() / "spool");
  const Email email = sample("caseaudit.7.abc@council.example");
  const DeliveryResult result = spool.send(email);
  ASSERT_TRUE(result.sent()) << result.detail;

  const auto files = files_in(spool.folder());
  ASSERT_EQ(files.size(), 1u);  // no temporary left behind
  EXPECT_EQ(files[0].filename().string(), spool_file_name(email.message_id));
  EXPECT_TRUE(files[0].filename().string().starts_with("caseaudit.7.abc_council.example-"));

  const auto parsed = testing::parse_eml(files[0]);
  EXPECT_EQ(parsed.at("subject").as_string(), email.subject);
  EXPECT_EQ(parsed.at("to").as_array().at(0).at("name").as_string(), "Siobhán Ó Súilleabháin");
  EXPECT_EQ(parsed.at("message_id").as_string(), "<caseaudit.7.abc@council.example>");
  EXPECT_EQ(parsed.at("date").as_string(), "Mon, 01 Feb 2027 00:00:00 +0000");
  EXPECT_EQ(parsed.at("text").as_string(), email.text_body);
  EXPECT_EQ(parsed.at("html").as_string(), email.html_body);
  EXPECT_EQ(parsed.at("parts"),
            boost::json::parse(R"(["multipart/alternative","text/plain","text/html"])"));
  EXPECT_TRUE(parsed.at("defects").as_array().empty()) << parsed.at("defects");

  std::ifstream in(files[0], std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  EXPECT_EQ(bytes.str(), render_message(email));
}

TEST(SpoolTransport, SameMessageIdReplacesItsFileDifferentIdsNeverCollide) {
  TempDir dir;
  SpoolTransport spool(dir.path());
  ASSERT_TRUE(spool.send(sample("a/b@x.example")).sent());
  ASSERT_TRUE(spool.send(sample("a/b@x.example")).sent());  // a resend
  ASSERT_TRUE(spool.send(sample("a_b@x.example")).sent());  // sanitizes alike
  ASSERT_TRUE(spool.send(sample("../../etc/passwd@x")).sent());
  const auto files = files_in(dir.path());
  EXPECT_EQ(files.size(), 3u);
  for (const auto& file : files) {
    EXPECT_EQ(file.parent_path(), dir.path());
    for (char c : file.filename().string()) {
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')
          << file;
    }
    EXPECT_NE(file.filename().string()[0], '.');
  }
}

TEST(SpoolTransport, UnwritableFolderIsTransient) {
  TempDir dir;
  SpoolTransport spool(dir.path() / "spool");
  // The folder vanishes and a file takes its name: a failure even root gets.
  std::filesystem::remove(dir.path() / "spool");
  std::ofstream(dir.path() / "spool") << "not a folder";
  const DeliveryResult result = spool.send(sample("x@y.example"));
  EXPECT_EQ(result.outcome, DeliveryOutcome::kTransient);
  EXPECT_NE(result.detail.find("Not a directory"), std::string::npos) << result.detail;
}

TEST(SpoolTransport, MalformedEmailIsPermanent) {
  TempDir dir;
  SpoolTransport spool(dir.path());
  Email email = sample("x@y.example");
  email.to.clear();
  EXPECT_EQ(spool.send(email).outcome, DeliveryOutcome::kPermanent);
  EXPECT_TRUE(files_in(dir.path()).empty());
}

}  // namespace
}  // namespace caseaudit::notifier
