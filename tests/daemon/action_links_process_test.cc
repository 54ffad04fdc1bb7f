// Links in emails with the real binary and the mail spool: the allocation
// notice's link opens the auditor's own record page (GET, HEAD and a
// scanner's prefetch use nothing up), a refused POST shows the rule beside
// the field and records nothing, the POST records once as that person, a
// second POST says by whom and when; the next day's "submitted" notice
// takes the moderator to their moderation page; a moderation that sends it
// back emails the auditor a link to record it again, and the moderator is
// told of the new submission with a new link; an expired link is refused;
// and no token ever reaches the log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <soci/soci.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

#include "tests/daemon/child_process.h"

namespace caseaudit::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

constexpr const char* kBinary = CASEAUDIT_BINARY;
const std::string kForm = "application/x-www-form-urlencoded";

// One spooled email, quoted-printable undone.
struct Email {
  std::string to;  // the address
  std::string text;
};

class ActionLinksProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_ = temp_.path() / "state";
    std::ofstream(temp_.path() / "caseaudit.toml")
        << "[http]\nport = 0\n[log]\nlevel = \"debug\"\n"
           "[notifier]\ndelivery_interval_seconds = 1\n[state]\ndirectory = \""
        << state_.string() << "\"\n";
  }

  std::unique_ptr<ChildProcess> start(std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", (temp_.path() / "caseaudit.toml").string()});
    return std::make_unique<ChildProcess>(kBinary, args, std::map<std::string, std::string>{},
                                          temp_.path());
  }
  int run(std::vector<std::string> args) {
    auto child = start(std::move(args));
    std::optional<int> status = child->wait(120s);
    EXPECT_TRUE(status) << "did not exit";
    return status.value_or(-1);
  }
  // Serves from `now` until listening; the port of this serve.
  std::unique_ptr<ChildProcess> serve_at(const std::string& now) {
    auto child = start({"serve", "--now", now});
    static const std::regex kListening(R"(listening on 127\.0\.0\.1:([0-9]+))");
    port_ = 0;
    for (int i = 0; i < 600 && port_ == 0; ++i) {
      std::this_thread::sleep_for(100ms);
      std::smatch match;
      const std::string text = child->stderr_text();
      if (std::regex_search(text, match, kListening)) port_ = std::stoi(match[1]);
    }
    return child;
  }
  void stop(ChildProcess& child) {
    child.signal(SIGTERM);
    ASSERT_TRUE(child.wait(60s));
    log_ += child.stderr_text();
  }

  std::string query_text(const std::string& sql) {
    soci::session session("sqlite3", "db=" + (state_ / "caseaudit.db").string());
    std::string value;
    session << sql, soci::into(value);
    return value;
  }
  long long query_count(const std::string& sql) {
    soci::session session("sqlite3", "db=" + (state_ / "caseaudit.db").string());
    long long n = 0;
    session << sql, soci::into(n);
    return n;
  }

  std::vector<Email> spooled() const {
    std::vector<Email> emails;
    const auto spool = state_ / "spool";
    if (!std::filesystem::exists(spool)) return emails;
    static const std::regex kTo(R"(\nTo: [^\r\n]*<([^>\r\n]+)>)");
    for (const auto& entry : std::filesystem::directory_iterator(spool)) {
      if (entry.path().extension() != ".eml") continue;
      std::ifstream file(entry.path());
      std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
      text = std::regex_replace(text, std::regex("=\r?\n"), "");
      text = std::regex_replace(text, std::regex("=3D"), "=");
      std::smatch match;
      Email email{.text = text};
      if (std::regex_search(text, match, kTo)) email.to = match[1];
      emails.push_back(std::move(email));
    }
    return emails;
  }
  // Waits until an email matches `pattern` (its first group is returned
  // with the email): at most a minute.
  std::optional<std::pair<Email, std::string>> wait_for_email(const std::regex& pattern,
                                                              const std::string& not_to = {}) {
    for (int i = 0; i < 600; ++i) {
      for (const Email& email : spooled()) {
        std::smatch match;
        if (email.to != not_to && std::regex_search(email.text, match, pattern)) {
          return std::make_pair(email, std::string(match[1]));
        }
      }
      std::this_thread::sleep_for(100ms);
    }
    return std::nullopt;
  }

  // Every spooled email that names `text`, for a failure's message.
  std::string emails_naming(const std::string& text) const {
    std::string out;
    for (const Email& email : spooled()) {
      if (email.text.find(text) != std::string::npos)
        out += "\n---- to " + email.to + "\n" + email.text;
    }
    return out.empty() ? "\nno spooled email names " + text : out;
  }

  httplib::Client client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(2s);
    client.set_read_timeout(20s);
    return client;
  }
  std::string audit_status(const std::string& case_reference) {
    return query_text(
        "SELECT a.status FROM audits a JOIN children c ON c.id = a.child_id WHERE "
        "c.case_reference = '" +
        case_reference + "' AND a.month = '2027-01' AND a.status <> 'withdrawn'");
  }
  static std::string grades(const std::string& domain_grade, const std::string& overall) {
    std::string body;
    for (int i = 0; i < 7; ++i) body += "domain_" + std::to_string(i) + "=" + domain_grade + "&";
    return body + "overall_grade=" + overall + "&justification=" + kAnswers;
  }
  // Who took part, as the record form sends it.
  static constexpr const char* kAnswers =
      "&participation_child_seen=yes&participation_family=no&participation_worker=yes"
      "&participation_team_manager=yes&participation_iro=not_applicable"
      "&family_feedback=attempted";

  TempDirectory temp_;
  std::filesystem::path state_;
  int port_ = 0;
  std::string log_;
};

