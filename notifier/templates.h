// Templates: the subject, plain text and HTML of every kind of notification,
// and the one line that stands for it in a daily digest, written in mustache
// (kainjow). Built-in defaults cover every kind; a site may override any of
// them from a folder (config "notifier.templates").
//
// Override folder naming: one file per (kind, part),
//     <kind>.subject.mustache   <kind>.text.mustache   <kind>.html.mustache
//     <kind>.line.mustache      (plain text, one line; default: the subject)
// where <kind> is to_string(NotificationKind) ("allocation_notice"). A file
// replaces that one part only; files whose names start with '.' are ignored;
// any other file is an error, so a typo is caught rather than silently unused.
//
// Escaping: HTML parts escape {{values}} (so a name like "O'Neil <Jo>" cannot
// break the markup); subject and text parts are rendered without escaping.
// Subjects are collapsed to one line (a line break in a value must never
// become a new header).
//
// Values are case references and staff names: the model holds no child's
// name, and no template should ask for one.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caseaudit::notifier {

enum class NotificationKind {
  kAllocationNotice,          // to an auditor: your audit this month
  kModeratorAllocationList,   // to a moderator: the audits you will moderate
  kAuditDueReminder,          // to an auditor: due soon
  kLateReturnEscalation,      // to the auditor's manager: past due
  kAuditSubmitted,            // to worker, managers, IRO: audit submitted
  kAuditModerated,            // to the same: audit moderated
  kModerationMeetingRequest,  // looped audit with differing grades
  kActionReminder,            // to an action's owner: due soon
  kActionOverdueEscalation,   // to the owner's manager: overdue
  kConcernCategory1,          // urgent: immediate risk; same-day response
  kConcernCategory2,          // service not right for the child's needs
  kConcernUpdateReminder,     // head of service: monthly update due
  kConcernUpdateOverdue,      // to the director: update missed
  kConcernOverTwelveMonths,   // open more than 12 months
  kImpactFollowUp,            // six weeks on: did it make a difference?
  kDailyDigest,               // several items for one person, merged
  kAllocationPreview,         // to the QA team: next month's allocation, to approve
  kSignInLink,                // to a person who asked: their single-use sign-in link
  kAuditRemovedNotice,        // to an auditor taken off an audit (withdrawn, reassigned)
  kClassificationRequest,     // moderator, head of service: classify an Inadequate audit
  kPerformanceSnapshot,       // to leaders: the closed month's performance snapshot
  kAuditSentBack,             // to an auditor: the moderation sent the audit back; record it again
  kModerationAssignedNotice,  // to a moderator given an audit after their month's list went
  kModerationRemovedNotice,   // to a moderator who no longer moderates an audit
  kActionUpdateDecision,      // to an action's owner: their proposed due date accepted or declined
};

std::string_view to_string(NotificationKind kind);
std::optional<NotificationKind> parse_notification_kind(std::string_view text);
const std::vector<NotificationKind>& all_notification_kinds();

// What a template may refer to. Every kind can use {{recipient_name}} and
// {{signature}}; the other names per kind are listed by sample_values()
// (docs/notifier.md shows them). Lists render with {{#items}}...{{/items}};
// flags switch sections ({{#looped}}...{{/looped}}), and so does a field:
// an empty one is false ({{#open_category_1}}...{{/open_category_1}}).
// A digest's sections ({{#sections}}{{heading}}{{#lines}}...{{/lines}}{{/sections}}).
struct TemplateSection {
  std::string heading;
  std::vector<std::map<std::string, std::string>> lines;
};

struct TemplateValues {
  std::map<std::string, std::string> fields;
  std::map<std::string, bool> flags;
  std::vector<std::map<std::string, std::string>> items;
  std::vector<TemplateSection> sections;
};

// A complete set of example values for `kind`: the contract of which names
// the default templates use. load() renders every template with it.
TemplateValues sample_values(NotificationKind kind);

struct RenderedEmail {
  std::string subject;
  std::string text_body;
  std::string html_body;
};

// Each template is parsed once, when the set is built (defaults() / load()),
// and the parsed form is reused by every render. kainjow's render() is not
// const (it records errors in the template object), so renders of one set
// (and of its copies, which share the parsed templates) take an internal
// mutex: render() and render_subject() are thread-safe, one at a time.
// Otherwise immutable after construction; copies are cheap.
class TemplateSet {
 public:
  // The built-in templates.
  static TemplateSet defaults();

  // The defaults, overridden by the files in `folder` (see the naming above).
  // Everything is checked here, eagerly, so a bad template stops start-up
  // instead of failing a send at 9 am: throws InputError (field
  // "notifier.templates") naming the file, for an unreadable file, a file
  // that is not <known kind>.<subject|text|html>.mustache, a mustache syntax
  // error, or a template that fails to render its kind's sample values.
  static TemplateSet load(const std::filesystem::path& folder);

  // Throws RuntimeFailure naming the kind if rendering fails (which load()
  // makes unlikely: only for values shaped unlike the samples).
  RenderedEmail render(NotificationKind kind, const TemplateValues& values) const;
  // render(kind, values).subject, rendering the subject part only. A subject
  // of plain text and {{name}} variables (every built-in one) is rendered by
  // substitution without kainjow or the lock; the output is the same.
  std::string render_subject(NotificationKind kind, const TemplateValues& values) const;
  // The digest line of `kind` (its line part, folded to one line). Thread-safe.
  std::string render_line(NotificationKind kind, const TemplateValues& values) const;

  // Where each part comes from: "built-in" or the override file's path.
  std::string origin(NotificationKind kind, std::string_view part) const;

 private:
  struct Source {
    std::string text;
    std::string origin;
  };
  struct Parts {
    Source subject, text, html, line;
  };
  // The parsed templates, built from parts_ by compile().
  struct Compiled;
  void compile();

  std::map<NotificationKind, Parts> parts_;
  std::shared_ptr<Compiled> compiled_;
};

// The built-in sources, for TemplateSet::defaults() and the docs.
struct DefaultTemplate {
  NotificationKind kind;
  const char* subject;
  const char* text;
  const char* html;
  const char* line = nullptr;  // nullptr: the subject stands for it in a digest
};
const std::vector<DefaultTemplate>& default_templates();

}  // namespace caseaudit::notifier
