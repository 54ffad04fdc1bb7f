// The built-in templates and the sample values that define, per kind, which
// names a template may use. Wording follows the QA teams' own letters: plain,
// short, with the case reference (never a child's name), dates as people
// write them ("Friday 26 February 2027"), grades and statuses in words, and
// people by name.
//
// To extend a template (a link, a sentence), add a {{name}} here, give it a
// sample value in sample_values() and a row in docs/notifier.md, and
// regenerate the golden files (tests/notifier/golden/README.md).
#include <utility>

#include "notifier/templates.h"

namespace caseaudit::notifier {
namespace {

using Fields = std::map<std::string, std::string>;

// Shared by every part so the parts stay short; mustache has no inheritance
// without partials, and partials would make overrides harder. The greeting
// says why an email meant for someone away comes to its reader (fields
// away_name and away_reason, set by the reminder rules).
#define CASEAUDIT_TEXT_HEAD                                        \
  "Dear {{recipient_name}},\n\n"                                   \
  "{{#away_name}}This comes to you because {{away_name}} is away " \
  "({{away_reason}}).\n\n{{/away_name}}"
#define CASEAUDIT_TEXT_TAIL "\n{{signature}}\n"
#define CASEAUDIT_HTML_HEAD                                               \
  "<!DOCTYPE html><html><body style=\"font-family:sans-serif\">\n"        \
  "<p>Dear {{recipient_name}},</p>\n"                                     \
  "{{#away_name}}<p><em>This comes to you because {{away_name}} is away " \
  "({{away_reason}}).</em></p>\n{{/away_name}}"
#define CASEAUDIT_HTML_TAIL "<p>{{signature}}</p>\n</body></html>\n"
// The one-click link of an email that asks someone to act (daemon/service/
// action_links.h), when the email has one. The text form goes right after
// the body's last sentence, with no newline before it: mustache drops a line
// holding only a section tag, and with it the blank line before the
// signature.
#define CASEAUDIT_TEXT_ACT(label) "{{#act_url}}\n\n" label ": {{act_url}}{{/act_url}}\n"
#define CASEAUDIT_HTML_ACT(label) \
  "{{#act_url}}<p><a href=\"{{act_url}}\">" label "</a></p>\n{{/act_url}}"
// A row of an HTML table of facts.
#define CASEAUDIT_HTML_ROW(label, value) \
  "<tr><th align=\"left\">" label "</th><td>" value "</td></tr>\n"

}  // namespace

const std::vector<DefaultTemplate>& default_templates() {
  static const std::vector<DefaultTemplate> templates = {
      {NotificationKind::kAllocationNotice,
       "Your case file audit for {{month}}: {{case_reference}}, due {{due_date}}",
       CASEAUDIT_TEXT_HEAD
       "You have been allocated a case file audit for {{month}}.\n\n"
       "Case reference: {{case_reference}}\nTeam: {{team_name}}\nLegal status: {{legal_status}}\n"
       "Due by: {{due_date}}\nModerator: {{moderator_name}}\n"
       "{{#looped}}This is a looped audit: another auditor audits the same record "
       "independently.\n{{/looped}}"
       "\nPlease open the record in the case management system using the reference "
       "above." CASEAUDIT_TEXT_ACT("Record your audit") CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>You have been allocated a case file audit for {{month}}.</p>\n"
       "<table>\n" CASEAUDIT_HTML_ROW("Case reference", "{{case_reference}}") CASEAUDIT_HTML_ROW(
           "Team", "{{team_name}}") CASEAUDIT_HTML_ROW("Legal status", "{{legal_status}}")
           CASEAUDIT_HTML_ROW("Due by", "{{due_date}}") CASEAUDIT_HTML_ROW(
               "Moderator", "{{moderator_name}}") "</table>\n"
                                                  "{{#looped}}<p>This is a looped audit: another "
                                                  "auditor audits the same record "
                                                  "independently.</p>\n{{/looped}}"
                                                  "<p>Please open the record in the case "
                                                  "management system using the reference "
                                                  "above.</p>\n" CASEAUDIT_HTML_ACT(
                                                      "Record your audit") CASEAUDIT_HTML_TAIL,
       "Your audit for {{month}}: {{case_reference}} ({{team_name}}, {{legal_status}}), due "
       "{{due_date}}, moderator {{moderator_name}}{{#looped}} (looped){{/looped}}"},
      {NotificationKind::kModeratorAllocationList,
       "Audits for you to moderate in {{month}} ({{count}})",
       CASEAUDIT_TEXT_HEAD
       "These audits are yours to moderate in {{month}}:\n\n"
       "{{#items}}- {{case_reference}} ({{team_name}}, {{legal_status}}), "
       "auditor {{auditor_name}}, due {{due_date}}{{#act_url}}\n  Moderate it once submitted: "
       "{{act_url}}{{/act_url}}\n{{/items}}\n" CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>These audits are yours to moderate in {{month}}:</p>\n<ul>\n"
       "{{#items}}<li><strong>{{case_reference}}</strong> ({{team_name}}, {{legal_status}}), "
       "auditor {{auditor_name}}, due {{due_date}}{{#act_url}} <a href=\"{{act_url}}\">Moderate it "
       "once submitted</a>{{/act_url}}</li>\n{{/items}}</ul>\n" CASEAUDIT_HTML_TAIL,
       "Audits for you to moderate in {{month}} ({{count}}): {{case_references}}"},
      {NotificationKind::kAuditDueReminder,
       "Reminder: your audit of {{case_reference}} is due on {{due_date}}",
       CASEAUDIT_TEXT_HEAD "Your {{month}} audit of {{case_reference}} ({{team_name}}) is due on "
                           "{{due_date}}: {{days_left}} working days left." CASEAUDIT_TEXT_ACT(
                               "Record your audit") CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD "<p>Your {{month}} audit of <strong>{{case_reference}}</strong> "
                           "({{team_name}}) is due on {{due_date}}: {{days_left}} working days "
                           "left.</p>\n" CASEAUDIT_HTML_ACT("Record your audit")
                               CASEAUDIT_HTML_TAIL,
       "Your audit of {{case_reference}} ({{team_name}}) is due on {{due_date}}: {{days_left}} "
       "working days left"},
      {NotificationKind::kLateReturnEscalation,
       "Late audit: {{auditor_name}}, {{case_reference}} ({{days_late}} working days late)",
       CASEAUDIT_TEXT_HEAD
       "The {{month}} audit of {{case_reference}} ({{team_name}}) allocated "
       "to {{auditor_name}} was due on {{due_date}} and is {{days_late}} "
       "working days late.\nPlease agree a return date with them.\n" CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD "<p>The {{month}} audit of <strong>{{case_reference}}</strong> "
                           "({{team_name}}) allocated to {{auditor_name}} was due on "
                           "{{due_date}} and is {{days_late}} working days late.</p>\n<p>Please "
                           "agree a return date with them.</p>\n" CASEAUDIT_HTML_TAIL,
       "Late audit: {{auditor_name}}'s audit of {{case_reference}} was due on {{due_date}} "
       "({{days_late}} working days late)"},
      {NotificationKind::kAuditSubmitted,
       "Audit submitted{{#resubmitted}} again{{/resubmitted}}: {{case_reference}} ({{grade}})",
       CASEAUDIT_TEXT_HEAD
       "{{^resubmitted}}{{auditor_name}} has submitted the {{month}} audit of "
       "{{case_reference}} ({{team_name}}), graded {{grade}}. It now goes "
       "to {{moderator_name}} for moderation.{{/resubmitted}}"
       "{{#resubmitted}}{{auditor_name}} has recorded again the {{month}} audit of "
       "{{case_reference}} ({{team_name}}) that was sent back, and now grades it {{grade}}.\n"
       "Why it was sent back: {{sent_back_reason}}\n\n"
       "Please moderate it again.{{/resubmitted}}" CASEAUDIT_TEXT_ACT("Moderate the audit")
           CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "{{^resubmitted}}<p>{{auditor_name}} has submitted the {{month}} audit of "
       "<strong>{{case_reference}}</strong> ({{team_name}}), graded "
       "{{grade}}. It now goes to {{moderator_name}} for "
       "moderation.</p>\n{{/resubmitted}}"
       "{{#resubmitted}}<p>{{auditor_name}} has recorded again the {{month}} audit of "
       "<strong>{{case_reference}}</strong> ({{team_name}}) that was sent back, and now grades "
       "it {{grade}}.</p>\n<table>\n"
       CASEAUDIT_HTML_ROW("Why it was sent back", "{{sent_back_reason}}") "</table>\n"
       "<p>Please moderate it again.</p>\n{{/resubmitted}}"
       CASEAUDIT_HTML_ACT("Moderate the audit") CASEAUDIT_HTML_TAIL,
       "{{auditor_name}} submitted the audit of {{case_reference}}{{#resubmitted}} again, after "
       "it was sent back{{/resubmitted}}, graded {{grade}}"},
      {NotificationKind::kAuditModerated,
       "Audit moderated: {{case_reference}} ({{moderated_grade}})",
       CASEAUDIT_TEXT_HEAD
       "{{moderator_name}} has moderated the {{month}} audit of "
       "{{case_reference}} ({{team_name}}) by {{auditor_name}}.\n"
       "Auditor's grade: {{grade}}\nModerated grade: {{moderated_grade}}\n" CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>{{moderator_name}} has moderated the {{month}} audit of "
       "<strong>{{case_reference}}</strong> ({{team_name}}) by "
       "{{auditor_name}}.</p>\n<table>\n" CASEAUDIT_HTML_ROW("Auditor's grade", "{{grade}}")
           CASEAUDIT_HTML_ROW("Moderated grade",
                              "{{moderated_grade}}") "</table>\n" CASEAUDIT_HTML_TAIL,
       "{{moderator_name}} moderated the audit of {{case_reference}} by {{auditor_name}}: "
       "{{grade}}, moderated {{moderated_grade}}"},
      {NotificationKind::kModerationMeetingRequest,
       "Moderation meeting needed: looped audit {{case_reference}}",
       CASEAUDIT_TEXT_HEAD "The two looped audits of {{case_reference}} for {{month}} differ:\n"
                           "- {{first_auditor}}: {{first_grade}}\n- {{second_auditor}}: "
                           "{{second_grade}}\n\nPlease arrange a moderation meeting with both "
                           "auditors and {{moderator_name}}.\n" CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD "<p>The two looped audits of <strong>{{case_reference}}</strong> for "
                           "{{month}} differ:</p>\n<ul><li>{{first_auditor}}: "
                           "{{first_grade}}</li>\n<li>{{second_auditor}}: "
                           "{{second_grade}}</li></ul>\n<p>Please arrange a moderation meeting "
                           "with both auditors and {{moderator_name}}.</p>\n" CASEAUDIT_HTML_TAIL,
       "Moderation meeting needed for the looped audits of {{case_reference}}: "
       "{{first_auditor}} {{first_grade}}, {{second_auditor}} {{second_grade}}"},
      {NotificationKind::kActionReminder, "Audit action due {{due_date}}: {{case_reference}}",
       CASEAUDIT_TEXT_HEAD "This action from the audit of {{case_reference}} ({{team_name}}) is "
                           "due on {{due_date}}:\n\n  {{action_description}}\n\nPlease record its "
                           "completion." CASEAUDIT_TEXT_ACT("Mark it as done") CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD "<p>This action from the audit of <strong>{{case_reference}}</strong> "
                           "({{team_name}}) is due on {{due_date}}:</p>\n"
                           "<blockquote>{{action_description}}</blockquote>\n<p>Please record its "
                           "completion.</p>\n" CASEAUDIT_HTML_ACT("Mark it as done")
                               CASEAUDIT_HTML_TAIL,
       "Action on {{case_reference}} due {{due_date}}: {{action_description}}"},
      {NotificationKind::kActionOverdueEscalation,
       "Overdue audit action: {{case_reference}} ({{days_overdue}} days)",
       CASEAUDIT_TEXT_HEAD
       "{{#to_owner}}Your action{{/to_owner}}{{^to_owner}}An action owned by "
       "{{owner_name}}{{/to_owner}} from the audit of {{case_reference}} ({{team_name}}) was due "
       "on {{due_date}} and is {{days_overdue}} days overdue:\n\n  {{action_description}}\n"
       "\n{{#to_owner}}Please complete it, or record its completion.\n\n{{/to_owner}}"
       "{{signature}}\n",
       CASEAUDIT_HTML_HEAD "<p>{{#to_owner}}Your action{{/to_owner}}{{^to_owner}}An action "
                           "owned by {{owner_name}}{{/to_owner}} from the audit of "
                           "<strong>{{case_reference}}</strong> ({{team_name}}) was due on "
                           "{{due_date}} and is {{days_overdue}} days overdue:</p>\n"
                           "<blockquote>{{action_description}}</blockquote>\n" CASEAUDIT_HTML_TAIL,
       "Overdue action on {{case_reference}}, owned by {{owner_name}}, due {{due_date}} "
       "({{days_overdue}} days overdue): {{action_description}}"},
      {NotificationKind::kConcernCategory1,
       "URGENT: category 1 case of concern {{case_reference}}: response due today, {{respond_by}}",
       CASEAUDIT_TEXT_HEAD
       "The audit of {{case_reference}} ({{team_name}}, {{legal_status}}) by {{auditor_name}} "
       "on {{raised_on}} found the child at immediate risk of significant harm: a category 1 "
       "case of concern.\n\n"
       "Same-day response: {{head_of_service_name}} (head of service), by the end of "
       "{{respond_by}}\nOversight: {{director_name}} (director)\n\n"
       "{{#to_head_of_service}}Please respond today; the director has been told too."
       "{{/to_head_of_service}}"
       "{{^to_head_of_service}}Please make sure the response is made today."
       "{{/to_head_of_service}}" CASEAUDIT_TEXT_ACT("Record the response or resolve the concern")
           CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p><strong>The audit of {{case_reference}} ({{team_name}}, {{legal_status}}) by "
       "{{auditor_name}} on {{raised_on}} found the child at immediate risk of significant "
       "harm: a category 1 case of concern.</strong></p>\n"
       "<table>\n" CASEAUDIT_HTML_ROW(
           "Same-day response",
           "{{head_of_service_name}} (head of service), by the end of {{respond_by}}")
           CASEAUDIT_HTML_ROW(
               "Oversight",
               "{{director_name}} (director)") "</table>\n"
                                               "<p>{{#to_head_of_service}}Please respond today; "
                                               "the director has been told too."
                                               "{{/to_head_of_service}}"
                                               "{{^to_head_of_service}}Please make sure the "
                                               "response is made today."
                                               "{{/to_head_of_service}}</p>\n" CASEAUDIT_HTML_ACT(
                                                   "Record the response or resolve the concern")
                                                   CASEAUDIT_HTML_TAIL,
       "Category 1 case of concern {{case_reference}} ({{team_name}}): response due by the end "
       "of {{respond_by}}"},
      {NotificationKind::kConcernCategory2, "Category 2 case of concern: {{case_reference}}",
       CASEAUDIT_TEXT_HEAD "The audit of {{case_reference}} ({{team_name}}, {{legal_status}}) "
                           "by {{auditor_name}} on {{raised_on}} found that the service offered "
                           "is not right for the child's needs (category 2 case of concern).\n\n"
                           "Please hold a case planning discussion and update the QA team every "
                           "month until it is resolved.{{#open_category_1}}\n\n"
                           "{{open_category_1}}{{/open_category_1}}" CASEAUDIT_TEXT_ACT(
                               "Record the update or resolve the concern") CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD "<p>The audit of <strong>{{case_reference}}</strong> ({{team_name}}, "
                           "{{legal_status}}) by {{auditor_name}} on {{raised_on}} found that "
                           "the service offered is not right for the child's needs (category 2 "
                           "case of concern).</p>\n<p>Please hold a case planning discussion "
                           "and update the QA team every month until it is resolved.</p>\n"
                           "{{#open_category_1}}<p><strong>{{open_category_1}}</strong></p>\n"
                           "{{/open_category_1}}" CASEAUDIT_HTML_ACT(
                               "Record the update or resolve the concern") CASEAUDIT_HTML_TAIL,
       "Category 2 case of concern {{case_reference}}, raised on {{raised_on}}: please hold a "
       "case planning discussion"},
      {NotificationKind::kConcernUpdateReminder,
       "Case of concern {{case_reference}}: {{month}} update due by {{update_due}}",
       CASEAUDIT_TEXT_HEAD "Please send the QA team your {{month}} update on the case of concern "
                           "{{case_reference}} ({{team_name}}), raised on {{raised_on}}, by "
                           "{{update_due}}." CASEAUDIT_TEXT_ACT(
                               "Send the update, or resolve the concern") CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD "<p>Please send the QA team your {{month}} update on the case of "
                           "concern <strong>{{case_reference}}</strong> ({{team_name}}), raised "
                           "on {{raised_on}}, by {{update_due}}.</p>\n" CASEAUDIT_HTML_ACT(
                               "Send the update, or resolve the concern") CASEAUDIT_HTML_TAIL,
       "Your {{month}} update on the case of concern {{case_reference}} is due by "
       "{{update_due}}"},
      {NotificationKind::kConcernUpdateOverdue,
       "Overdue update on case of concern {{case_reference}} ({{month}})",
       CASEAUDIT_TEXT_HEAD "No {{month}} update has been recorded by {{head_of_service_name}} "
                           "(head of service) on the case of concern {{case_reference}} "
                           "({{team_name}}), raised on {{raised_on}}. It was due by "
                           "{{update_due}}.\n" CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD "<p>No {{month}} update has been recorded by {{head_of_service_name}} "
                           "(head of service) on the case of concern "
                           "<strong>{{case_reference}}</strong> ({{team_name}}), raised on "
                           "{{raised_on}}. It was due by {{update_due}}.</p>\n" CASEAUDIT_HTML_TAIL,
       "No {{month}} update from {{head_of_service_name}} on the case of concern "
       "{{case_reference}} (due by {{update_due}})"},
      {NotificationKind::kConcernOverTwelveMonths,
       "Case of concern {{case_reference}} open for {{months_open}} months",
       CASEAUDIT_TEXT_HEAD "The case of concern {{case_reference}} ({{team_name}}) was raised on "
                           "{{raised_on}} and has been open for {{months_open}} months. Please "
                           "review with {{head_of_service_name}} (head of service) what is "
                           "needed to resolve it.\n" CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>The case of concern <strong>{{case_reference}}</strong> "
       "({{team_name}}) was raised on {{raised_on}} and has been open for "
       "{{months_open}} months. Please review with {{head_of_service_name}} "
       "(head of service) what is needed to resolve it.</p>\n" CASEAUDIT_HTML_TAIL,
       "Case of concern {{case_reference}} open for {{months_open}} months, since {{raised_on}}"},
      {NotificationKind::kImpactFollowUp,
       "Did the audit of {{case_reference}} make a difference? Please reply by {{reply_by}}",
       CASEAUDIT_TEXT_HEAD "{{case_reference}} ({{team_name}}) was audited in {{audit_month}}, "
                           "and the audit was moderated on {{moderated_on}}. Please tell the QA "
                           "team by {{reply_by}} whether the audit made a difference to the "
                           "child: yes, partly or no, and what changed." CASEAUDIT_TEXT_ACT(
                               "Answer in one minute") CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD "<p><strong>{{case_reference}}</strong> ({{team_name}}) was audited "
                           "in {{audit_month}}, and the audit was moderated on "
                           "{{moderated_on}}. Please tell the QA team by {{reply_by}} whether "
                           "the audit made a difference to the child: yes, partly or no, and "
                           "what changed.</p>\n" CASEAUDIT_HTML_ACT("Answer in one minute")
                               CASEAUDIT_HTML_TAIL,
       "Did the audit of {{case_reference}} ({{audit_month}}) make a difference? Please reply "
       "by {{reply_by}}"},
      {NotificationKind::kDailyDigest, "Audit programme: {{count}} items for you ({{date}})",
       CASEAUDIT_TEXT_HEAD "Your audit programme items for {{date}}:\n"
                           "{{#sections}}\n"
                           "\n{{heading}}\n"
                           "{{#lines}}\n"
                           "- {{line}}{{#away}} (for {{away}}, who is away){{/away}}"
                           "{{#act_url}}\n  Act on it: {{act_url}}{{/act_url}}\n"
                           "{{/lines}}\n"
                           "{{/sections}}\n"
                           // Tags with text beside them, so that mustache keeps these line breaks.
                           "\n{{#more_count}}...and {{more_count}} more{{#more_url}}: see "
                           "{{more_url}}{{/more_url}}.\n\n{{/more_count}}{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Your audit programme items for {{date}}:</p>\n"
       "{{#sections}}<h2 style=\"font-size:1.1em\">{{heading}}</h2>\n<ul>\n"
       "{{#lines}}<li>{{line}}{{#away}} (for {{away}}, who is "
       "away){{/away}}{{#act_url}} <a href=\"{{act_url}}\">Act on it</a>{{/act_url}}"
       "</li>\n{{/lines}}</ul>\n{{/sections}}"
       "{{#more_count}}<p>...and {{more_count}} more{{#more_url}}: <a "
       "href=\"{{more_url}}\">see them in the console</a>{{/more_url}}.</p>\n"
       "{{/more_count}}" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kAllocationPreview,
       "Allocation preview for {{month}}: {{audit_count}} audits to approve",
       CASEAUDIT_TEXT_HEAD
       "This is the proposed case file audit allocation for {{month}}. Nothing has been "
       "committed yet.\n\n"
       "Audits: {{audit_count}} ({{available_auditors}} auditors available)\n"
       "Teams covered ({{team_count}}): {{teams}}\n"
       "{{#has_shortfalls}}\nShortfalls:\n{{shortfalls}}\n{{/has_shortfalls}}"
       "\nTo review it in full: caseaudit allocate --month {{month_code}} --dry-run\n"
       "To commit it: {{commit_command}}\n"
       "Please commit by {{commit_due}}; the auditors are told once it is "
       "committed.\n" CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>This is the proposed case file audit allocation for {{month}}. Nothing has been "
       "committed yet.</p>\n"
       "<table><tr><th align=\"left\">Audits</th><td>{{audit_count}} ({{available_auditors}} "
       "auditors available)</td></tr>\n"
       "<tr><th align=\"left\">Teams covered ({{team_count}})</th><td>{{teams}}</td></tr>"
       "</table>\n"
       "{{#has_shortfalls}}<p>Shortfalls:</p>\n<p "
       "style=\"white-space:pre-line\">{{shortfalls}}</p>\n"
       "{{/has_shortfalls}}"
       "<p>To review it in full: <code>caseaudit allocate --month {{month_code}} "
       "--dry-run</code><br>\n"
       "To commit it: <code>{{commit_command}}</code><br>\n"
       "Please commit by {{commit_due}}; the auditors are told once it is "
       "committed.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kSignInLink, "Your sign-in link for the case file audit console",
       CASEAUDIT_TEXT_HEAD
       "Someone (we hope you) asked to sign in to the case file audit console with this "
       "email address. To sign in, open this link and press \"Sign in\":\n\n"
       "{{link}}\n\n"
       "The link works once and expires in {{minutes}} minutes, at {{expires_at}}.\n"
       "If you did not ask to sign in, you can ignore this email: nobody can sign in "
       "without the link.\n" CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>Someone (we hope you) asked to sign in to the case file audit console with this "
       "email address. To sign in, open this link and press \"Sign in\":</p>\n"
       "<p><a href=\"{{link}}\">{{link}}</a></p>\n"
       "<p>The link works once and expires in {{minutes}} minutes, at {{expires_at}}.</p>\n"
       "<p>If you did not ask to sign in, you can ignore this email: nobody can sign in "
       "without the link.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kAuditRemovedNotice,
       "{{#withdrawn}}Audit withdrawn{{/withdrawn}}{{^withdrawn}}Audit reassigned{{/withdrawn}}: "
       "{{case_reference}} ({{month}})",
       CASEAUDIT_TEXT_HEAD
       "{{^away_name}}Your{{/away_name}}{{#away_name}}{{away_name}}'s{{/away_name}} {{month}} "
       "audit of {{case_reference}} ({{team_name}}) "
       "{{#withdrawn}}has been withdrawn{{#exemption}} because of an exemption "
       "({{exemption}}){{/exemption}}.{{#new_auditor_name}} {{new_auditor_name}} will audit "
       "the record instead.{{/new_auditor_name}}{{/withdrawn}}"
       "{{^withdrawn}}has been reassigned to {{new_auditor_name}}.{{/withdrawn}}\n\n"
       "{{^away_name}}You no longer need to audit this record, and you will not be chased for "
       "it.{{/away_name}}{{#away_name}}Nobody will chase {{away_name}} for "
       "it.{{/away_name}}\n" CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>{{^away_name}}Your{{/away_name}}{{#away_name}}{{away_name}}'s{{/away_name}} "
       "{{month}} audit of <strong>{{case_reference}}</strong> ({{team_name}}) "
       "{{#withdrawn}}has been withdrawn{{#exemption}} because of an exemption "
       "({{exemption}}){{/exemption}}.{{#new_auditor_name}} {{new_auditor_name}} will audit "
       "the record instead.{{/new_auditor_name}}{{/withdrawn}}"
       "{{^withdrawn}}has been reassigned to {{new_auditor_name}}.{{/withdrawn}}</p>\n"
       "<p>{{^away_name}}You no longer need to audit this record, and you will not be chased "
       "for it.{{/away_name}}{{#away_name}}Nobody will chase {{away_name}} for "
       "it.{{/away_name}}</p>\n" CASEAUDIT_HTML_TAIL,
       "{{#withdrawn}}Your {{month}} audit of {{case_reference}} has been "
       "withdrawn{{/withdrawn}}{{^withdrawn}}Your {{month}} audit of {{case_reference}} has "
       "been reassigned to {{new_auditor_name}}{{/withdrawn}}: you will not be chased for it"},
      {NotificationKind::kClassificationRequest, "Inadequate audit to classify: {{case_reference}}",
       "Dear {{recipient_name}},\n\n"
       "The {{month}} audit of {{case_reference}} ({{team_name}}) by {{auditor_name}} has been "
       "graded Inadequate by {{graded_by}}. An Inadequate audit raises the child as a case of "
       "concern, so it needs classifying:\n"
       "- category 1: the child is at immediate risk of significant harm (same-day response "
       "from the head of service, with director oversight);\n"
       "- category 2: the service offered is not right for the child's needs;\n"
       "- or no concern, with the reason.\n\n"
       "Please agree the classification between the moderator ({{moderator_name}}) and the head "
       "of service and tell the QA team, who record it. Until then the audit stays on the QA "
       "team's list of audits awaiting classification.\n\n"
       "{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n"
       "<p>The {{month}} audit of <strong>{{case_reference}}</strong> ({{team_name}}) by "
       "{{auditor_name}} has been graded <strong>Inadequate</strong> by {{graded_by}}. An "
       "Inadequate audit raises the child as a case of concern, so it needs classifying:</p>\n"
       "<ul><li>category 1: the child is at immediate risk of significant harm (same-day "
       "response from the head of service, with director oversight);</li>\n"
       "<li>category 2: the service offered is not right for the child's needs;</li>\n"
       "<li>or no concern, with the reason.</li></ul>\n"
       "<p>Please agree the classification between the moderator ({{moderator_name}}) and the "
       "head of service and tell the QA team, who record it. Until then the audit stays on the "
       "QA team's list of audits awaiting classification.</p>\n" CASEAUDIT_HTML_TAIL},
      // A table that reads without images: the RAG rating in words on its
      // colour, each measure's figure, target and direction of travel.
      {NotificationKind::kPerformanceSnapshot, "Performance snapshot: {{month}}",
       CASEAUDIT_TEXT_HEAD
       "The performance snapshot for {{month}} is ready: {{rag_summary}}.\n"
       "Month figures are {{month}}'s; quarter figures are {{quarter}} to date "
       "({{quarter_months}}). Counted as at {{as_of}}; frozen when the month closed, so they "
       "will not move.\n\n"
       "{{#items}}"
       "{{label}}\n"
       "  {{rag_words}}. Figure: {{figure}}. Target: {{target}}.\n"
       "  {{direction}}\n\n"
       "{{/items}}"
       "{{#late_returns_note}}Late returns: {{late_returns_note}}.\n\n{{/late_returns_note}}"
       "The snapshot with its chart, to print or save as a PDF for the board papers:\n"
       "{{link}}\n" CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>The performance snapshot for <strong>{{month}}</strong> is ready: "
       "{{rag_summary}}.</p>\n"
       "<p>Month figures are {{month}}'s; quarter figures are {{quarter}} to date "
       "({{quarter_months}}). Counted as at {{as_of}}; frozen when the month closed, so they "
       "will not move.</p>\n"
       "<table cellpadding=\"6\" cellspacing=\"0\" style=\"border-collapse:collapse\">\n"
       "<caption style=\"text-align:left;font-weight:bold;padding:6px 0\">Performance "
       "snapshot, {{month}}</caption>\n"
       "<thead><tr style=\"border-bottom:2px solid #0b0c0c\"><th scope=\"col\" "
       "align=\"left\">RAG</th><th scope=\"col\" align=\"left\">Measure</th><th scope=\"col\" "
       "align=\"right\">Figure</th><th scope=\"col\" align=\"right\">Target</th><th "
       "scope=\"col\" align=\"left\">Direction of travel</th></tr></thead>\n<tbody>\n"
       "{{#items}}<tr style=\"border-bottom:1px solid #b1b4b6\"><td "
       "style=\"background-color:{{rag_background}};color:{{rag_colour}};font-weight:bold;"
       "white-space:nowrap\">{{rag_words}}</td><th scope=\"row\" align=\"left\" "
       "style=\"font-weight:normal\">{{label}}</th><td align=\"right\">{{figure}}</td><td "
       "align=\"right\">{{target}}</td><td>{{direction}}</td></tr>\n{{/items}}"
       "</tbody></table>\n"
       "{{#late_returns_note}}<p style=\"border-left:5px solid #b35a00;padding-left:8px\">"
       "<strong>Late returns:</strong> {{late_returns_note}}.</p>\n{{/late_returns_note}}"
       "<p><a href=\"{{link}}\">Open the snapshot in the console</a>, with its chart, to print "
       "or save as a PDF for the board papers.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kAuditSentBack,
       "Audit sent back to you: {{case_reference}}, please record it again",
       CASEAUDIT_TEXT_HEAD
       "On {{moderated_on}} {{moderator_name}} moderated {{^away_name}}your{{/away_name}}"
       "{{#away_name}}{{away_name}}'s{{/away_name}} {{month}} audit of {{case_reference}} "
       "({{team_name}}) and found it not meeting the standard, so it has been sent back.\n\n"
       "Why it was sent back: {{sent_back_reason}}\n"
       "{{#moderation_comment}}Moderator's comment: {{moderation_comment}}\n"
       "{{/moderation_comment}}"
       "Auditor's grade: {{grade}}\nModerator's grade: {{moderated_grade}}\n\n"
       "Please look at the record again, put right what the moderator asks, and record the "
       "audit again {{#record_by}}by {{record_by}}{{/record_by}}{{^record_by}}as soon as you "
       "can{{/record_by}}. It then goes back to {{moderator_name}} for moderation."
       CASEAUDIT_TEXT_ACT("Record the audit again") CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>On {{moderated_on}} {{moderator_name}} moderated {{^away_name}}your{{/away_name}}"
       "{{#away_name}}{{away_name}}'s{{/away_name}} {{month}} audit of "
       "<strong>{{case_reference}}</strong> ({{team_name}}) and found it not meeting the "
       "standard, so it has been sent back.</p>\n<table>\n"
       CASEAUDIT_HTML_ROW("Why it was sent back", "{{sent_back_reason}}")
       "{{#moderation_comment}}"
       CASEAUDIT_HTML_ROW("Moderator's comment", "{{moderation_comment}}")
       "{{/moderation_comment}}"
       CASEAUDIT_HTML_ROW("Auditor's grade", "{{grade}}")
       CASEAUDIT_HTML_ROW("Moderator's grade", "{{moderated_grade}}") "</table>\n"
       "<p>Please look at the record again, put right what the moderator asks, and record the "
       "audit again {{#record_by}}by {{record_by}}{{/record_by}}{{^record_by}}as soon as you "
       "can{{/record_by}}. It then goes back to {{moderator_name}} for moderation.</p>\n"
       CASEAUDIT_HTML_ACT("Record the audit again") CASEAUDIT_HTML_TAIL,
       "Your audit of {{case_reference}} was sent back by {{moderator_name}} "
       "({{sent_back_reason}}): record it again {{#record_by}}by {{record_by}}{{/record_by}}"
       "{{^record_by}}as soon as you can{{/record_by}}"},
      {NotificationKind::kModerationAssignedNotice,
       "An audit for you to moderate in {{month}}: {{case_reference}}",
       CASEAUDIT_TEXT_HEAD
       "You now moderate the {{month}} audit of {{case_reference}} ({{team_name}}, "
       "{{legal_status}}) by {{auditor_name}}, due {{due_date}}{{#previous_moderator_name}}, "
       "in place of {{previous_moderator_name}}{{/previous_moderator_name}}.\n\n"
       "It comes to you to moderate once {{auditor_name}} has submitted it."
       CASEAUDIT_TEXT_ACT("Moderate it once submitted") CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>You now moderate the {{month}} audit of <strong>{{case_reference}}</strong> "
       "({{team_name}}, {{legal_status}}) by {{auditor_name}}, due "
       "{{due_date}}{{#previous_moderator_name}}, in place of "
       "{{previous_moderator_name}}{{/previous_moderator_name}}.</p>\n"
       "<p>It comes to you to moderate once {{auditor_name}} has submitted it.</p>\n"
       CASEAUDIT_HTML_ACT("Moderate it once submitted") CASEAUDIT_HTML_TAIL,
       "You now moderate the audit of {{case_reference}} ({{team_name}}) by {{auditor_name}}, "
       "due {{due_date}}"},
      {NotificationKind::kModerationRemovedNotice,
       "You no longer moderate the audit of {{case_reference}} ({{month}})",
       CASEAUDIT_TEXT_HEAD
       "The {{month}} audit of {{case_reference}} ({{team_name}}) "
       "{{#withdrawn}}has been withdrawn from {{auditor_name}}{{/withdrawn}}"
       "{{^withdrawn}}has been reassigned{{/withdrawn}}"
       "{{#new_moderator_name}}: {{new_auditor_name}} audits it and {{new_moderator_name}} "
       "moderates it instead{{/new_moderator_name}}.\n\n"
       "You no longer moderate it, and the link you had to moderate it no longer works.\n"
       CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>The {{month}} audit of <strong>{{case_reference}}</strong> ({{team_name}}) "
       "{{#withdrawn}}has been withdrawn from {{auditor_name}}{{/withdrawn}}"
       "{{^withdrawn}}has been reassigned{{/withdrawn}}"
       "{{#new_moderator_name}}: {{new_auditor_name}} audits it and {{new_moderator_name}} "
       "moderates it instead{{/new_moderator_name}}.</p>\n"
       "<p>You no longer moderate it, and the link you had to moderate it no longer works.</p>\n"
       CASEAUDIT_HTML_TAIL,
       "You no longer moderate the {{month}} audit of {{case_reference}}"
       "{{#new_moderator_name}}: {{new_moderator_name}} moderates it instead"
       "{{/new_moderator_name}}"},
      {NotificationKind::kActionUpdateDecision,
       "{{#accepted}}New due date accepted{{/accepted}}{{^accepted}}Proposed due date "
       "declined{{/accepted}}: action on {{case_reference}}, due {{due_date}}",
       CASEAUDIT_TEXT_HEAD
       "On {{decided_on}} {{decided_by}} {{#accepted}}accepted{{/accepted}}"
       "{{^accepted}}declined{{/accepted}} the new due date you proposed for an action from "
       "the {{month}} audit of {{case_reference}} ({{team_name}}).\n\n"
       "Action: {{action_description}}\n"
       "You proposed: {{proposed_due_date}}\n"
       "{{#decline_reason}}Why it was declined: {{decline_reason}}\n{{/decline_reason}}"
       "Due by: {{due_date}}\n\n"
       "{{#accepted}}Its reminders now count to the new date.{{/accepted}}"
       "{{^accepted}}It stays due by the date it had: please complete it by then, or post "
       "another update.{{/accepted}} When it is done, mark it as done so its reminders stop."
       CASEAUDIT_TEXT_ACT("Mark it done or post an update") CASEAUDIT_TEXT_TAIL,
       CASEAUDIT_HTML_HEAD
       "<p>On {{decided_on}} {{decided_by}} {{#accepted}}accepted{{/accepted}}"
       "{{^accepted}}declined{{/accepted}} the new due date you proposed for an action from "
       "the {{month}} audit of <strong>{{case_reference}}</strong> ({{team_name}}).</p>\n"
       "<table>\n" CASEAUDIT_HTML_ROW("Action", "{{action_description}}")
       CASEAUDIT_HTML_ROW("You proposed", "{{proposed_due_date}}")
       "{{#decline_reason}}" CASEAUDIT_HTML_ROW("Why it was declined", "{{decline_reason}}")
       "{{/decline_reason}}" CASEAUDIT_HTML_ROW("Due by", "{{due_date}}") "</table>\n"
       "<p>{{#accepted}}Its reminders now count to the new date.{{/accepted}}"
       "{{^accepted}}It stays due by the date it had: please complete it by then, or post "
       "another update.{{/accepted}} When it is done, mark it as done so its reminders "
       "stop.</p>\n" CASEAUDIT_HTML_ACT("Mark it done or post an update") CASEAUDIT_HTML_TAIL,
       "{{#accepted}}Your new date for the action on {{case_reference}} is accepted: due "
       "{{due_date}}{{/accepted}}{{^accepted}}Your new date for the action on "
       "{{case_reference}} is declined: still due {{due_date}}{{/accepted}}"},
  };
  return templates;
}

TemplateValues sample_values(NotificationKind kind) {
  TemplateValues v;
  v.fields = {{"recipient_name", "Sam Taylor"}, {"signature", "Quality Assurance team"}};
  const auto add = [&v](Fields more) { v.fields.merge(more); };
  switch (kind) {
    case NotificationKind::kAllocationNotice:
      add({{"month", "February 2027"},
           {"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"legal_status", "Child protection"},
           {"due_date", "Friday 26 February 2027"},
           {"moderator_name", "Alex Morgan"}});
      v.flags["looped"] = true;
      break;
    case NotificationKind::kModeratorAllocationList:
      add({{"month", "February 2027"},
           {"count", "2"},
           {"case_references", "CR-104233, CR-220871"}});
      v.items = {{{"case_reference", "CR-104233"},
                  {"team_name", "Safeguarding East"},
                  {"legal_status", "Child protection"},
                  {"auditor_name", "Sam Taylor"},
                  {"due_date", "Friday 26 February 2027"}},
                 {{"case_reference", "CR-220871"},
                  {"team_name", "Children in Care 2"},
                  {"legal_status", "Child in care"},
                  {"auditor_name", "Priya Shah"},
                  {"due_date", "Friday 26 February 2027"}}};
      break;
    case NotificationKind::kAuditDueReminder:
      add({{"month", "February 2027"},
           {"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"due_date", "Friday 26 February 2027"},
           {"days_left", "5"}});
      break;
    case NotificationKind::kLateReturnEscalation:
      add({{"month", "February 2027"},
           {"auditor_name", "Priya Shah"},
           {"case_reference", "CR-220871"},
           {"team_name", "Children in Care 2"},
           {"due_date", "Friday 26 February 2027"},
           {"days_late", "4"},
           {"away_name", "Lee Jones"},
           {"away_reason", "Extended leave or absence"}});
      break;
    case NotificationKind::kAuditSubmitted:
      add({{"month", "February 2027"},
           {"auditor_name", "Priya Shah"},
           {"moderator_name", "Alex Morgan"},
           {"case_reference", "CR-220871"},
           {"team_name", "Children in Care 2"},
           {"grade", "Good"}});
      v.flags["resubmitted"] = false;
      break;
    case NotificationKind::kAuditSentBack:
      add({{"month", "February 2027"},
           {"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"auditor_name", "Sam Taylor"},
           {"moderator_name", "Alex Morgan"},
           {"moderated_on", "Tuesday 16 February 2027"},
           {"sent_back_reason",
            "The plan is graded without its latest review; grade it against the review of 2 "
            "February"},
           {"moderation_comment", "The child's voice is recorded well throughout."},
           {"grade", "Good"},
           {"moderated_grade", "Requires improvement"},
           {"record_by", "Friday 26 February 2027"},
           {"act_url", "https://caseaudit.example.org/act/act_EXAMPLE"}});
      break;
    case NotificationKind::kModerationAssignedNotice:
      add({{"month", "February 2027"},
           {"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"legal_status", "Child protection"},
           {"auditor_name", "Priya Shah"},
           {"due_date", "Friday 26 February 2027"},
           {"previous_moderator_name", "Jordan Lee"},
           {"act_url", "https://caseaudit.example.org/act/act_EXAMPLE"}});
      break;
    case NotificationKind::kActionUpdateDecision:
      add({{"month", "February 2027"},
           {"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"action_description", "Update the child's plan after the review"},
           {"proposed_due_date", "Monday 15 March 2027"},
           {"due_date", "Friday 5 March 2027"},
           {"decided_on", "Tuesday 2 March 2027"},
           {"decided_by", "Jordan Lee"},
           {"decline_reason", "The review is on 4 March; the plan must follow within a day"},
           {"act_url", "https://caseaudit.example.org/act/act_EXAMPLE"}});
      v.flags["accepted"] = false;
      break;
    case NotificationKind::kModerationRemovedNotice:
      add({{"month", "February 2027"},
           {"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"auditor_name", "Sam Taylor"},
           {"new_auditor_name", "Priya Shah"},
           {"new_moderator_name", "Jordan Lee"}});
      v.flags["withdrawn"] = false;
      break;
    case NotificationKind::kAuditModerated:
      add({{"month", "February 2027"},
           {"auditor_name", "Priya Shah"},
           {"moderator_name", "Alex Morgan"},
           {"case_reference", "CR-220871"},
           {"team_name", "Children in Care 2"},
           {"grade", "Good"},
           {"moderated_grade", "Requires improvement"}});
      break;
    case NotificationKind::kModerationMeetingRequest:
      add({{"month", "February 2027"},
           {"case_reference", "CR-104233"},
           {"first_auditor", "Sam Taylor"},
           {"first_grade", "Good"},
           {"second_auditor", "Priya Shah"},
           {"second_grade", "Requires improvement"},
           {"moderator_name", "Alex Morgan"}});
      break;
    case NotificationKind::kActionReminder:
      add({{"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"due_date", "Monday 15 March 2027"},
           {"action_description", "Update the child's plan with the agreed contact arrangements"}});
      break;
    case NotificationKind::kActionOverdueEscalation:
      add({{"owner_name", "Jo Evans"},
           {"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"due_date", "Monday 15 March 2027"},
           {"days_overdue", "10"},
           {"action_description", "Update the child's plan with the agreed contact arrangements"}});
      break;
    case NotificationKind::kConcernCategory1:
      add({{"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"legal_status", "Child protection"},
           {"auditor_name", "Sam Taylor"},
           {"raised_on", "Friday 12 February 2027"},
           {"respond_by", "Friday 12 February 2027"},
           {"head_of_service_name", "Chris Patel"},
           {"director_name", "Dana Okafor"}});
      v.flags["to_head_of_service"] = true;
      break;
    case NotificationKind::kConcernCategory2:
      add({{"case_reference", "CR-220871"},
           {"team_name", "Children in Care 2"},
           {"legal_status", "Child in care"},
           {"auditor_name", "Priya Shah"},
           {"raised_on", "Friday 12 February 2027"},
           {"open_category_1",
            "The child also has an open category 1 case of concern, raised on Wednesday 20 "
            "January 2027."}});
      break;
    case NotificationKind::kConcernUpdateReminder:
      add({{"month", "March 2027"},
           {"case_reference", "CR-220871"},
           {"team_name", "Children in Care 2"},
           {"raised_on", "Friday 12 February 2027"},
           {"update_due", "Wednesday 31 March 2027"}});
      break;
    case NotificationKind::kConcernUpdateOverdue:
      add({{"month", "March 2027"},
           {"case_reference", "CR-220871"},
           {"team_name", "Children in Care 2"},
           {"raised_on", "Friday 12 February 2027"},
           {"update_due", "Wednesday 31 March 2027"},
           {"head_of_service_name", "Chris Patel"}});
      break;
    case NotificationKind::kConcernOverTwelveMonths:
      add({{"case_reference", "CR-220871"},
           {"team_name", "Children in Care 2"},
           {"raised_on", "Monday 12 January 2026"},
           {"months_open", "13"},
           {"head_of_service_name", "Chris Patel"}});
      break;
    case NotificationKind::kImpactFollowUp:
      add({{"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"audit_month", "February 2027"},
           {"moderated_on", "Friday 5 March 2027"},
           {"reply_by", "Wednesday 14 April 2027"}});
      break;
    case NotificationKind::kDailyDigest:
      add({{"date", "Monday 1 March 2027"},
           {"count", "4"},
           {"more_count", "1"},
           {"more_url", "https://caseaudit.example.org/console/month"}});
      v.sections = {{"Your own work",
                     {{{"line",
                        "Your March 2027 update on the case of concern CR-220871 is due by "
                        "Wednesday 31 March 2027"}}}},
                    {"Safeguarding East",
                     {{{"line",
                        "Overdue action on CR-104233, owned by Jo Evans, due Monday 15 March 2027 "
                        "(10 days overdue): Update the child's plan"}},
                      {{"line",
                        "Late audit: Priya Shah's audit of CR-220871 was due on Friday 26 "
                        "February 2027 (4 working days late)"},
                       {"away", "Lee Jones"}}}}};
      break;
    case NotificationKind::kAllocationPreview:
      add({{"month", "February 2027"},
           {"month_code", "2027-02"},
           {"audit_count", "31"},
           {"available_auditors", "31"},
           {"team_count", "2"},
           {"teams", "Children in Care 2, Safeguarding East"},
           {"commit_command", "caseaudit allocate --month 2027-02"},
           {"commit_due", "Monday 1 February 2027"},
           {"shortfalls", "- Team Disabled Children has no audit this month."}});
      v.flags["has_shortfalls"] = true;
      break;
    case NotificationKind::kClassificationRequest:
      add({{"month", "2027-02"},
           {"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"auditor_name", "Priya Shah"},
           {"moderator_name", "Alex Morgan"},
           {"graded_by", "the moderator"}});
      break;
    case NotificationKind::kSignInLink:
      add({{"link", "https://caseaudit.example.org/sign-in/confirm?token=sit_EXAMPLE"},
           {"minutes", "15"},
           {"expires_at", "09:15 on Monday 11 January 2027 (Europe/London)"}});
      break;
    case NotificationKind::kPerformanceSnapshot:
      add({{"month", "June 2022"},
           {"quarter", "Q1 22/23"},
           {"quarter_months", "April 2022 to June 2022"},
           {"as_of", "Thursday 30 June 2022"},
           {"rag_summary", "1 green, 1 amber, 1 red, 1 without a target"},
           {"late_returns_note", "1 late return since the month closed, not in these figures"},
           {"link", "https://caseaudit.example.org/console/snapshot?month=2022-06"}});
      v.items = {
          {{"label", "Audits completed to the accepted standard"},
           {"figure", "35"},
           {"target", "baseline 45, stretch 88"},
           {"rag_words", "Red"},
           {"rag_background", "#d4351c"},
           {"rag_colour", "#ffffff"},
           {"direction", "35: decreased from 44 in May and 40 in April; below baseline (45)"}},
          {{"label", "Rated Good or Outstanding in the current quarter"},
           {"figure", "44%"},
           {"target", "50%"},
           {"rag_words", "Amber"},
           {"rag_background", "#ffdd00"},
           {"rag_colour", "#0b0c0c"},
           {"direction",
            "44%: increased from 38% in Q4 21/22 and 35% in Q3 21/22; below target (50%)"}},
          {{"label", "Rated Inadequate in the current quarter"},
           {"figure", "7%"},
           {"target", "at most 9%"},
           {"rag_words", "Green"},
           {"rag_background", "#00703c"},
           {"rag_colour", "#ffffff"},
           {"direction",
            "7%: decreased from 9% in Q4 21/22 and 11% in Q3 21/22; within target (at most "
            "9%)"}},
          {{"label",
            "Teams with no completed audit this month: Permanence (Hereford Court), "
            "Disabled Children"},
           {"figure", "2"},
           {"target", "none"},
           {"rag_words", "No target"},
           {"rag_background", "#f3f2f1"},
           {"rag_colour", "#0b0c0c"},
           {"direction", "2: decreased from 5 in May and 4 in April"}}};
      break;
    case NotificationKind::kAuditRemovedNotice:
      add({{"month", "February 2027"},
           {"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"new_auditor_name", "Priya Shah"},
           {"exemption", "Extended leave or absence"}});
      v.flags["withdrawn"] = true;
      break;
  }
  return v;
}

}  // namespace caseaudit::notifier
