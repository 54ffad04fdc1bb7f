#include "notifier/templates.h"

#include <gtest/gtest.h>

#include <fstream>

#include "scheduler/errors.h"
#include "tests/notifier/smtp_sink.h"

namespace caseaudit::notifier {
namespace {

using testing::TempDir;

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(Templates, EveryKindHasABuiltInTemplateThatRendersItsSamples) {
  const TemplateSet set = TemplateSet::defaults();
  ASSERT_EQ(default_templates().size(), all_notification_kinds().size());
  for (NotificationKind kind : all_notification_kinds()) {
    SCOPED_TRACE(std::string(to_string(kind)));
    const TemplateValues values = sample_values(kind);
    const RenderedEmail email = set.render(kind, values);
    EXPECT_FALSE(email.subject.empty());
    EXPECT_EQ(email.subject.find('\n'), std::string::npos);
    EXPECT_NE(email.text_body.find("Dear Sam Taylor"), std::string::npos);
    EXPECT_NE(email.html_body.find("Quality Assurance team"), std::string::npos);
    // Every sample value the kind defines shows up in the text: the
    // templates use the names they promise, and nothing is left behind.
    for (const auto& [name, value] : values.fields) {
      EXPECT_TRUE(email.text_body.find(value) != std::string::npos ||
                  email.subject.find(value) != std::string::npos ||
                  set.render_line(kind, values).find(value) != std::string::npos)
          << name << " = " << value << " not used";
    }
    // Items show in the text: by their case reference, or (the snapshot's
    // measures) by their label.
    for (const auto& item : values.items) {
      const auto shown =
          item.contains("case_reference") ? item.find("case_reference") : item.find("label");
      ASSERT_NE(shown, item.end()) << "an item with neither a case reference nor a label";
      EXPECT_NE(email.text_body.find(shown->second), std::string::npos) << shown->second;
    }
    EXPECT_EQ(email.text_body.find("{{"), std::string::npos);
    const std::string line = set.render_line(kind, values);
    EXPECT_FALSE(line.empty());
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos);
  }
  EXPECT_EQ(parse_notification_kind("concern_category1"), NotificationKind::kConcernCategory1);
  EXPECT_EQ(parse_notification_kind("no_such_kind"), std::nullopt);
}

TEST(Templates, HtmlEscapesValuesButTextAndSubjectDoNot) {
  TemplateValues values = sample_values(NotificationKind::kAuditSubmitted);
  values.fields["auditor_name"] = "O'Neil <Jo> & Co";
  const RenderedEmail email =
      TemplateSet::defaults().render(NotificationKind::kAuditSubmitted, values);
  EXPECT_NE(email.html_body.find("O&#39;Neil &lt;Jo&gt; &amp; Co"), std::string::npos)
      << email.html_body;
  EXPECT_EQ(email.html_body.find("<Jo>"), std::string::npos);
  EXPECT_NE(email.text_body.find("O'Neil <Jo> & Co"), std::string::npos);
}

// An empty field is false to a section: a category 2 concern on a child
// with no open category 1 has no empty paragraph for it, and the link to act
// shows only when there is one.
TEST(Templates, AnEmptyFieldLeavesItsSectionOut) {
  TemplateValues values = sample_values(NotificationKind::kConcernCategory2);
  values.fields["open_category_1"] = "";
  const RenderedEmail plain =
      TemplateSet::defaults().render(NotificationKind::kConcernCategory2, values);
  EXPECT_NE(plain.text_body.find("until it is resolved.\n\nQuality Assurance team"),
            std::string::npos)
      << plain.text_body;
  EXPECT_EQ(plain.html_body.find("<strong></strong>"), std::string::npos) << plain.html_body;
  EXPECT_EQ(plain.text_body.find("resolve the concern:"), std::string::npos);
  values.fields["act_url"] = "https://caseaudit.example/act/act_x";
  const RenderedEmail linked =
      TemplateSet::defaults().render(NotificationKind::kConcernCategory2, values);
  EXPECT_NE(linked.text_body.find("until it is resolved.\n\nRecord the update or resolve the "
                                  "concern: https://caseaudit.example/act/act_x\n\nQuality"),
            std::string::npos)
      << linked.text_body;
}

TEST(Templates, SubjectIsOneLineWhateverTheValues) {
  TemplateValues values = sample_values(NotificationKind::kAuditDueReminder);
  values.fields["case_reference"] = "CR-1\r\nBcc: someone@example.org";
  const RenderedEmail email =
      TemplateSet::defaults().render(NotificationKind::kAuditDueReminder, values);
  EXPECT_EQ(email.subject.find_first_of("\r\n"), std::string::npos);
  EXPECT_EQ(email.subject,
            "Reminder: your audit of CR-1 Bcc: someone@example.org is due on Friday 26 February "
            "2027");
}

TEST(Templates, DigestListsItsSectionsThenHowManyMore) {
  TemplateValues values = sample_values(NotificationKind::kDailyDigest);
  values.sections.push_back({"Fostering 1", {{{"line", "Action overdue: CR-3"}}}});
  const RenderedEmail email =
      TemplateSet::defaults().render(NotificationKind::kDailyDigest, values);
  EXPECT_NE(email.text_body.find("\nYour own work\n- Your March 2027 update"), std::string::npos)
      << email.text_body;
  EXPECT_NE(email.text_body.find("\nFostering 1\n- Action overdue: CR-3\n"), std::string::npos)
      << email.text_body;
  EXPECT_NE(email.text_body.find("(4 working days late) (for Lee Jones, who is away)\n"),
            std::string::npos)
      << email.text_body;
  EXPECT_NE(email.text_body.find("...and 1 more: see https://caseaudit.example.org/console/month."),
            std::string::npos)
      << email.text_body;
  EXPECT_NE(email.html_body.find("<li>Action overdue: CR-3</li>"), std::string::npos)
      << email.html_body;
  EXPECT_EQ(email.subject, "Audit programme: 4 items for you (Monday 1 March 2027)");
  values.fields.erase("more_count");
  EXPECT_EQ(
      TemplateSet::defaults().render(NotificationKind::kDailyDigest, values).text_body.find("more"),
      std::string::npos);
}

TEST(Templates, AnOverrideFolderMayReplaceADigestLine) {
  TempDir dir;
  write(dir.path() / "audit_due_reminder.line.mustache", "Due: {{case_reference}}");
  const TemplateSet set = TemplateSet::load(dir.path());
  EXPECT_EQ(set.render_line(NotificationKind::kAuditDueReminder,
                            sample_values(NotificationKind::kAuditDueReminder)),
            "Due: CR-104233");
  EXPECT_EQ(set.origin(NotificationKind::kAuditDueReminder, "line"),
            (dir.path() / "audit_due_reminder.line.mustache").string());
}

TEST(Templates, OverrideFolderReplacesOnlyTheFilesItHas) {
  TempDir dir;
  write(dir.path() / "audit_due_reminder.subject.mustache", "Nudge: {{case_reference}}");
  write(dir.path() / ".README.swp", "ignored: hidden");
  const TemplateSet set = TemplateSet::load(dir.path());
  const auto values = sample_values(NotificationKind::kAuditDueReminder);
  const RenderedEmail email = set.render(NotificationKind::kAuditDueReminder, values);
  EXPECT_EQ(email.subject, "Nudge: CR-104233");
  EXPECT_EQ(email.text_body,
            TemplateSet::defaults().render(NotificationKind::kAuditDueReminder, values).text_body);
  EXPECT_EQ(set.origin(NotificationKind::kAuditDueReminder, "subject"),
            (dir.path() / "audit_due_reminder.subject.mustache").string());
  EXPECT_EQ(set.origin(NotificationKind::kAuditDueReminder, "html"), "built-in");
}

// render_subject() is the subject of render(), whichever way it gets there:
// substitution for plain subjects, kainjow for the rest.
TEST(Templates, RenderSubjectIsTheSubjectOfRender) {
  TempDir dir;
  write(dir.path() / "audit_due_reminder.subject.mustache",
        "Due {{ due_date }}:\n{{case_reference}} {{no_such_name}}{{!comment}}");
  write(dir.path() / "allocation_notice.subject.mustache",
        "{{#looped}}Looped: {{/looped}}{{month}} {{{case_reference}}} {{&team_name}}");
  write(dir.path() / "action_reminder.subject.mustache", "Action {{case_reference}} {{looped}}");
  write(dir.path() / "late_return_escalation.subject.mustache", "{{month}} has }} in it");
  for (const TemplateSet& set : {TemplateSet::defaults(), TemplateSet::load(dir.path())}) {
    for (NotificationKind kind : all_notification_kinds()) {
      SCOPED_TRACE(std::string(to_string(kind)));
      TemplateValues values = sample_values(kind);
      EXPECT_EQ(set.render_subject(kind, values), set.render(kind, values).subject);
      // Values with markup, braces, line breaks and runs of spaces.
      for (auto& [name, value] : values.fields) value = "  <b>" + value + "</b> {{x}}\n & ";
      values.flags["looped"] = true;
      EXPECT_EQ(set.render_subject(kind, values), set.render(kind, values).subject);
      values.fields.clear();
      EXPECT_EQ(set.render_subject(kind, values), set.render(kind, values).subject);
    }
  }
  EXPECT_EQ(TemplateSet::load(dir.path())
                .render_subject(NotificationKind::kAuditDueReminder,
                                sample_values(NotificationKind::kAuditDueReminder)),
            "Due " + sample_values(NotificationKind::kAuditDueReminder).fields.at("due_date") +
                ": CR-104233");
}

// The file's path must be in the message: it is what the operator fixes.
void expect_load_error(const std::filesystem::path& folder, const std::string& file,
                       const std::string& why) {
  try {
    TemplateSet::load(folder);
    ADD_FAILURE() << "loaded despite " << file;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find((folder / file).string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    EXPECT_EQ(e.field(), "notifier.templates");
  }
}

TEST(Templates, BrokenTemplateIsALoadErrorNamingTheFile) {
  TempDir dir;
  write(dir.path() / "concern_category1.html.mustache", "<p>{{#items}}unclosed</p>");
  expect_load_error(dir.path(), "concern_category1.html.mustache", "Unclosed section");
}

TEST(Templates, UnknownFileIsALoadErrorNamingTheFile) {
  TempDir dir;
  write(dir.path() / "audit_due_remindr.text.mustache", "typo in the kind");
  expect_load_error(dir.path(), "audit_due_remindr.text.mustache", "unexpected file");
  TempDir other;
  write(other.path() / "audit_due_reminder.body.mustache", "no such part");
  expect_load_error(other.path(), "audit_due_reminder.body.mustache", "unexpected file");
}

TEST(Templates, MissingFolderIsALoadError) {
  EXPECT_THROW(TemplateSet::load("/nonexistent/caseaudit/templates"), InputError);
}

}  // namespace
}  // namespace caseaudit::notifier
