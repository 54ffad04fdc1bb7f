// `caseaudit allocate` and `caseaudit pairings rotate`, run as the real binary on a
// SQLite file holding the demo authority.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <regex>

#include "tests/daemon/child_process.h"

namespace caseaudit::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr const char* kDimacsSolver = "/usr/bin/dimacs-solver";

class AllocateCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(config_path()) << "[state]\ndirectory = \"" << (temp_.path() / "state").string()
                                 << "\"\n";
    Result demo = run({"demo-data"});
    ASSERT_EQ(demo.status, 0) << demo.err;
  }
  std::filesystem::path config_path() const { return temp_.path() / "caseaudit.toml"; }

  Result run_program(const std::string& program, std::vector<std::string> args) {
    ChildProcess child(program, args, {}, temp_.path());
    return finish(child, 120s);
  }
  Result run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", config_path().string()});
    return run_program(caseaudit_binary(), std::move(args));
  }
  boost::json::object run_json(std::vector<std::string> args) {
    Result result = run(std::move(args));
    EXPECT_EQ(result.status, 0) << result.err;
    boost::system::error_code error;
    boost::json::value value = boost::json::parse(result.out, error);
    EXPECT_FALSE(error) << result.out;
    return value.is_object() ? value.as_object() : boost::json::object();
  }

  TempDirectory temp_;
};

TEST_F(AllocateCommandTest, DryRunThenCommitThenNothingMore) {
  boost::json::object dry = run_json({"allocate", "--month", "2027-01", "--dry-run", "--json"});
  EXPECT_EQ(dry["dry_run"], true);
  const std::int64_t planned = dry["new_audits"].as_int64();
  ASSERT_GT(planned, 0);
  boost::json::array& audits = dry["audits"].as_array();
  ASSERT_EQ(static_cast<std::int64_t>(audits.size()), planned);
  EXPECT_FALSE(audits[0].as_object()["explanation"].as_string().empty());

  // The dry run wrote nothing: the next look still finds no audits.
  boost::json::object again = run_json({"allocate", "--month", "2027-01", "--dry-run", "--json"});
  EXPECT_EQ(again["already_committed"], 0);
  EXPECT_EQ(again["audits"], dry["audits"]);

  Result commit = run({"allocate", "--month", "2027-01"});
  ASSERT_EQ(commit.status, 0) << commit.err;
  EXPECT_THAT(commit.out, HasSubstr("added " + std::to_string(planned) + " audits"));
  EXPECT_THAT(commit.out, HasSubstr("Teams:"));
  EXPECT_THAT(commit.out, HasSubstr("Moderators (load / capacity this month):"));

  boost::json::object recommit = run_json({"allocate", "--month", "2027-01", "--json"});
  EXPECT_EQ(recommit["added"], 0);
  EXPECT_EQ(recommit["already_committed"], planned);
}

TEST_F(AllocateCommandTest, BadMonthExitsTwoNamingIt) {
  Result result = run({"allocate", "--month", "2027-13"});
  EXPECT_EQ(result.status, 2);
  EXPECT_THAT(result.err, HasSubstr("--month"));
  EXPECT_THAT(result.err, HasSubstr("2027-13"));
  EXPECT_TRUE(result.out.empty()) << result.out;

  Result missing = run({"allocate"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_THAT(missing.err, HasSubstr("--month YYYY-MM is required"));

  Result seed = run({"allocate", "--month", "2027-01", "--seed", "x"});
  EXPECT_EQ(seed.status, 2);
  EXPECT_THAT(seed.err, HasSubstr("--seed"));
}

TEST_F(AllocateCommandTest, BadPinsExitTwoInOneLineAndWriteNothing) {
  Result no_reason = run({"allocate", "--month", "2027-01", "--pin", "a@b.example=CR-1"});
  EXPECT_EQ(no_reason.status, 2);
  EXPECT_THAT(no_reason.err, HasSubstr("--pin needs --reason"));

  Result shape = run({"allocate", "--month", "2027-01", "--pin", "CR-1", "--reason", "r"});
  EXPECT_EQ(shape.status, 2);
  EXPECT_THAT(shape.err, HasSubstr("\"CR-1\" is not AUDITOR_EMAIL=CASE_REFERENCE"));

  Result unknown = run({"allocate", "--month", "2027-01", "--pin", "nobody@council.example=CR-1",
                        "--reason", "complaint"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_THAT(unknown.err, HasSubstr("\"nobody@council.example\""));
  // One line says why (the others are the log's).
  EXPECT_THAT(
      unknown.err,
      HasSubstr("caseaudit: pin: no staff member has the email \"nobody@council.example\"\n"));

  boost::json::object after = run_json({"allocate", "--month", "2027-01", "--dry-run", "--json"});
  EXPECT_EQ(after["already_committed"], 0);
}

TEST_F(AllocateCommandTest, ExportedNetworkHasTheSameOptimumInLemonsSolver) {
  ASSERT_TRUE(std::filesystem::exists(kDimacsSolver))
      << "dimacs-solver (Debian liblemon-utils) is needed for this check";
  std::filesystem::path file = temp_.path() / "january.dimacs";
  boost::json::object dry = run_json(
      {"allocate", "--month", "2027-01", "--dry-run", "--json", "--export-dimacs", file.string()});
  const std::int64_t ours = dry["flow_cost"].as_int64();
  EXPECT_EQ(dry["dimacs"].as_object()["flow_cost"], ours);

  Result lemon = run_program(kDimacsSolver, {"-long", file.string()});
  ASSERT_EQ(lemon.status, 0) << lemon.err;
  std::smatch match;
  static const std::regex kCost(R"(Min flow cost: (-?[0-9]+))");
  // dimacs-solver prints its report on stdout and stderr (by version).
  const std::string report = lemon.out + lemon.err;
  ASSERT_TRUE(std::regex_search(report, match, kCost)) << report;
  EXPECT_EQ(std::stoll(match[1]), ours);
}

TEST_F(AllocateCommandTest, PairingsRotateDryRunAndOnce) {
  Result march = run({"pairings", "rotate", "--period", "2027-03"});
  EXPECT_EQ(march.status, 2);
  EXPECT_THAT(march.err, HasSubstr("2027-03 is not a pairing rotation month"));

  boost::json::object dry =
      run_json({"pairings", "rotate", "--period", "2027-02", "--dry-run", "--json"});
  EXPECT_EQ(dry["dry_run"], true);
  EXPECT_FALSE(dry["pairings"].as_array().empty());

  Result done = run({"pairings", "rotate", "--period", "2027-02"});
  ASSERT_EQ(done.status, 0) << done.err;
  EXPECT_THAT(done.out, HasSubstr("stored"));
  Result again = run({"pairings", "rotate", "--period", "2027-02"});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("already rotated"));
}

}  // namespace
}  // namespace caseaudit::testing
