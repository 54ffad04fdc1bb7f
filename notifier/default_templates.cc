// The built-in templates and the sample values that define, per kind, which
// names a template may use. Wording follows the QA teams' own letters: plain,
// short, with the case reference (never a child's name) and the date due.
#include <utility>

#include "notifier/templates.h"

namespace caseaudit::notifier {
namespace {

using Fields = std::map<std::string, std::string>;

// Shared by every HTML part so the parts stay short; mustache has no
// inheritance without partials, and partials would make overrides harder.
#define CASEAUDIT_HTML_HEAD "<!DOCTYPE html><html><body style=\"font-family:sans-serif\">\n"
#define CASEAUDIT_HTML_TAIL "<p>{{signature}}</p>\n</body></html>\n"

}  // namespace

const std::vector<DefaultTemplate>& default_templates() {
  static const std::vector<DefaultTemplate> templates = {
      {NotificationKind::kAllocationNotice,
       "Your case file audit for {{month}}: {{case_reference}}",
       "Dear {{recipient_name}},\n\n"
       "You have been allocated a case file audit for {{month}}.\n\n"
       "Case reference: {{case_reference}}\nTeam: {{team_name}}\nLegal status: {{legal_status}}\n"
       "Due by: {{due_date}}\nModerator: {{moderator_name}}\n"
       "{{#looped}}This is a looped audit: another auditor audits the same record "
       "independently.\n{{/looped}}"
       "\nPlease open the record in the case management system using the reference above.\n\n"
       "{{#act_url}}Record your audit: {{act_url}}\n\n{{/act_url}}"
       "{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n"
       "<p>You have been allocated a case file audit for {{month}}.</p>\n"
       "<table><tr><th align=\"left\">Case reference</th><td>{{case_reference}}</td></tr>\n"
       "<tr><th align=\"left\">Team</th><td>{{team_name}}</td></tr>\n"
       "<tr><th align=\"left\">Legal status</th><td>{{legal_status}}</td></tr>\n"
       "<tr><th align=\"left\">Due by</th><td>{{due_date}}</td></tr>\n"
       "<tr><th align=\"left\">Moderator</th><td>{{moderator_name}}</td></tr></table>\n"
       "{{#looped}}<p>This is a looped audit: another auditor audits the same record "
       "independently.</p>\n{{/looped}}"
       "<p>Please open the record in the case management system using the reference "
       "above.</p>\n"
       "{{#act_url}}<p><a href=\"{{act_url}}\">Record your "
       "audit</a></p>\n{{/act_url}}" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kModeratorAllocationList,
       "Audits for you to moderate in {{month}} ({{count}})",
       "Dear {{recipient_name}},\n\nThese audits are yours to moderate in {{month}}:\n\n"
       "{{#items}}- {{case_reference}} ({{team_name}}), auditor {{auditor_name}}, due "
       "{{due_date}}\n{{#act_url}}  Moderate it once submitted: {{act_url}}\n{{/act_url}}{{/items}}"
       "\n{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>These audits are yours to moderate in "
       "{{month}}:</p>\n<ul>\n"
       "{{#items}}<li>{{case_reference}} ({{team_name}}), auditor {{auditor_name}}, due "
       "{{due_date}}{{#act_url}} <a href=\"{{act_url}}\">Moderate it once "
       "submitted</a>{{/act_url}}</li>\n{{/items}}</ul>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kAuditDueReminder,
       "Reminder: audit {{case_reference}} is due on {{due_date}}",
       "Dear {{recipient_name}},\n\nYour {{month}} audit of {{case_reference}} is due on "
       "{{due_date}} ({{days_left}} days left).\n\n"
       "{{#act_url}}Record your audit: {{act_url}}\n\n{{/act_url}}{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>Your {{month}} audit of "
       "<strong>{{case_reference}}</strong> is due on {{due_date}} ({{days_left}} days "
       "left).</p>\n"
       "{{#act_url}}<p><a href=\"{{act_url}}\">Record your "
       "audit</a></p>\n{{/act_url}}" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kLateReturnEscalation,
       "Late audit: {{auditor_name}}, {{case_reference}} ({{days_late}} days late)",
       "Dear {{recipient_name}},\n\nThe {{month}} audit of {{case_reference}} allocated to "
       "{{auditor_name}} was due on {{due_date}} and is {{days_late}} days late.\n"
       "Please agree a return date with them.\n\n{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>The {{month}} audit of "
       "<strong>{{case_reference}}</strong> allocated to {{auditor_name}} was due on "
       "{{due_date}} and is {{days_late}} days late.</p>\n<p>Please agree a return date with "
       "them.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kAuditSubmitted, "Audit submitted: {{case_reference}} ({{grade}})",
       "Dear {{recipient_name}},\n\n{{auditor_name}} has submitted the {{month}} audit of "
       "{{case_reference}} ({{team_name}}), graded {{grade}}. It now goes to moderation.\n\n"
       "{{#act_url}}Moderate the audit: {{act_url}}\n\n{{/act_url}}"
       "{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>{{auditor_name}} has submitted the {{month}} audit "
       "of <strong>{{case_reference}}</strong> ({{team_name}}), graded {{grade}}. It now goes "
       "to moderation.</p>\n"
       "{{#act_url}}<p><a href=\"{{act_url}}\">Moderate the "
       "audit</a></p>\n{{/act_url}}" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kAuditModerated,
       "Audit moderated: {{case_reference}} ({{moderated_grade}})",
       "Dear {{recipient_name}},\n\n{{moderator_name}} has moderated the {{month}} audit of "
       "{{case_reference}} ({{team_name}}). Auditor's grade: {{grade}}; moderated grade: "
       "{{moderated_grade}}.\n\n{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>{{moderator_name}} has moderated the {{month}} "
       "audit of <strong>{{case_reference}}</strong> ({{team_name}}).</p>\n<p>Auditor's grade: "
       "{{grade}}; moderated grade: {{moderated_grade}}.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kModerationMeetingRequest,
       "Moderation meeting needed: looped audit {{case_reference}}",
       "Dear {{recipient_name}},\n\nThe two looped audits of {{case_reference}} for {{month}} "
       "differ:\n- {{first_auditor}}: {{first_grade}}\n- {{second_auditor}}: {{second_grade}}\n\n"
       "Please arrange a moderation meeting with both auditors and {{moderator_name}}.\n\n"
       "{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>The two looped audits of "
       "<strong>{{case_reference}}</strong> for {{month}} differ:</p>\n<ul><li>{{first_auditor}}: "
       "{{first_grade}}</li>\n<li>{{second_auditor}}: {{second_grade}}</li></ul>\n<p>Please "
       "arrange a moderation meeting with both auditors and "
       "{{moderator_name}}.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kActionReminder, "Audit action due {{due_date}}: {{case_reference}}",
       "Dear {{recipient_name}},\n\nThis action from the audit of {{case_reference}} is due on "
       "{{due_date}}:\n\n  {{action_description}}\n\nPlease record its completion.\n\n"
       "{{#act_url}}Mark it as done: {{act_url}}\n\n{{/act_url}}"
       "{{signature}}\n",
       CASEAUDIT_HTML_HEAD "<p>Dear {{recipient_name}},</p>\n<p>This action from the audit of "
                           "<strong>{{case_reference}}</strong> is due on {{due_date}}:</p>\n"
                           "<blockquote>{{action_description}}</blockquote>\n<p>Please record its "
                           "completion.</p>\n"
                           "{{#act_url}}<p><a href=\"{{act_url}}\">Mark it as "
                           "done</a></p>\n{{/act_url}}" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kActionOverdueEscalation,
       "Overdue audit action: {{case_reference}} ({{days_overdue}} days)",
       "Dear {{recipient_name}},\n\nAn action owned by {{owner_name}} from the audit of "
       "{{case_reference}} was due on {{due_date}} and is {{days_overdue}} days overdue:\n\n"
       "  {{action_description}}\n\n{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>An action owned by {{owner_name}} from the audit "
       "of <strong>{{case_reference}}</strong> was due on {{due_date}} and is {{days_overdue}} "
       "days overdue:</p>\n<blockquote>{{action_description}}</blockquote>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kConcernCategory1,
       "URGENT: category 1 case of concern {{case_reference}}: response needed today",
       "Dear {{recipient_name}},\n\nThe audit of {{case_reference}} ({{team_name}}) by "
       "{{auditor_name}} on {{raised_on}} found the child at immediate risk of significant "
       "harm (category 1 case of concern).\n\nA same-day response from the head of service is "
       "required, with director oversight.\n\n{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p><strong>The audit of {{case_reference}} "
       "({{team_name}}) by {{auditor_name}} on {{raised_on}} found the child at immediate risk "
       "of significant harm (category 1 case of concern).</strong></p>\n<p>A same-day response "
       "from the head of service is required, with director oversight.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kConcernCategory2, "Category 2 case of concern: {{case_reference}}",
       "Dear {{recipient_name}},\n\nThe audit of {{case_reference}} ({{team_name}}) on "
       "{{raised_on}} found that the service offered is not right for the child's needs "
       "(category 2 case of concern).\n\nPlease hold a case planning discussion and update the "
       "QA team every month until it is resolved.\n\n{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>The audit of <strong>{{case_reference}}</strong> "
       "({{team_name}}) on {{raised_on}} found that the service offered is not right for the "
       "child's needs (category 2 case of concern).</p>\n<p>Please hold a case planning "
       "discussion and update the QA team every month until it is "
       "resolved.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kConcernUpdateReminder,
       "Case of concern {{case_reference}}: {{month}} update due",
       "Dear {{recipient_name}},\n\nPlease send the QA team this month's ({{month}}) update on "
       "the case of concern {{case_reference}}, raised on {{raised_on}}.\n\n{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>Please send the QA team this month's ({{month}}) "
       "update on the case of concern <strong>{{case_reference}}</strong>, raised on "
       "{{raised_on}}.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kConcernUpdateOverdue,
       "Overdue update on case of concern {{case_reference}} ({{month}})",
       "Dear {{recipient_name}},\n\nNo {{month}} update has been recorded by "
       "{{head_of_service_name}} on the case of concern {{case_reference}}, raised on "
       "{{raised_on}}.\n\n{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>No {{month}} update has been recorded by "
       "{{head_of_service_name}} on the case of concern <strong>{{case_reference}}</strong>, "
       "raised on {{raised_on}}.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kConcernOverTwelveMonths,
       "Case of concern {{case_reference}} open for {{months_open}} months",
       "Dear {{recipient_name}},\n\nThe case of concern {{case_reference}} was raised on "
       "{{raised_on}} and has been open for {{months_open}} months. Please review what is "
       "needed to resolve it.\n\n{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>The case of concern "
       "<strong>{{case_reference}}</strong> was raised on {{raised_on}} and has been open for "
       "{{months_open}} months. Please review what is needed to resolve "
       "it.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kImpactFollowUp, "Did the audit of {{case_reference}} make a difference?",
       "Dear {{recipient_name}},\n\nSix weeks ago {{case_reference}} ({{team_name}}) was "
       "audited ({{audit_month}}). Please tell the QA team by {{follow_up_due}} whether the "
       "audit made a difference to the child.\n\n{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>Six weeks ago <strong>{{case_reference}}</strong> "
       "({{team_name}}) was audited ({{audit_month}}). Please tell the QA team by "
       "{{follow_up_due}} whether the audit made a difference to the "
       "child.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kDailyDigest, "Audit programme: {{count}} items for you ({{date}})",
       "Dear {{recipient_name}},\n\nYour audit programme items for {{date}}:\n\n"
       "{{#items}}- {{summary}}{{#detail}}: {{detail}}{{/detail}}{{#due_date}} (due {{due_date}})"
       "{{/due_date}}\n"
       "{{#act_url}}  Act on it: {{act_url}}\n{{/act_url}}"
       "{{/items}}\n{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n<p>Your audit programme items for {{date}}:</p>\n<ul>\n"
       "{{#items}}<li>{{summary}}{{#detail}}: {{detail}}{{/detail}}{{#due_date}} (due "
       "{{due_date}}){{/due_date}}{{#act_url}} <a href=\"{{act_url}}\">Act on "
       "it</a>{{/act_url}}</li>\n{{/items}}</ul>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kAllocationPreview,
       "Allocation preview for {{month}}: {{audit_count}} audits to approve",
       "Dear {{recipient_name}},\n\n"
       "This is the proposed case file audit allocation for {{month}}. Nothing has been "
       "committed yet.\n\n"
       "Audits: {{audit_count}} ({{available_auditors}} auditors available)\n"
       "Teams covered ({{team_count}}): {{teams}}\n"
       "{{#has_shortfalls}}\nShortfalls:\n{{shortfalls}}\n{{/has_shortfalls}}"
       "\nTo review it in full: caseaudit allocate --month {{month}} --dry-run\n"
       "To commit it: {{commit_command}}\n"
       "Please commit by {{commit_due}}; the auditors are told once it is committed.\n\n"
       "{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n"
       "<p>This is the proposed case file audit allocation for {{month}}. Nothing has been "
       "committed yet.</p>\n"
       "<table><tr><th align=\"left\">Audits</th><td>{{audit_count}} ({{available_auditors}} "
       "auditors available)</td></tr>\n"
       "<tr><th align=\"left\">Teams covered ({{team_count}})</th><td>{{teams}}</td></tr>"
       "</table>\n"
       "{{#has_shortfalls}}<p>Shortfalls:</p>\n<p "
       "style=\"white-space:pre-line\">{{shortfalls}}</p>\n"
       "{{/has_shortfalls}}"
       "<p>To review it in full: <code>caseaudit allocate --month {{month}} --dry-run</code><br>\n"
       "To commit it: <code>{{commit_command}}</code><br>\n"
       "Please commit by {{commit_due}}; the auditors are told once it is "
       "committed.</p>\n" CASEAUDIT_HTML_TAIL},
      {NotificationKind::kSignInLink, "Your sign-in link for the case file audit console",
       "Dear {{recipient_name}},\n\n"
       "Someone (we hope you) asked to sign in to the case file audit console with this "
       "email address. To sign in, open this link and press \"Sign in\":\n\n"
       "{{link}}\n\n"
       "The link works once and expires in {{minutes}} minutes, at {{expires_at}}.\n"
       "If you did not ask to sign in, you can ignore this email: nobody can sign in "
       "without the link.\n\n"
       "{{signature}}\n",
       CASEAUDIT_HTML_HEAD
       "<p>Dear {{recipient_name}},</p>\n"
       "<p>Someone (we hope you) asked to sign in to the case file audit console with this "
       "email address. To sign in, open this link and press \"Sign in\":</p>\n"
       "<p><a href=\"{{link}}\">{{link}}</a></p>\n"
       "<p>The link works once and expires in {{minutes}} minutes, at {{expires_at}}.</p>\n"
       "<p>If you did not ask to sign in, you can ignore this email: nobody can sign in "
       "without the link.</p>\n" CASEAUDIT_HTML_TAIL},
  };
  return templates;
}

TemplateValues sample_values(NotificationKind kind) {
  TemplateValues v;
  v.fields = {{"recipient_name", "Sam Taylor"}, {"signature", "Quality Assurance team"}};
  const auto add = [&v](Fields more) { v.fields.merge(more); };
  switch (kind) {
    case NotificationKind::kAllocationNotice:
      add({{"month", "2027-02"},
           {"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"legal_status", "child_protection"},
           {"due_date", "2027-02-28"},
           {"moderator_name", "Alex Morgan"}});
      v.flags["looped"] = true;
      break;
    case NotificationKind::kModeratorAllocationList:
      add({{"month", "2027-02"}, {"count", "2"}});
      v.items = {{{"case_reference", "CR-104233"},
                  {"team_name", "Safeguarding East"},
                  {"auditor_name", "Sam Taylor"},
                  {"due_date", "2027-02-28"}},
                 {{"case_reference", "CR-220871"},
                  {"team_name", "Children in Care 2"},
                  {"auditor_name", "Priya Shah"},
                  {"due_date", "2027-02-28"}}};
      break;
    case NotificationKind::kAuditDueReminder:
      add({{"month", "2027-02"},
           {"case_reference", "CR-104233"},
           {"due_date", "2027-02-28"},
           {"days_left", "5"}});
      break;
    case NotificationKind::kLateReturnEscalation:
      add({{"month", "2027-02"},
           {"auditor_name", "Priya Shah"},
           {"case_reference", "CR-220871"},
           {"due_date", "2027-02-28"},
           {"days_late", "4"}});
      break;
    case NotificationKind::kAuditSubmitted:
      add({{"month", "2027-02"},
           {"auditor_name", "Priya Shah"},
           {"case_reference", "CR-220871"},
           {"team_name", "Children in Care 2"},
           {"grade", "good"}});
      break;
    case NotificationKind::kAuditModerated:
      add({{"month", "2027-02"},
           {"moderator_name", "Alex Morgan"},
           {"case_reference", "CR-220871"},
           {"team_name", "Children in Care 2"},
           {"grade", "good"},
           {"moderated_grade", "requires_improvement"}});
      break;
    case NotificationKind::kModerationMeetingRequest:
      add({{"month", "2027-02"},
           {"case_reference", "CR-104233"},
           {"first_auditor", "Sam Taylor"},
           {"first_grade", "good"},
           {"second_auditor", "Priya Shah"},
           {"second_grade", "requires_improvement"},
           {"moderator_name", "Alex Morgan"}});
      break;
    case NotificationKind::kActionReminder:
      add({{"case_reference", "CR-104233"},
           {"due_date", "2027-03-15"},
           {"action_description", "Update the child's plan with the agreed contact arrangements"}});
      break;
    case NotificationKind::kActionOverdueEscalation:
      add({{"owner_name", "Jo Evans"},
           {"case_reference", "CR-104233"},
           {"due_date", "2027-03-15"},
           {"days_overdue", "10"},
           {"action_description", "Update the child's plan with the agreed contact arrangements"}});
      break;
    case NotificationKind::kConcernCategory1:
      add({{"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"auditor_name", "Sam Taylor"},
           {"raised_on", "2027-02-12"}});
      break;
    case NotificationKind::kConcernCategory2:
      add({{"case_reference", "CR-220871"},
           {"team_name", "Children in Care 2"},
           {"raised_on", "2027-02-12"}});
      break;
    case NotificationKind::kConcernUpdateReminder:
      add({{"month", "2027-03"}, {"case_reference", "CR-220871"}, {"raised_on", "2027-02-12"}});
      break;
    case NotificationKind::kConcernUpdateOverdue:
      add({{"month", "2027-03"},
           {"case_reference", "CR-220871"},
           {"raised_on", "2027-02-12"},
           {"head_of_service_name", "Chris Patel"}});
      break;
    case NotificationKind::kConcernOverTwelveMonths:
      add({{"case_reference", "CR-220871"}, {"raised_on", "2026-01-12"}, {"months_open", "13"}});
      break;
    case NotificationKind::kImpactFollowUp:
      add({{"case_reference", "CR-104233"},
           {"team_name", "Safeguarding East"},
           {"audit_month", "2027-02"},
           {"follow_up_due", "2027-04-16"}});
      break;
    case NotificationKind::kDailyDigest:
      add({{"date", "2027-03-01"}, {"count", "2"}});
      v.items = {
          {{"summary", "Audit action due 2027-03-15: CR-104233"},
           {"detail", "Update the child's plan with the agreed contact arrangements"},
           {"case_reference", "CR-104233"},
           {"due_date", "2027-03-15"}},
          {{"summary", "Case of concern update due: CR-220871"}, {"case_reference", "CR-220871"}}};
      break;
    case NotificationKind::kAllocationPreview:
      add({{"month", "2027-02"},
           {"audit_count", "31"},
           {"available_auditors", "31"},
           {"team_count", "2"},
           {"teams", "Children in Care 2, Safeguarding East"},
           {"commit_command", "caseaudit allocate --month 2027-02"},
           {"commit_due", "2027-02-01"},
           {"shortfalls", "- Team Disabled Children has no audit this month."}});
      v.flags["has_shortfalls"] = true;
      break;
    case NotificationKind::kSignInLink:
      add({{"link", "https://caseaudit.example.org/sign-in/confirm?token=sit_EXAMPLE"},
           {"minutes", "15"},
           {"expires_at", "09:15 on 2027-01-11 (Europe/London)"}});
      break;
  }
  return v;
}

}  // namespace caseaudit::notifier