// "Case reference: REF" of an allocation notice with a moderator, and its link.
const std::regex kNoticeLink(
    R"(Case reference: ([A-Za-z0-9-]+)\r?\n(?:[^\r\n]*\r?\n){2}Due by: [^\r\n]*\r?\nModerator: (?!an external)[^\r\n]*\r?\n[\s\S]*?Record your audit: http://127\.0\.0\.1:[0-9]+/act/(act_[A-Za-z0-9_-]{43}))");

TEST_F(ActionLinksProcessTest, EachEmailsLinkActsOnceAsItsPersonAndTheModeratorIsToldNext) {
  ASSERT_EQ(run({"demo-data", "--month", "2027-01"}), 0);
  // Monday 4 January 2027, 10:00: the allocation commits and its notices go.
  auto serving = serve_at("2027-01-04T10:00");
  ASSERT_GT(port_, 0) << serving->stderr_text();
  std::optional<std::pair<Email, std::string>> first;
  std::string reference;
  for (int i = 0; i < 600 && !first; ++i) {
    for (const Email& email : spooled()) {
      std::smatch notice;
      if (std::regex_search(email.text, notice, kNoticeLink)) {
        reference = notice[1];
        first = std::make_pair(email, std::string(notice[2]));
        break;
      }
    }
    if (!first) std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(first) << serving->stderr_text();
  const std::string auditor_email = first->first.to;
  const std::string token = first->second;
  const std::string page = "/act/" + token;
  // Another auditor's notice, for the "right page for that person only".
  const std::regex kAnyLink(
      R"(Case reference: ([A-Za-z0-9-]+)[\s\S]*?Record your audit: http://[^/]+/act/(act_[A-Za-z0-9_-]{43}))");
  // The spool fills one email at a time: wait for two more auditors' notices.
  std::vector<std::pair<std::string, std::string>> other_links;  // (reference, token)
  for (int i = 0; i < 600 && other_links.size() < 2; ++i) {
    other_links.clear();
    for (const Email& email : spooled()) {
      std::smatch match;
      if (email.to != auditor_email && std::regex_search(email.text, match, kAnyLink) &&
          other_links.size() < 2) {
        other_links.emplace_back(match[1], match[2]);
      }
    }
    if (other_links.size() < 2) std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(other_links.size(), 2u);
  const auto [other_reference, other_token] = other_links[0];
  const auto [revoked_reference, revoked_token] = other_links[1];

  // A scanner's prefetch, a HEAD and the person's own look: nothing used up.
  for (int i = 0; i < 2; ++i) {
    auto opened = client().Get(page.c_str());
    ASSERT_TRUE(opened);
    ASSERT_EQ(opened->status, 200) << opened->body;
    EXPECT_THAT(opened->body, HasSubstr("Record your audit"));
    EXPECT_THAT(opened->body, HasSubstr(reference));
    EXPECT_THAT(opened->body, Not(HasSubstr(other_reference)));
    EXPECT_THAT(opened->body, HasSubstr("Seeing and hearing the child"));
    EXPECT_THAT(opened->body, HasSubstr("at most one grade above the lowest domain grade"));
    EXPECT_THAT(opened->body, HasSubstr("name=\"viewport\""));
    EXPECT_EQ(opened->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_THAT(opened->get_header_value("Content-Security-Policy"),
                HasSubstr("script-src 'self'"));
  }
  EXPECT_EQ(client().Head(page.c_str())->status, 200);
  auto others = client().Get(("/act/" + other_token).c_str());
  ASSERT_TRUE(others);
  EXPECT_THAT(others->body, HasSubstr(other_reference));
  EXPECT_THAT(others->body, Not(HasSubstr(reference)));
  EXPECT_EQ(query_count("SELECT count(*) FROM action_links WHERE used_at IS NOT NULL"), 0);
  EXPECT_EQ(audit_status(reference), "allocated");

  // The grading rule refused, in words beside the field, what was typed kept.
  const long long changes = query_count("SELECT count(*) FROM change_log");
  auto refused = client().Post(page.c_str(), grades("inadequate", "outstanding"), kForm.c_str());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 422);
  EXPECT_THAT(refused->body, HasSubstr("overall_grade-error"));
  EXPECT_THAT(refused->body, HasSubstr("may be at most one grade above the lowest domain grade"));
  EXPECT_THAT(refused->body, HasSubstr("value=\"outstanding\" selected"));
  EXPECT_EQ(query_count("SELECT count(*) FROM change_log"), changes);
  EXPECT_EQ(query_count("SELECT count(*) FROM action_links WHERE used_at IS NOT NULL"), 0);

  // The return requires who took part: each question unanswered says so.
  std::string unanswered;
  for (int i = 0; i < 7; ++i) unanswered += "domain_" + std::to_string(i) + "=good&";
  auto no_answers = client().Post(page.c_str(), unanswered + "overall_grade=good", kForm.c_str());
  ASSERT_TRUE(no_answers);
  EXPECT_EQ(no_answers->status, 422);
  EXPECT_THAT(no_answers->body, HasSubstr("participation_child_seen-error"));
  EXPECT_THAT(no_answers->body, HasSubstr("Answer the question: Was the IRO consulted?"));
  EXPECT_THAT(no_answers->body, HasSubstr("family_feedback-error"));
  EXPECT_THAT(no_answers->body, HasSubstr("value=\"good\" selected"));
  // An action the service refuses is named on its own block, what was typed kept.
  const std::string actions =
      "&action_0_description=Update+the+plan+with+the+school%27s+view&action_0_due_date=2027-02-26"
      "&action_0_care_planning=yes"
      "&action_1_description=Record+the+sibling%27s+view&action_1_due_date=2027-02-12"
      "&action_2_description=Review+the+contact+arrangements&action_2_due_date=2027-03-31";
  const std::string early =
      "&action_1_description=Record+the+sibling%27s+view&action_1_due_date=2026-12-01";
  auto early_action = client().Post(page.c_str(), grades("good", "good") + early, kForm.c_str());
  ASSERT_TRUE(early_action);
  EXPECT_EQ(early_action->status, 422);
  EXPECT_THAT(early_action->body, HasSubstr("action_1_due_date-error"));
  EXPECT_THAT(early_action->body, HasSubstr("is before the audit&apos;s month 2027-01"));
  EXPECT_THAT(early_action->body, HasSubstr("Record the sibling&apos;s view"));
  EXPECT_THAT(early_action->body, HasSubstr("value=\"not_applicable\" checked"));
  // Without JavaScript, "Add another action" shows a fourth block and records nothing.
  auto more = client().Post(page.c_str(), grades("good", "good") + actions + "&add_action=yes",
                            kForm.c_str());
  ASSERT_TRUE(more);
  EXPECT_EQ(more->status, 200);
  EXPECT_THAT(more->body, HasSubstr("Action 4"));
  EXPECT_THAT(more->body, HasSubstr("Review the contact arrangements"));
  EXPECT_EQ(query_count("SELECT count(*) FROM change_log"), changes);
  EXPECT_EQ(query_count("SELECT count(*) FROM action_links WHERE used_at IS NOT NULL"), 0);

  auto recorded = client().Post(page.c_str(), grades("good", "good") + actions, kForm.c_str());
  ASSERT_TRUE(recorded);
  EXPECT_EQ(recorded->status, 200) << recorded->body;
  EXPECT_THAT(recorded->body, HasSubstr("submitted"));
  EXPECT_EQ(audit_status(reference), "submitted");
  EXPECT_EQ(query_text("SELECT actor FROM change_log WHERE action = 'audit.submit'"),
            "person:" + auditor_email);
  const std::string audit_where =
      " FROM audits a JOIN children c ON c.id = a.child_id WHERE c.case_reference = '" + reference +
      "' AND a.month = '2027-01' AND a.status = 'submitted'";
  EXPECT_EQ(query_text("SELECT a.participation_family || ' ' || a.family_feedback" + audit_where),
            "no attempted");
  EXPECT_EQ(
      query_count("SELECT count(*) FROM actions WHERE audit_id = (SELECT a.id" + audit_where + ")"),
      3);
  EXPECT_EQ(query_count("SELECT count(*) FROM actions WHERE care_planning = 1 AND audit_id = "
                        "(SELECT a.id" +
                        audit_where + ")"),
            1);
  EXPECT_EQ(query_count("SELECT count(*) FROM change_log WHERE action = 'action.create' AND "
                        "actor = 'person:" +
                        auditor_email + "'"),
            3);
  auto again = client().Post(page.c_str(), grades("good", "good"), kForm.c_str());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  const std::string auditor_name =
      query_text("SELECT name FROM staff WHERE email = '" + auditor_email + "'");
  EXPECT_THAT(again->body, HasSubstr("recorded by " + auditor_name + " on Monday 4 January 2027"));
  EXPECT_EQ(query_count("SELECT count(*) FROM change_log WHERE action = 'audit.submit'"), 1);
  EXPECT_EQ(client().Get(("/act/act_" + std::string(43, 'x')).c_str())->status, 404);

  // A coordinator withdraws a link: it answers 410 and acts on nothing.
  const std::string revoked_audit = query_text(
      "SELECT CAST(a.id AS TEXT) FROM audits a JOIN children c ON c.id = a.child_id WHERE "
      "c.case_reference = '" +
      revoked_reference + "' AND a.month = '2027-01' AND a.status = 'allocated'");
  EXPECT_EQ(run({"links", "revoke", "--audit", revoked_audit, "--concern", "1"}), 2);
  EXPECT_EQ(run({"links", "revoke", "--concern", "999999"}), 0);
  ASSERT_EQ(run({"links", "revoke", "--audit", revoked_audit}), 0);
  auto withdrawn = client().Get(("/act/" + revoked_token).c_str());
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(withdrawn->status, 410);
  EXPECT_THAT(withdrawn->body, HasSubstr("withdrawn"));
  EXPECT_EQ(client()
                .Post(("/act/" + revoked_token).c_str(), grades("good", "good"), kForm.c_str())
                ->status,
            410);
  EXPECT_EQ(audit_status(revoked_reference), "allocated");
  stop(*serving);

  // The next day the moderator is told, with a link to moderate it: in an
  // email of its own, or as a line of the daily digest when that moderator has
  // other items that day (which, depends on the demo's draw).
  auto next_day = serve_at("2027-01-05T10:00");
  ASSERT_GT(port_, 0);
  const std::regex kSubmitted(
      "(?:Subject: Audit submitted: " + reference +
      "[\\s\\S]*?Moderate the audit: |\\n- [^\\n]* submitted the audit of " + reference +
      "[^\\n]*\\r?\\n  Act on it: )" + R"(http://[^/]+/act/(act_[A-Za-z0-9_-]{43}))");
  const auto told = wait_for_email(kSubmitted);
  ASSERT_TRUE(told) << next_day->stderr_text() << emails_naming(reference);
  const std::string moderator_email = told->first.to;
  EXPECT_NE(moderator_email, auditor_email);
  const std::string moderation = "/act/" + told->second;
  auto form = client().Get(moderation.c_str());
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_THAT(form->body, HasSubstr("Moderate the audit"));
  EXPECT_THAT(form->body, HasSubstr("The auditor graded it Good"));
  EXPECT_THAT(form->body, HasSubstr("Required when the audit is not meeting the standard"));
  // Not meeting the standard without a reason: refused beside the field, what was typed kept.
  const long long before_moderation = query_count("SELECT count(*) FROM change_log");
  auto no_reason = client().Post(
      moderation.c_str(),
      "moderated_grade=requires_improvement&outcome=not_meeting_standard&comment=Close+to+it",
      kForm.c_str());
  ASSERT_TRUE(no_reason);
  EXPECT_EQ(no_reason->status, 422);
  EXPECT_THAT(no_reason->body, HasSubstr("sent_back_reason-error"));
  EXPECT_THAT(no_reason->body, HasSubstr("sent back to its auditor with the reason"));
  EXPECT_THAT(no_reason->body, HasSubstr("Close to it"));
  EXPECT_EQ(query_count("SELECT count(*) FROM change_log"), before_moderation);
  auto moderated = client().Post(
      moderation.c_str(),
      "moderated_grade=requires_improvement&outcome=not_meeting_standard&comment=Close+to+it"
      "&sent_back_reason=Grade+the+plan+against+its+review",
      kForm.c_str());
  ASSERT_TRUE(moderated);
  EXPECT_EQ(moderated->status, 200) << moderated->body;
  EXPECT_EQ(audit_status(reference), "allocated");  // sent back to the auditor
  EXPECT_EQ(query_text("SELECT actor FROM change_log WHERE action = 'audit.send_back'"),
            "person:" + moderator_email);
  EXPECT_EQ(query_text("SELECT a.sent_back_reason || ' / ' || a.moderation_comment FROM audits a "
                       "JOIN children c ON c.id = a.child_id WHERE c.case_reference = '" +
                       reference + "' AND a.month = '2027-01' AND a.status = 'allocated'"),
            "Grade the plan against its review / Close to it");
  // The auditor's used link says so; it can do nothing more.
  EXPECT_EQ(client().Post(page.c_str(), grades("good", "good"), kForm.c_str())->status, 409);

  stop(*next_day);

  // The next day the auditor is told why it was sent back, with a link to
  // record it again; the page shows the reason beside the form.
  auto sent_back_day = serve_at("2027-01-06T10:00");
  ASSERT_GT(port_, 0);
  const std::regex kSentBack(
      "(?:Subject: Audit sent back to you: " + reference +
      "[\\s\\S]*?Why it was sent back: Grade the plan against its review[\\s\\S]*?Record the audit "
      "again: |\\n- Your audit of " +
      reference + " was sent back [^\\n]*\\r?\\n  Act on it: )" +
      R"(http://[^/]+/act/(act_[A-Za-z0-9_-]{43}))");
  const auto sent_back = wait_for_email(kSentBack);
  ASSERT_TRUE(sent_back) << sent_back_day->stderr_text() << emails_naming(reference);
  EXPECT_EQ(sent_back->first.to, auditor_email);
  const std::string record_again = "/act/" + sent_back->second;
  auto again_form = client().Get(record_again.c_str());
  ASSERT_TRUE(again_form);
  EXPECT_EQ(again_form->status, 200);
  EXPECT_THAT(again_form->body, HasSubstr("Record your audit"));
  EXPECT_THAT(again_form->body, HasSubstr("Grade the plan against its review"));
  auto recorded_again = client().Post(record_again.c_str(), grades("good", "good"), kForm.c_str());
  ASSERT_TRUE(recorded_again);
  EXPECT_EQ(recorded_again->status, 200) << recorded_again->body;
  EXPECT_EQ(audit_status(reference), "submitted");
  EXPECT_EQ(query_count("SELECT count(*) FROM change_log WHERE action = 'audit.submit' AND "
                        "actor = 'person:" +
                        auditor_email + "'"),
            2);
  stop(*sent_back_day);

  // The day after, the moderator is told again that it is submitted, with a
  // new link to moderate it; moderated to standard, six weeks on its impact
  // follow-up goes out (below, in March).
  auto resubmitted_day = serve_at("2027-01-07T10:00");
  ASSERT_GT(port_, 0);
  const std::regex kResubmitted(
      "(?:Subject: Audit submitted again: " + reference +
      "[\\s\\S]*?Moderate the audit: |\\n- [^\\n]* submitted the audit of " + reference +
      " again[^\\n]*\\r?\\n  Act on it: )" + R"(http://[^/]+/act/(act_[A-Za-z0-9_-]{43}))");
  const auto told_again = wait_for_email(kResubmitted);
  ASSERT_TRUE(told_again) << resubmitted_day->stderr_text() << emails_naming(reference);
  EXPECT_EQ(told_again->first.to, moderator_email);
  EXPECT_NE(told_again->second, told->second);
  auto to_standard =
      client().Post(("/act/" + told_again->second).c_str(),
                    "moderated_grade=good&outcome=completed_to_standard", kForm.c_str());
  ASSERT_TRUE(to_standard);
  EXPECT_EQ(to_standard->status, 200) << to_standard->body;
  EXPECT_EQ(audit_status(reference), "moderated");
  EXPECT_EQ(query_text("SELECT actor FROM change_log WHERE action = 'audit.moderate'"),
            "person:" + moderator_email);
  stop(*resubmitted_day);

  // In March the other auditor's unused January link has expired.
  auto march = serve_at("2027-03-01T10:00");
  ASSERT_GT(port_, 0);
  auto expired = client().Get(("/act/" + other_token).c_str());
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 410);
  EXPECT_THAT(expired->body, HasSubstr("expired"));
  EXPECT_EQ(
      client().Post(("/act/" + other_token).c_str(), grades("good", "good"), kForm.c_str())->status,
      410);
  EXPECT_EQ(audit_status(other_reference), "allocated");

  // Six weeks after the moderation the auditor and the team manager are each
  // asked whether the audit made a difference, with a link to answer.
  const std::regex kImpact(
      "(?:Subject: Did the audit of " + reference +
      " make a difference[\\s\\S]*?Answer in one minute: |\\n- Did the audit of " + reference +
      " [^\\n]*\\r?\\n  Act on it: )" + R"(http://[^/]+/act/(act_[A-Za-z0-9_-]{43}))");
  const auto asked = wait_for_email(kImpact);
  ASSERT_TRUE(asked) << march->stderr_text();
  const std::string impact_page = "/act/" + asked->second;
  auto question = client().Get(impact_page.c_str());
  ASSERT_TRUE(question);
  EXPECT_EQ(question->status, 200);
  EXPECT_THAT(question->body, HasSubstr("Did the audit make a difference?"));
  EXPECT_THAT(question->body, HasSubstr(reference));
  EXPECT_EQ(query_count("SELECT count(*) FROM impact_responses"), 0);
  auto unsaid = client().Post(impact_page.c_str(), "answer=yes&what_changed=", kForm.c_str());
  ASSERT_TRUE(unsaid);
  EXPECT_EQ(unsaid->status, 422);
  EXPECT_THAT(unsaid->body, HasSubstr("what_changed-error"));
  EXPECT_THAT(unsaid->body, HasSubstr("value=\"yes\" checked"));
  EXPECT_EQ(query_count("SELECT count(*) FROM impact_responses"), 0);
  auto answered = client().Post(impact_page.c_str(), "answer=partly&what_changed=A+referral+made",
                                kForm.c_str());
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 200) << answered->body;
  EXPECT_EQ(query_text("SELECT answer || ':' || what_changed FROM impact_responses"),
            "partly:A referral made");
  EXPECT_EQ(query_text("SELECT actor FROM change_log WHERE action = 'audit.impact_response'"),
            "person:" + asked->first.to);
  EXPECT_EQ(client().Post(impact_page.c_str(), "answer=no", kForm.c_str())->status, 409);
  stop(*march);

  // Every request is in the debug log, never a link's token.
  EXPECT_THAT(log_, HasSubstr("/act/{token}"));
  EXPECT_THAT(log_, Not(HasSubstr(token)));
  EXPECT_THAT(log_, Not(HasSubstr(other_token)));
  EXPECT_THAT(log_, Not(HasSubstr(told->second)));
  EXPECT_THAT(log_, Not(HasSubstr(revoked_token)));
  EXPECT_THAT(log_, Not(HasSubstr(asked->second)));
  EXPECT_THAT(log_, Not(HasSubstr(sent_back->second)));
  EXPECT_THAT(log_, Not(HasSubstr(told_again->second)));
}

}  // namespace
}  // namespace caseaudit::testing
