#include "daemon/web/action_pages.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <kainjow/mustache.hpp>
#include <map>

#include "daemon/web/form_page.h"
#include "daemon/web/page_words.h"
#include "scheduler/calendar.h"
#include "scheduler/errors.h"
#include "scheduler/words.h"

namespace caseaudit::daemon::web {
namespace mustache = kainjow::mustache;

namespace {

constexpr const char* kRoute = "/act/{token}";
constexpr const char* kGradeRule =
    "The overall grade may be at most one grade above the lowest domain grade, unless you "
    "give a justification.";

// The error summary at the top of a refused form: each error links to its field.
constexpr std::string_view kErrorSummary =
    R"html({{#errors}}<div class="error-summary" role="alert" tabindex="-1">
<h2 class="error-summary__title">There is a problem</h2>
<ul class="list">
{{#list}}<li><a href="#{{field}}">{{message}}</a></li>
{{/list}}</ul>
</div>
{{/errors}})html";

constexpr std::string_view kCaseSummary = R"html(<dl class="summary-list">
<dt>Case reference</dt><dd>{{case_reference}}</dd>
<dt>Team</dt><dd>{{team_name}}</dd>
<dt>Legal status</dt><dd>{{legal_status}}</dd>
{{#rows}}<dt>{{label}}</dt><dd>{{value}}</dd>
{{/rows}}</dl>
)html";

// A <select> of the four grades; {{id}}, {{name}}, {{options}}, {{error}}, {{hint}}.
constexpr std::string_view kGradeSelect =
    R"html(<div class="form-group{{#error}} form-group--error{{/error}}">
<label class="label" for="{{id}}">{{label}}</label>
{{#hint}}<p class="hint" id="{{id}}-hint">{{hint}}</p>
{{/hint}}{{#error}}<p class="error-message" id="{{id}}-error"><span class="visually-hidden">Error:</span> {{error}}</p>
{{/error}}<select class="select{{#error}} select--error{{/error}}" id="{{id}}" name="{{name}}"{{#describedby}} aria-describedby="{{describedby}}"{{/describedby}}>
{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>
{{/options}}</select>
</div>
)html";

constexpr std::string_view kRecordForm =
    R"html(<p class="body">Open the record in the case management system with the case reference, then give your grades here.</p>
<form method="post" action="/act/{{token}}" novalidate>
<fieldset class="fieldset" id="domains" aria-describedby="domains-hint{{#domains_error}} domains-error{{/domains_error}}">
<legend>Grade for each domain</legend>
<p class="hint" id="domains-hint">Every domain needs a grade.</p>
{{#domains_error}}<p class="error-message" id="domains-error"><span class="visually-hidden">Error:</span> {{domains_error}}</p>
{{/domains_error}}{{{domain_selects}}}</fieldset>
{{{overall_select}}}
<div class="form-group{{#justification_error}} form-group--error{{/justification_error}}">
<label class="label" for="justification">Justification</label>
<p class="hint" id="justification-hint">Only when the overall grade is more than one grade above the lowest domain grade: say why.</p>
<textarea class="textarea" id="justification" name="justification" rows="4" aria-describedby="justification-hint">{{justification}}</textarea>
</div>
<h2 class="heading-m">Who took part</h2>
{{{participation}}}{{{family_feedback}}}<h2 class="heading-m">Actions the audit raises</h2>
<p class="body">Each action has a due date and an owner. Care-planning actions go into the child's plan; the others are tracked separately.</p>
{{{action_blocks}}}<input type="hidden" name="action_count" value="{{action_count}}">
<div class="button-group">
<button class="button" type="submit">Submit the audit</button>
<button class="button button--secondary" type="submit" name="add_action" value="yes">Add another action</button>
</div>
</form>
)html";

// One question answered by radio buttons; {{id}} (the field), {{legend}},
// {{hint}}, {{error}}, {{options}} ({{value}}, {{label}}, {{checked}}).
constexpr std::string_view kRadioGroup =
    R"html(<div class="form-group{{#error}} form-group--error{{/error}}">
<fieldset class="fieldset" id="{{id}}" aria-describedby="{{id}}-hint{{#error}} {{id}}-error{{/error}}">
<legend>{{legend}}</legend>
<p class="hint" id="{{id}}-hint">{{hint}}</p>
{{#error}}<p class="error-message" id="{{id}}-error"><span class="visually-hidden">Error:</span> {{error}}</p>
{{/error}}{{#options}}<div class="radio"><input type="radio" id="{{id}}_{{value}}" name="{{id}}" value="{{value}}"{{#checked}} checked{{/checked}}><label for="{{id}}_{{value}}">{{label}}</label></div>
{{/options}}</fieldset>
</div>
)html";

// One action the return raises; {{n}} (from 1), {{prefix}} ("action_0_").
constexpr std::string_view kActionBlock =
    R"html(<fieldset class="fieldset" id="{{prefix}}block">
<legend>Action {{n}}</legend>
<div class="form-group{{#description_error}} form-group--error{{/description_error}}">
<label class="label" for="{{prefix}}description">What must be done</label>
<p class="hint" id="{{prefix}}description-hint">Leave the whole action empty when you do not need it.</p>
{{#description_error}}<p class="error-message" id="{{prefix}}description-error"><span class="visually-hidden">Error:</span> {{description_error}}</p>
{{/description_error}}<textarea class="textarea{{#description_error}} textarea--error{{/description_error}}" id="{{prefix}}description" name="{{prefix}}description" rows="3" aria-describedby="{{prefix}}description-hint{{#description_error}} {{prefix}}description-error{{/description_error}}">{{description}}</textarea>
</div>
{{#has_owners}}<div class="form-group{{#owner_error}} form-group--error{{/owner_error}}">
<label class="label" for="{{prefix}}owner">Who owns it</label>
<p class="hint" id="{{prefix}}owner-hint">The child's team manager owns an audit's actions unless you choose someone else.</p>
{{#owner_error}}<p class="error-message" id="{{prefix}}owner-error"><span class="visually-hidden">Error:</span> {{owner_error}}</p>
{{/owner_error}}<select class="select{{#owner_error}} select--error{{/owner_error}}" id="{{prefix}}owner" name="{{prefix}}owner" aria-describedby="{{prefix}}owner-hint{{#owner_error}} {{prefix}}owner-error{{/owner_error}}">
{{#owners}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>
{{/owners}}</select>
</div>
{{/has_owners}}<div class="form-group{{#due_date_error}} form-group--error{{/due_date_error}}">
<label class="label" for="{{prefix}}due_date">Due by</label>
<p class="hint" id="{{prefix}}due_date-hint">Not before the audit's month began ({{month_start}}).</p>
{{#due_date_error}}<p class="error-message" id="{{prefix}}due_date-error"><span class="visually-hidden">Error:</span> {{due_date_error}}</p>
{{/due_date_error}}<input class="input input--short{{#due_date_error}} input--error{{/due_date_error}}" id="{{prefix}}due_date" name="{{prefix}}due_date" type="date" value="{{due_date}}" aria-describedby="{{prefix}}due_date-hint{{#due_date_error}} {{prefix}}due_date-error{{/due_date_error}}">
</div>
<div class="checkbox"><input type="checkbox" id="{{prefix}}care_planning" name="{{prefix}}care_planning" value="yes"{{#care_planning}} checked{{/care_planning}}><label for="{{prefix}}care_planning">Care planning: it goes into the child's plan</label></div>
</fieldset>
)html";

constexpr std::string_view kModerateForm =
    R"html(<form method="post" action="/act/{{token}}" novalidate>
{{{grade_select}}}
<div class="form-group{{#outcome_error}} form-group--error{{/outcome_error}}">
<fieldset class="fieldset" id="outcome"{{#outcome_error}} aria-describedby="outcome-error"{{/outcome_error}}>
<legend>Outcome</legend>
{{#outcome_error}}<p class="error-message" id="outcome-error"><span class="visually-hidden">Error:</span> {{outcome_error}}</p>
{{/outcome_error}}{{#outcomes}}<div class="radio"><input type="radio" id="{{id}}" name="outcome" value="{{value}}"{{#checked}} checked{{/checked}}><label for="{{id}}">{{label}}</label></div>
{{/outcomes}}</fieldset>
</div>
<div class="form-group{{#sent_back_reason_error}} form-group--error{{/sent_back_reason_error}}">
<label class="label" for="sent_back_reason">Why it is sent back</label>
<p class="hint" id="sent_back_reason-hint">Required when the audit is not meeting the standard: it goes back to the auditor with this reason, to record it again. Leave it empty otherwise.</p>
{{#sent_back_reason_error}}<p class="error-message" id="sent_back_reason-error"><span class="visually-hidden">Error:</span> {{sent_back_reason_error}}</p>
{{/sent_back_reason_error}}<textarea class="textarea{{#sent_back_reason_error}} textarea--error{{/sent_back_reason_error}}" id="sent_back_reason" name="sent_back_reason" rows="3" aria-describedby="sent_back_reason-hint{{#sent_back_reason_error}} sent_back_reason-error{{/sent_back_reason_error}}">{{sent_back_reason}}</textarea>
</div>
{{{meeting_select}}}<div class="form-group">
<label class="label" for="comment">Comment</label>
<p class="hint" id="comment-hint">Optional: what the auditor and the team should know.</p>
<textarea class="textarea" id="comment" name="comment" rows="3" aria-describedby="comment-hint">{{comment}}</textarea>
</div>
<button class="button" type="submit">Record the moderation</button>
</form>
)html";

constexpr std::string_view kActionForm =
    R"html(<form method="post" action="/act/{{token}}" novalidate>
<div class="form-group{{#completed_on_error}} form-group--error{{/completed_on_error}}">
<label class="label" for="completed_on">Date it was done</label>
<p class="hint" id="completed_on-hint">Leave it empty for today. It may not be in the future, nor before the audit's month.</p>
{{#completed_on_error}}<p class="error-message" id="completed_on-error"><span class="visually-hidden">Error:</span> {{completed_on_error}}</p>
{{/completed_on_error}}<input class="input input--short{{#completed_on_error}} input--error{{/completed_on_error}}" id="completed_on" name="completed_on" type="date" value="{{completed_on}}" aria-describedby="completed_on-hint{{#completed_on_error}} completed_on-error{{/completed_on_error}}">
</div>
<button class="button" type="submit">Mark the action as done</button>
</form>
<h2 class="heading-m">Not done yet? Post an update</h2>
<form method="post" action="/act/{{token}}" novalidate>
<input type="hidden" name="do" value="update">
<div class="form-group{{#note_error}} form-group--error{{/note_error}}">
<label class="label" for="note">What has happened, and what happens next</label>
<p class="hint" id="note-hint">Required. Case references only, no names.</p>
{{#note_error}}<p class="error-message" id="note-error"><span class="visually-hidden">Error:</span> {{note_error}}</p>
{{/note_error}}<textarea class="textarea{{#note_error}} textarea--error{{/note_error}}" id="note" name="note" rows="3" aria-describedby="note-hint{{#note_error}} note-error{{/note_error}}">{{note}}</textarea>
</div>
{{#pending_proposal}}<p class="body" id="pending-proposal">You proposed {{pending_date}} on {{pending_on}}. The QA team has not decided yet; once they have, you can propose another date.</p>
{{/pending_proposal}}{{^pending_proposal}}<div class="form-group{{#proposed_due_date_error}} form-group--error{{/proposed_due_date_error}}">
<label class="label" for="proposed_due_date">A new due date you propose (optional)</label>
<p class="hint" id="proposed_due_date-hint">Today or later. The QA team accepts or declines it; until then the action stays due on {{due_date}}.</p>
{{#proposed_due_date_error}}<p class="error-message" id="proposed_due_date-error"><span class="visually-hidden">Error:</span> {{proposed_due_date_error}}</p>
{{/proposed_due_date_error}}<input class="input input--short{{#proposed_due_date_error}} input--error{{/proposed_due_date_error}}" id="proposed_due_date" name="proposed_due_date" type="date" value="{{proposed_due_date}}" aria-describedby="proposed_due_date-hint{{#proposed_due_date_error}} proposed_due_date-error{{/proposed_due_date_error}}">
</div>
{{/pending_proposal}}<button class="button button--secondary" type="submit">Post the update</button>
</form>
)html";

constexpr std::string_view kImpactForm =
    R"html(<form method="post" action="/act/{{token}}" novalidate>
<div class="form-group{{#answer_error}} form-group--error{{/answer_error}}">
<fieldset class="fieldset" id="answer"{{#answer_error}} aria-describedby="answer-error"{{/answer_error}}>
<legend>Did the audit make a difference for the child?</legend>
{{#answer_error}}<p class="error-message" id="answer-error"><span class="visually-hidden">Error:</span> {{answer_error}}</p>
{{/answer_error}}{{#answers}}<div class="radio"><input type="radio" id="{{id}}" name="answer" value="{{value}}"{{#checked}} checked{{/checked}}><label for="{{id}}">{{label}}</label></div>
{{/answers}}</fieldset>
</div>
<div class="form-group{{#what_changed_error}} form-group--error{{/what_changed_error}}">
<label class="label" for="what_changed">What changed for the child</label>
<p class="hint" id="what_changed-hint">Needed when the answer is yes or partly: for example the plan was updated, the child was visited, a referral was made. Case references only, no names.</p>
{{#what_changed_error}}<p class="error-message" id="what_changed-error"><span class="visually-hidden">Error:</span> {{what_changed_error}}</p>
{{/what_changed_error}}<textarea class="textarea{{#what_changed_error}} textarea--error{{/what_changed_error}}" id="what_changed" name="what_changed" rows="5" aria-describedby="what_changed-hint{{#what_changed_error}} what_changed-error{{/what_changed_error}}">{{what_changed}}</textarea>
</div>
<button class="button" type="submit">Send your answer</button>
</form>
)html";

// The head of service's page for a case of concern: this month's update
// (unless recorded), or resolve it with the reason. Two forms, one link.
constexpr std::string_view kConcernForm =
    R"html({{#update_recorded}}<div class="notice notice--success"><p class="body">Your update for {{month}} is recorded.</p></div>
{{/update_recorded}}{{^update_recorded}}<h2 class="heading-m">Your update for {{month}}</h2>
<form method="post" action="/act/{{token}}" novalidate>
<input type="hidden" name="do" value="update">
<div class="form-group{{#update_note_error}} form-group--error{{/update_note_error}}">
<label class="label" for="update_note">What has happened for the child, and what happens next</label>
<p class="hint" id="update_note-hint">Case references only, no names.</p>
{{#update_note_error}}<p class="error-message" id="update_note-error"><span class="visually-hidden">Error:</span> {{update_note_error}}</p>
{{/update_note_error}}<textarea class="textarea{{#update_note_error}} textarea--error{{/update_note_error}}" id="update_note" name="update_note" rows="5" aria-describedby="update_note-hint{{#update_note_error}} update_note-error{{/update_note_error}}">{{update_note}}</textarea>
</div>
<button class="button" type="submit">Send the update</button>
</form>
<h2 class="heading-m">Or resolve the concern</h2>
{{/update_recorded}}<form method="post" action="/act/{{token}}" novalidate>
<input type="hidden" name="do" value="resolve">
<div class="form-group{{#reason_error}} form-group--error{{/reason_error}}">
<fieldset class="fieldset" id="reason"{{#reason_error}} aria-describedby="reason-error"{{/reason_error}}>
<legend>Why is the concern resolved?</legend>
{{#reason_error}}<p class="error-message" id="reason-error"><span class="visually-hidden">Error:</span> {{reason_error}}</p>
{{/reason_error}}{{#reasons}}<div class="radio"><input type="radio" id="{{id}}" name="reason" value="{{value}}"{{#checked}} checked{{/checked}}><label for="{{id}}">{{label}}</label></div>
{{/reasons}}</fieldset>
</div>
<div class="form-group{{#note_error}} form-group--error{{/note_error}}">
<label class="label" for="note">Say more</label>
<p class="hint" id="note-hint">Required for another reason. Case references only, no names.</p>
{{#note_error}}<p class="error-message" id="note-error"><span class="visually-hidden">Error:</span> {{note_error}}</p>
{{/note_error}}<textarea class="textarea{{#note_error}} textarea--error{{/note_error}}" id="note" name="note" rows="3" aria-describedby="note-hint{{#note_error}} note-error{{/note_error}}">{{note}}</textarea>
</div>
<button class="button button--secondary" type="submit">Resolve the concern</button>
</form>
)html";

constexpr std::string_view kMessage =
    R"html(<div class="notice{{#success}} notice--success{{/success}}">
<p class="notice__title">{{headline}}</p>
<p class="body">{{message}}</p>
</div>
)html";

// What a refused form shows: per field (its id), the message; in order.
struct FormErrors {
  std::vector<std::pair<std::string, std::string>> list;
  void add(std::string field, std::string message) {
    list.emplace_back(std::move(field), std::move(message));
  }
  std::string of(const std::string& field) const {
    for (const auto& [name, message] : list) {
      if (name == field) return message;
    }
    return {};
  }
  bool empty() const { return list.empty(); }
};

// The radio buttons of the field `name`, one per (value, label), each with
// the id "<name>_<value>"; the one `typed` chose is checked.
mustache::data radio_options(const std::string& name,
                             const std::vector<std::pair<std::string, std::string>>& choices,
                             const httplib::Params& typed) {
  mustache::data options{mustache::data::type::list};
  for (const auto& [value, label] : choices) {
    mustache::data option;
    option.set("id", name + "_" + value);
    option.set("value", value);
    option.set("label", label);
    if (form_field(typed, name) == value) option.set("checked", true);
    options.push_back(option);
  }
  return options;
}

std::string error_summary(const FormErrors& errors) {
  mustache::data data;
  if (!errors.empty()) {
    mustache::data list{mustache::data::type::list};
    for (const auto& [field, message] : errors.list) {
      mustache::data item;
      item.set("field", field);
      item.set("message", message);
      list.push_back(item);
    }
    data.set("errors", true);
    data.set("list", list);
  }
  return render_page_template(kErrorSummary, data);
}

// The message of an error without its leading "field: ", capitalised.
std::string message_of(const std::exception& error) {
  std::string text = error.what();
  const auto colon = text.find(": ");
  if (colon != std::string::npos && text.find(' ') > colon) text = text.substr(colon + 2);
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

mustache::data grade_options(const std::string& selected, bool with_empty) {
  mustache::data options{mustache::data::type::list};
  if (with_empty) {
    mustache::data none;
    none.set("value", "");
    none.set("label", "Choose a grade");
    options.push_back(none);
  }
  for (Grade grade : all_values<Grade>()) {
    mustache::data option;
    option.set("value", std::string(to_string(grade)));
    option.set("label", in_words(grade));
    if (selected == to_string(grade)) option.set("selected", true);
    options.push_back(option);
  }
  return options;
}

struct GradeSelect {
  std::string id, label, hint, error, selected;
  bool with_empty = true;
};

std::string grade_select(const GradeSelect& select) {
  mustache::data data;
  data.set("id", select.id);
  data.set("name", select.id);
  data.set("label", select.label);
  if (!select.hint.empty()) data.set("hint", select.hint);
  if (!select.error.empty()) data.set("error", select.error);
  std::string describedby = select.hint.empty() ? "" : select.id + "-hint";
  if (!select.error.empty()) describedby += (describedby.empty() ? "" : " ") + select.id + "-error";
  if (!describedby.empty()) data.set("describedby", describedby);
  data.set("options", grade_options(select.selected, select.with_empty));
  return render_page_template(kGradeSelect, data);
}

// The case an audit is of, with extra rows, as a summary list.
std::string case_summary(const LinkView& view,
                         const std::vector<std::pair<std::string, std::string>>& rows) {
  mustache::data data;
  data.set("case_reference", view.child ? view.child->case_reference : std::string("unknown"));
  data.set("team_name", view.team_name);
  data.set("legal_status", view.child ? in_words(view.child->legal_status) : std::string());
  mustache::data list{mustache::data::type::list};
  for (const auto& [label, value] : rows) {
    mustache::data row;
    row.set("label", label);
    row.set("value", value);
    list.push_back(row);
  }
  data.set("rows", list);
  return render_page_template(kCaseSummary, data);
}

std::string message_html(const std::string& headline, const std::string& message, bool success) {
  mustache::data data;
  data.set("headline", headline);
  data.set("message", message);
  if (success) data.set("success", true);
  return render_page_template(kMessage, data);
}

std::string_view what_of(LinkPurpose purpose) {
  switch (purpose) {
    case LinkPurpose::kRecordAudit:
      return "audit";
    case LinkPurpose::kModerateAudit:
      return "moderation";
    case LinkPurpose::kCompleteAction:
      return "action";
    case LinkPurpose::kAnswerImpact:
      return "answer";
    case LinkPurpose::kUpdateConcern:
      return "concern";
  }
  return "item";
}

// The five participation questions: the form field, the question, and the
// AuditParticipation member it answers.
struct ParticipationQuestion {
  const char* field;
  const char* legend;
  Participation AuditParticipation::*answer;
};
constexpr ParticipationQuestion kParticipationQuestions[] = {
    {"participation_child_seen", "Was the child seen or spoken to?",
     &AuditParticipation::child_seen},
    {"participation_family", "Was the family consulted?", &AuditParticipation::family},
    {"participation_worker", "Was the social worker consulted?", &AuditParticipation::worker},
    {"participation_team_manager", "Was the team manager consulted?",
     &AuditParticipation::team_manager},
    {"participation_iro", "Was the IRO consulted?", &AuditParticipation::iro},
};
constexpr const char* kParticipationHint =
    "The return needs an answer to each question. Not applicable when there is no such person "
    "for this child (for example no IRO).";

struct RadioGroup {
  std::string id, legend, hint, error, checked;
  std::vector<std::pair<std::string, std::string>> options;  // value, label
};

std::string radio_group(const RadioGroup& group) {
  mustache::data data;
  data.set("id", group.id);
  data.set("legend", group.legend);
  data.set("hint", group.hint);
  if (!group.error.empty()) data.set("error", group.error);
  mustache::data options{mustache::data::type::list};
  for (const auto& [value, label] : group.options) {
    mustache::data option;
    option.set("value", value);
    option.set("label", label);
    if (group.checked == value) option.set("checked", true);
    options.push_back(option);
  }
  data.set("options", options);
  return render_page_template(kRadioGroup, data);
}

// How many action blocks the record form shows: at least three, every one
// typed into, and one more when the person asked for another.
std::size_t action_block_count(const httplib::Params& typed) {
  std::size_t count = 3;
  if (const std::string shown = form_field(typed, "action_count"); !shown.empty()) {
    const std::size_t digits = shown.find_first_not_of("0123456789");
    if (digits == std::string::npos && shown.size() <= 2)
      count = std::max(count, std::stoul(shown));
  }
  return count;
}

std::string action_prefix(std::size_t index) { return fmt::format("action_{}_", index); }

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

struct ActionPages::Impl {
  Impl(api::ApiMetrics& api_metrics, ServiceContext& context, SelfServicePolicy self_service)
      : metrics(api_metrics), services(context), policy(std::move(self_service)) {}

  api::ApiMetrics& metrics;
  ServiceContext& services;
  SelfServicePolicy policy;

  // Runs `page`, answering any exception as a page, and counts the request.
  template <typename Page>
  void serve(const httplib::Request& request, httplib::Response& response, Page page) {
    const auto started = std::chrono::steady_clock::now();
    HttpServer::mark_routed(kRoute);
    try {
      page(request.matches[1].str(), request, response);
    } catch (const std::exception& error) {
      const int status = status_for_exception(error);
      if (status >= 500) spdlog::error("{} {}: {}", request.method, kRoute, error.what());
      send_layout(response, status, "Sorry, something went wrong",
                  message_html("Nothing was recorded",
                               status == 503 ? "The service cannot reach its database just now. "
                                               "Please try again in a few minutes."
                                             : "Please try again later, or tell the QA team.",
                               false));
    }
    metrics.record(kRoute, request.method, response.status,
                   std::chrono::steady_clock::now() - started);
  }

  std::string when(Instant at) const { return time_in_words(at, services.zone); }
  std::string local_day_in_words(Instant at) const {
    return date_in_words(to_local(at, services.zone).date);
  }

  // The page for a link that cannot be used now.
  void refuse(httplib::Response& response, const LinkView& view, bool posted) {
    const std::string what(what_of(view.link.purpose));
    switch (view.state) {
      case LinkState::kUsed:
        send_layout(response, posted ? 409 : 200, "Already recorded",
                    message_html("Already recorded",
                                 fmt::format("This {} was recorded by {} on {}.", what,
                                             view.used_by ? view.used_by->name : view.person.name,
                                             when(*view.link.used_at)),
                                 true));
        return;
      case LinkState::kDone:
        send_layout(response, posted ? 409 : 200, "Nothing left to do",
                    message_html("Nothing left to do",
                                 view.link.purpose == LinkPurpose::kCompleteAction
                                     ? "This action is already marked as done."
                                 : view.link.purpose == LinkPurpose::kAnswerImpact
                                     ? "Your answer to this follow-up is already recorded."
                                 : view.link.purpose == LinkPurpose::kUpdateConcern
                                     ? "This case of concern is already resolved."
                                 : view.link.purpose == LinkPurpose::kRecordAudit
                                     ? "This audit has already been submitted."
                                     : "This audit has already been moderated.",
                                 true));
        return;
      case LinkState::kNotYet:
        send_layout(response, posted ? 409 : 200, "Not ready to moderate yet",
                    message_html("Not ready to moderate yet",
                                 fmt::format("{} has not submitted this audit yet. This link will "
                                             "work once they have.",
                                             view.auditor_name),
                                 false));
        return;
      case LinkState::kNotYours:
        send_layout(response, 403, "This link is no longer yours",
                    message_html("This link is no longer yours",
                                 fmt::format("This {} has been given to someone else. Ask the QA "
                                             "team if that is wrong.",
                                             what),
                                 false));
        return;
      case LinkState::kExpired:
        send_layout(
            response, 410, "This link has expired",
            message_html("This link has expired",
                         "Ask the QA team for a new one, or sign in to the console.", false));
        return;
      case LinkState::kRevoked:
        send_layout(
            response, 410, "This link has been withdrawn",
            message_html("This link has been withdrawn",
                         "The QA team withdrew it. Ask them if you still need to act.", false));
        return;
      case LinkState::kOpen:
      case LinkState::kUnknown:
        break;
    }
    send_layout(
        response, 404, "This link is not valid",
        message_html("This link is not valid",
                     "It may have been copied wrongly: open it from the email again.", false));
  }

  // ---- forms, with what was typed and the errors ----

  void record_form(httplib::Response& response, int status, const std::string& token,
                   const LinkView& view, const httplib::Params& typed, const FormErrors& errors) {
    std::string domain_selects;
    for (std::size_t i = 0; i < policy.domains.size(); ++i) {
      const std::string id = fmt::format("domain_{}", i);
      domain_selects += grade_select({.id = id,
                                      .label = policy.domains[i],
                                      .error = errors.of(id),
                                      .selected = form_field(typed, id)});
    }
    mustache::data data;
    data.set("token", token);
    data.set("domain_selects", domain_selects);
    if (auto error = errors.of("domains"); !error.empty()) data.set("domains_error", error);
    data.set("overall_select", grade_select({.id = "overall_grade",
                                             .label = "Overall grade",
                                             .hint = kGradeRule,
                                             .error = errors.of("overall_grade"),
                                             .selected = form_field(typed, "overall_grade")}));
    data.set("justification", form_field(typed, "justification"));
    data.set("participation", participation_html(typed, errors));
    data.set("family_feedback", radio_group({
                                    .id = "family_feedback",
                                    .legend = "Did you ask the family for their feedback?",
                                    .hint = "The return needs this answer too.",
                                    .error = errors.of("family_feedback"),
                                    .checked = form_field(typed, "family_feedback"),
                                    .options = {{"contacted", "Yes: the family was contacted"},
                                                {"attempted", "I tried, but could not reach them"},
                                                {"none", "No"}},
                                }));
    const std::size_t blocks =
        action_block_count(typed) + (form_field(typed, "add_action").empty() ? 0 : 1);
    std::string action_blocks;
    for (std::size_t i = 0; i < blocks; ++i) action_blocks += action_block(view, i, typed, errors);
    data.set("action_blocks", action_blocks);
    data.set("action_count", std::to_string(blocks));
    std::vector<std::pair<std::string, std::string>> rows{
        {"Month", view.audit->month.to_string()}, {"Due by", date_in_words(view.audit->due_date)}};
    // Sent back by its moderator: what to put right, beside the form.
    if (view.audit->outcome == AuditOutcome::kNotMeetingStandard && view.audit->sent_back_reason) {
      rows.emplace_back("Sent back because", *view.audit->sent_back_reason);
      if (view.audit->moderation_comment)
        rows.emplace_back("Moderator's comment", *view.audit->moderation_comment);
    }
    const std::string content =
        error_summary(errors) + case_summary(view, rows) + render_page_template(kRecordForm, data);
    send_layout(response, status, "Record your audit", content);
  }

  static std::string participation_html(const httplib::Params& typed, const FormErrors& errors) {
    std::string html;
    for (const ParticipationQuestion& question : kParticipationQuestions) {
      html += radio_group(
          {.id = question.field,
           .legend = question.legend,
           .hint = kParticipationHint,
           .error = errors.of(question.field),
           .checked = form_field(typed, question.field),
           .options = {{"yes", "Yes"}, {"no", "No"}, {"not_applicable", "Not applicable"}}});
    }
    return html;
  }

  // Action block `index` of the record form, with what was typed.
  static std::string action_block(const LinkView& view, std::size_t index,
                                  const httplib::Params& typed, const FormErrors& errors) {
    const std::string prefix = action_prefix(index);
    mustache::data data;
    data.set("n", std::to_string(index + 1));
    data.set("prefix", prefix);
    data.set("month_start", date_in_words(view.audit->month.first_day()));
    data.set("description", form_field(typed, prefix + "description"));
    data.set("due_date", form_field(typed, prefix + "due_date"));
    if (form_field(typed, prefix + "care_planning") == "yes") data.set("care_planning", true);
    for (const char* field : {"description", "owner", "due_date"}) {
      const std::string error = errors.of(prefix + field);
      if (!error.empty()) data.set(std::string(field) + "_error", error);
    }
    const std::string chosen = form_field(typed, prefix + "owner");
    mustache::data owners{mustache::data::type::list};
    for (std::size_t i = 0; i < view.owner_choices.size(); ++i) {
      const Staff& staff = view.owner_choices[i];
      mustache::data owner;
      owner.set("value", std::to_string(staff.id));
      owner.set("label", fmt::format("{} ({})", staff.name, in_words(staff.role)));
      if (chosen == std::to_string(staff.id)) owner.set("selected", true);
      owners.push_back(owner);
    }
    if (!view.owner_choices.empty()) data.set("has_owners", true);
    data.set("owners", owners);
    return render_page_template(kActionBlock, data);
  }

  void moderate_form(httplib::Response& response, int status, const std::string& token,
                     const LinkView& view, const httplib::Params& typed, const FormErrors& errors) {
    const Audit& audit = *view.audit;
    std::vector<std::pair<std::string, std::string>> rows{{"Auditor", view.auditor_name}};
    if (audit.overall_grade) rows.emplace_back("Auditor's grade", in_words(*audit.overall_grade));
    for (const auto& [domain, grade] : audit.domain_grades)
      rows.emplace_back(domain, in_words(grade));
    if (audit.grade_justification) rows.emplace_back("Justification", *audit.grade_justification);
    if (audit.sent_back_reason) rows.emplace_back("Sent back before", *audit.sent_back_reason);
    const std::string auditor_grade =
        audit.overall_grade ? in_words(*audit.overall_grade) : std::string("not graded");
    std::string selected = form_field(typed, "moderated_grade");
    if (selected.empty() && audit.overall_grade)
      selected = std::string(to_string(*audit.overall_grade));
    mustache::data data;
    data.set("token", token);
    data.set("grade_select",
             grade_select({.id = "moderated_grade",
                           .label = "Your grade",
                           .hint = fmt::format("The auditor graded it {}. The same grade agrees; a "
                                               "better one upgrades it, a worse one downgrades it.",
                                               auditor_grade),
                           .error = errors.of("moderated_grade"),
                           .selected = selected,
                           .with_empty = false}));
    if (auto error = errors.of("outcome"); !error.empty()) data.set("outcome_error", error);
    data.set("outcomes", radio_options("outcome",
                                       {{"completed_to_standard", "Completed to standard"},
                                        {"not_meeting_standard",
                                         "Not meeting the standard: sent back to the auditor"}},
                                       typed));
    data.set("sent_back_reason", form_field(typed, "sent_back_reason"));
    if (auto error = errors.of("sent_back_reason"); !error.empty())
      data.set("sent_back_reason_error", error);
    data.set("comment", form_field(typed, "comment"));
    data.set("meeting_select",
             audit.loop_group
                 ? grade_select({.id = "meeting_grade",
                                 .label = "Grade the moderation meeting agreed",
                                 .hint = "This is a looped audit: only when the two auditors' "
                                         "grades differ, the grade the meeting agreed. Leave it "
                                         "as it is otherwise.",
                                 .error = errors.of("meeting_grade"),
                                 .selected = form_field(typed, "meeting_grade")})
                 : std::string());
    const std::string content = error_summary(errors) + case_summary(view, rows) +
                                render_page_template(kModerateForm, data);
    send_layout(response, status, "Moderate the audit", content);
  }

  void action_form(httplib::Response& response, int status, const std::string& token,
                   const LinkView& view, const httplib::Params& typed, const FormErrors& errors) {
    const Action& action = *view.action;
    mustache::data data;
    data.set("token", token);
    data.set("completed_on", form_field(typed, "completed_on"));
    if (auto error = errors.of("completed_on"); !error.empty())
      data.set("completed_on_error", error);
    data.set("due_date", date_in_words(action.due_date));
    data.set("note", form_field(typed, "note"));
    if (auto error = errors.of("note"); !error.empty()) data.set("note_error", error);
    data.set("proposed_due_date", form_field(typed, "proposed_due_date"));
    if (auto error = errors.of("proposed_due_date"); !error.empty())
      data.set("proposed_due_date_error", error);
    std::vector<std::pair<std::string, std::string>> rows{
        {"Action", action.description},
        {"Due by", date_in_words(action.due_date)},
        {"Care planning", action.care_planning ? "Yes: it goes into the child's plan" : "No"}};
    if (!view.action_updates.empty()) {
      const ActionUpdate& last = view.action_updates.back();
      rows.emplace_back("Last update", local_day_in_words(last.created_at) + ": " + last.note);
    }
    for (const ActionUpdate& update : view.action_updates) {
      if (!update.proposed_due_date) continue;
      if (!update.decision) {
        data.set("pending_proposal", true);
        data.set("pending_date", date_in_words(*update.proposed_due_date));
        data.set("pending_on", local_day_in_words(update.created_at));
        rows.emplace_back("New date proposed",
                          date_in_words(*update.proposed_due_date) + ", waiting for the QA team");
      }
    }
    const std::string content =
        error_summary(errors) + case_summary(view, rows) + render_page_template(kActionForm, data);
    send_layout(response, status, "Mark the action as done", content);
  }

  void impact_form(httplib::Response& response, int status, const std::string& token,
                   const LinkView& view, const httplib::Params& typed, const FormErrors& errors) {
    const Audit& audit = *view.audit;
    mustache::data data;
    data.set("token", token);
    if (auto error = errors.of("answer"); !error.empty()) data.set("answer_error", error);
    if (auto error = errors.of("what_changed"); !error.empty())
      data.set("what_changed_error", error);
    data.set("what_changed", form_field(typed, "what_changed"));
    data.set("answers",
             radio_options("answer", {{"yes", "Yes"}, {"partly", "Partly"}, {"no", "No"}}, typed));
    std::vector<std::pair<std::string, std::string>> rows{
        {"Audited in", month_in_words(audit.month)}, {"Auditor", view.auditor_name}};
    if (audit.moderated_grade)
      rows.emplace_back("Moderated grade", in_words(*audit.moderated_grade));
    if (audit.moderated_on) rows.emplace_back("Moderated on", date_in_words(*audit.moderated_on));
    const std::string content =
        error_summary(errors) + case_summary(view, rows) + render_page_template(kImpactForm, data);
    send_layout(response, status, "Did the audit make a difference?", content);
  }

  void concern_form(httplib::Response& response, int status, const std::string& token,
                    const LinkView& view, const httplib::Params& typed, const FormErrors& errors) {
    const Concern& concern = *view.concern;
    const Month month = Month::of(to_local(services.clock.now(), services.zone).date);
    mustache::data data;
    data.set("token", token);
    data.set("month", month_in_words(month));
    for (const ConcernUpdate& update : view.concern_updates) {
      if (update.month == month) data.set("update_recorded", true);
    }
    for (const char* field : {"update_note", "reason", "note"}) {
      if (auto error = errors.of(field); !error.empty())
        data.set(std::string(field) + "_error", error);
    }
    data.set("update_note", form_field(typed, "update_note"));
    data.set("note", form_field(typed, "note"));
    std::vector<std::pair<std::string, std::string>> reasons;
    for (ConcernResolution reason : all_values<ConcernResolution>()) {
      reasons.emplace_back(to_string(reason), in_words(reason));
    }
    data.set("reasons", radio_options("reason", reasons, typed));
    std::vector<std::pair<std::string, std::string>> rows{
        {"Concern", concern.category == 1 ? "Category 1: immediate risk of significant harm"
                                          : "Category 2: the service is not right for the "
                                            "child's needs"},
        {"Raised on", date_in_words(concern.raised_on)}};
    if (!view.concern_updates.empty()) {
      const ConcernUpdate& last = view.concern_updates.back();
      rows.emplace_back("Last update", month_in_words(last.month) + ": " + last.note);
    }
    const std::string content =
        error_summary(errors) + case_summary(view, rows) + render_page_template(kConcernForm, data);
    send_layout(response, status, "Case of concern: update or resolve", content);
  }

  void form(httplib::Response& response, int status, const std::string& token, const LinkView& view,
            const httplib::Params& typed, const FormErrors& errors) {
    switch (view.link.purpose) {
      case LinkPurpose::kRecordAudit:
        record_form(response, status, token, view, typed, errors);
        return;
      case LinkPurpose::kModerateAudit:
        moderate_form(response, status, token, view, typed, errors);
        return;
      case LinkPurpose::kCompleteAction:
        action_form(response, status, token, view, typed, errors);
        return;
      case LinkPurpose::kAnswerImpact:
        impact_form(response, status, token, view, typed, errors);
        return;
      case LinkPurpose::kUpdateConcern:
        concern_form(response, status, token, view, typed, errors);
        return;
    }
  }

  // ---- GET and POST ----

  void show(const std::string& token, const httplib::Request&, httplib::Response& response) {
    const LinkView view = open_action_link(services, token, services.clock.now());
    if (view.state != LinkState::kOpen) {
      refuse(response, view, false);
      return;
    }
    form(response, 200, token, view, {}, {});
  }

  void act(const std::string& token, const httplib::Request& request, httplib::Response& response) {
    if (!is_form(request)) {
      send_layout(response, 415, "Nothing was recorded",
                  message_html("Nothing was recorded", "The form was not sent as a form.", false));
      return;
    }
    const Instant now = services.clock.now();
    const LinkView view = open_action_link(services, token, now);
    if (view.state != LinkState::kOpen) {
      refuse(response, view, true);
      return;
    }
    const httplib::Params typed = form_fields(request);
    if (view.link.purpose == LinkPurpose::kRecordAudit &&
        !form_field(typed, "add_action").empty()) {
      form(response, 200, token, view, typed, {});  // one more action block; nothing recorded
      return;
    }
    FormErrors errors;
    LinkOutcome outcome;
    int status = 422;
    try {
      outcome = redeem(token, view, typed, now, errors);
    } catch (const InputError& error) {
      status = status_for_exception(error);
      errors.add(form_field_of(error.field()), message_of(error));
    }
    if (!errors.empty()) {
      form(response, status, token, view, typed, errors);
      return;
    }
    if (!outcome.recorded) {
      refuse(response, outcome.view, true);
      return;
    }
    spdlog::info("{} done through an emailed link by staff {}", to_string(view.link.purpose),
                 view.person.id);
    send_layout(response, 200, "Thank you",
                message_html("Recorded", done_message(view, form_field(typed, "do")), true));
  }

  // The form field an error names, as the page's ids; the page's heading
  // for an error about the item as a whole (its status, its month).
  static std::string form_field_of(const std::string& field) {
    if (field.rfind("domain_grades", 0) == 0) return "domains";
    for (const char* known :
         {"overall_grade", "justification", "moderated_grade", "outcome", "completed_on",
          "family_feedback", "sent_back_reason", "meeting_grade", "answer", "what_changed",
          "reason", "note", "update_note", "proposed_due_date"}) {
      if (field == known) return field;
    }
    if (field == "participation") return kParticipationQuestions[0].field;
    return "main-content";
  }

  std::string done_message(const LinkView& view, const std::string& done) const {
    const std::string reference = view.child ? view.child->case_reference : std::string();
    switch (view.link.purpose) {
      case LinkPurpose::kRecordAudit:
        return fmt::format("Your audit of {} is submitted. It now goes to moderation.", reference);
      case LinkPurpose::kModerateAudit:
        return fmt::format(
            "Your moderation of the audit of {} is recorded. If it is not meeting "
            "the standard, it goes back to {} with your reason.",
            reference, view.auditor_name);
      case LinkPurpose::kCompleteAction:
        return done == "update"
                   ? fmt::format(
                         "Your update on the action from the audit of {} is recorded. The QA "
                         "team sees it, and accepts or declines any new date you proposed. The "
                         "link in your email stays open: use it again to mark the action done.",
                         reference)
                   : fmt::format("The action from the audit of {} is marked as done.", reference);
      case LinkPurpose::kAnswerImpact:
        return fmt::format(
            "Your answer on the audit of {} is recorded. The QA team reports "
            "the answers each quarter.",
            reference);
      case LinkPurpose::kUpdateConcern:
        return done == "resolve"
                   ? fmt::format("The case of concern on {} is resolved. Its reminders stop.",
                                 reference)
                   : fmt::format(
                         "Your update on {} is recorded. To resolve the concern later, "
                         "use the link in next month's email.",
                         reference);
    }
    return "Recorded.";
  }

  // The concern page's two forms: this month's update, or the resolution.
  LinkOutcome redeem_concern(const std::string& token, const httplib::Params& typed, Instant now,
                             FormErrors& errors) {
    if (form_field(typed, "do") == "update") {
      const std::string note = form_field(typed, "update_note");
      if (note.find_first_not_of(" \t\r\n") == std::string::npos) {
        errors.add("update_note", "Write the update: what has happened, and what happens next");
        return {};
      }
      return update_concern_by_link(services, token, note, now);
    }
    const std::string reason = form_field(typed, "reason");
    if (reason.empty()) {
      errors.add("reason", "Choose why the concern is resolved");
      return {};
    }
    return resolve_concern_by_link(services, token,
                                   Resolution{.reason = parse_concern_resolution(reason, "reason"),
                                              .note = form_field(typed, "note")},
                                   now);
  }

  // Reads the participation answers, family feedback and action blocks
  // into `submission`, each missing answer or unreadable field into
  // `errors`; the page index of each action given (the service's actions[i]).
  static std::vector<std::size_t> read_return(const httplib::Params& typed, Submission& submission,
                                              FormErrors& errors) {
    AuditParticipation answers;
    bool answered = true;
    for (const ParticipationQuestion& question : kParticipationQuestions) {
      const std::string value = form_field(typed, question.field);
      if (value.empty()) {
        errors.add(question.field, fmt::format("Answer the question: {}", question.legend));
        answered = false;
        continue;
      }
      answers.*question.answer = parse_participation(value, question.field);
    }
    if (answered) submission.participation = answers;
    if (const std::string feedback = form_field(typed, "family_feedback"); feedback.empty()) {
      errors.add("family_feedback", "Say whether you asked the family for their feedback");
    } else {
      submission.family_feedback = parse_family_feedback(feedback, "family_feedback");
    }
    std::vector<std::size_t> blocks;
    const std::size_t count = action_block_count(typed) + 1;  // one added but not yet shown
    for (std::size_t i = 0; i < count; ++i) {
      const std::string prefix = action_prefix(i);
      const std::string description = form_field(typed, prefix + "description");
      const std::string due = form_field(typed, prefix + "due_date");
      if (blank(description) && due.empty()) continue;
      NewAction action{.description = description,
                       .care_planning = form_field(typed, prefix + "care_planning") == "yes"};
      if (blank(description)) {
        errors.add(prefix + "description", fmt::format("Say what action {} is", i + 1));
      }
      if (due.empty()) {
        errors.add(prefix + "due_date", fmt::format("Give the date action {} is due by", i + 1));
      } else {
        try {
          action.due_date = parse_date(due, prefix + "due_date");
        } catch (const InputError&) {
          errors.add(prefix + "due_date",
                     fmt::format("Give the date action {} is due by as a real date", i + 1));
        }
      }
      if (const std::string owner = form_field(typed, prefix + "owner"); !owner.empty()) {
        if (owner.find_first_not_of("0123456789") != std::string::npos || owner.size() > 18) {
          errors.add(prefix + "owner", "Choose who owns the action from the list");
        } else {
          action.owner_id = std::stoll(owner);
        }
      }
      blocks.push_back(i);
      submission.actions.push_back(std::move(action));
    }
    return blocks;
  }

  // The record form's field for an error the service named: "actions[j].x"
  // is block blocks[j]'s x ("owner_id" is its "owner").
  static std::string record_field_of(const std::string& field,
                                     const std::vector<std::size_t>& blocks) {
    std::size_t index = 0;
    char rest[32] = {};
    if (std::sscanf(field.c_str(), "actions[%zu].%31s", &index, rest) == 2 &&
        index < blocks.size()) {
      const std::string name = std::string(rest) == "owner_id" ? "owner" : rest;
      return action_prefix(blocks[index]) + name;
    }
    return form_field_of(field);
  }

  // Parses the form for the link's purpose into `errors`, or runs it.
  LinkOutcome redeem(const std::string& token, const LinkView& view, const httplib::Params& typed,
                     Instant now, FormErrors& errors) {
    switch (view.link.purpose) {
      case LinkPurpose::kRecordAudit: {
        Submission submission;
        for (std::size_t i = 0; i < policy.domains.size(); ++i) {
          const std::string id = fmt::format("domain_{}", i);
          const std::string value = form_field(typed, id);
          if (value.empty()) {
            errors.add(id, fmt::format("Choose a grade for {}", policy.domains[i]));
            continue;
          }
          submission.domains[policy.domains[i]] = parse_grade(value, id);
        }
        const std::string overall = form_field(typed, "overall_grade");
        if (overall.empty()) errors.add("overall_grade", "Choose the overall grade");
        if (!overall.empty()) submission.overall = parse_grade(overall, "overall_grade");
        if (const std::string why = form_field(typed, "justification");
            why.find_first_not_of(" \t\r\n") != std::string::npos) {
          submission.justification = why;
        }
        const std::vector<std::size_t> blocks = read_return(typed, submission, errors);
        if (!errors.empty()) return {};
        try {
          return record_audit_by_link(services, token, submission, now);
        } catch (const InputError& error) {
          errors.add(record_field_of(error.field(), blocks), message_of(error));
          return {};
        }
      }
      case LinkPurpose::kModerateAudit: {
        const std::string outcome = form_field(typed, "outcome");
        if (outcome.empty()) errors.add("outcome", "Choose the outcome");
        if (!errors.empty()) return {};
        Moderation moderation{
            .grade = parse_grade(form_field(typed, "moderated_grade"), "moderated_grade"),
            .outcome = parse_audit_outcome(outcome, "outcome")};
        if (const std::string comment = form_field(typed, "comment"); !blank(comment)) {
          moderation.comment = comment;
        }
        if (const std::string reason = form_field(typed, "sent_back_reason"); !blank(reason)) {
          moderation.sent_back_reason = reason;
        }
        if (const std::string meeting = form_field(typed, "meeting_grade"); !meeting.empty()) {
          moderation.meeting_grade = parse_grade(meeting, "meeting_grade");
        }
        return moderate_audit_by_link(services, token, moderation, now);
      }
      case LinkPurpose::kCompleteAction: {
        if (form_field(typed, "do") == "update") {
          const std::string proposed = form_field(typed, "proposed_due_date");
          std::optional<Date> proposed_due_date;
          if (!proposed.empty()) proposed_due_date = parse_date(proposed, "proposed_due_date");
          return update_action_by_link(services, token, form_field(typed, "note"),
                                       proposed_due_date, now);
        }
        const std::string on = form_field(typed, "completed_on");
        std::optional<Date> completed_on;
        if (!on.empty()) completed_on = parse_date(on, "completed_on");
        return complete_action_by_link(services, token, completed_on, now);
      }
      case LinkPurpose::kAnswerImpact: {
        const std::string answer = form_field(typed, "answer");
        if (answer.empty()) errors.add("answer", "Choose yes, partly or no");
        if (!errors.empty()) return {};
        NewImpactResponse response{.answer = parse_impact_answer(answer, "answer"),
                                   .what_changed = form_field(typed, "what_changed")};
        return answer_impact_by_link(services, token, std::move(response), now);
      }
      case LinkPurpose::kUpdateConcern:
        return redeem_concern(token, typed, now, errors);
    }
    return {};
  }
};

ActionPages::ActionPages(HttpServer& server, api::ApiMetrics& metrics, ServiceContext& services,
                         SelfServicePolicy policy)
    : impl_(std::make_unique<Impl>(metrics, services, std::move(policy))) {
  Impl& impl = *impl_;
  const std::string pattern = R"(/act/([A-Za-z0-9_-]{1,128}))";
  server.router().Get(
      pattern, [&impl](const httplib::Request& request, httplib::Response& response) {
        impl.serve(request, response,
                   [&](const std::string& token, auto& q, auto& r) { impl.show(token, q, r); });
      });
  server.router().Post(
      pattern, [&impl](const httplib::Request& request, httplib::Response& response) {
        impl.serve(request, response,
                   [&](const std::string& token, auto& q, auto& r) { impl.act(token, q, r); });
      });
}

ActionPages::~ActionPages() = default;

}  // namespace caseaudit::daemon::web
