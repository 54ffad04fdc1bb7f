#include "notifier/templates.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <utility>

#include "scheduler/errors.h"

namespace caseaudit::notifier {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::array<std::pair<NotificationKind, std::string_view>, 25> kNames = {{
    {NotificationKind::kAllocationNotice, "allocation_notice"},
    {NotificationKind::kModeratorAllocationList, "moderator_allocation_list"},
    {NotificationKind::kAuditDueReminder, "audit_due_reminder"},
    {NotificationKind::kLateReturnEscalation, "late_return_escalation"},
    {NotificationKind::kAuditSubmitted, "audit_submitted"},
    {NotificationKind::kAuditModerated, "audit_moderated"},
    {NotificationKind::kModerationMeetingRequest, "moderation_meeting_request"},
    {NotificationKind::kActionReminder, "action_reminder"},
    {NotificationKind::kActionOverdueEscalation, "action_overdue_escalation"},
    {NotificationKind::kConcernCategory1, "concern_category1"},
    {NotificationKind::kConcernCategory2, "concern_category2"},
    {NotificationKind::kConcernUpdateReminder, "concern_update_reminder"},
    {NotificationKind::kConcernUpdateOverdue, "concern_update_overdue"},
    {NotificationKind::kConcernOverTwelveMonths, "concern_over_12_months"},
    {NotificationKind::kImpactFollowUp, "impact_follow_up"},
    {NotificationKind::kDailyDigest, "daily_digest"},
    {NotificationKind::kAllocationPreview, "allocation_preview"},
    {NotificationKind::kSignInLink, "sign_in_link"},
    {NotificationKind::kAuditRemovedNotice, "audit_removed_notice"},
    {NotificationKind::kClassificationRequest, "classification_request"},
    {NotificationKind::kPerformanceSnapshot, "performance_snapshot"},
    {NotificationKind::kAuditSentBack, "audit_sent_back"},
    {NotificationKind::kModerationAssignedNotice, "moderation_assigned_notice"},
    {NotificationKind::kModerationRemovedNotice, "moderation_removed_notice"},
    {NotificationKind::kActionUpdateDecision, "action_update_decision"},
}};

constexpr std::string_view kSuffix = ".mustache";
constexpr std::string_view kField = "notifier.templates";

mustache::data to_data(const TemplateValues& values) {
  mustache::data data;
  // An empty value is false to a section: {{#note}}...{{/note}} shows only
  // when there is a note (and {{note}} alone renders nothing either way).
  for (const auto& [name, value] : values.fields) {
    if (value.empty()) {
      data.set(name, mustache::data::type::bool_false);
    } else {
      data.set(name, value);
    }
  }
  for (const auto& [name, value] : values.flags) {
    data.set(name, value ? mustache::data::type::bool_true : mustache::data::type::bool_false);
  }
  mustache::data items{mustache::data::type::list};
  for (const auto& item : values.items) {
    mustache::data entry;
    for (const auto& [name, value] : item) entry.set(name, value);
    items.push_back(entry);
  }
  data.set("items", items);
  mustache::data sections{mustache::data::type::list};
  for (const TemplateSection& section : values.sections) {
    mustache::data entry;
    entry.set("heading", section.heading);
    mustache::data lines{mustache::data::type::list};
    for (const auto& line : section.lines) {
      mustache::data row;
      for (const auto& [name, value] : line) row.set(name, value);
      lines.push_back(row);
    }
    entry.set("lines", lines);
    sections.push_back(entry);
  }
  data.set("sections", sections);
  return data;
}

// kainjow's default escape writes &apos;, which HTML 4 mail clients (the
// Word engine of desktop Outlook among them) show literally; &#39; works in all.
std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string no_escape(const std::string& text) { return text; }

// Renders `source`; `html` selects HTML escaping. Returns false with `error`
// set when the template does not parse or render.
bool render_part(const std::string& source, bool html, const mustache::data& data, std::string& out,
                 std::string& error) {
  mustache::mustache tmpl(source);
  if (!tmpl.is_valid()) {
    error = tmpl.error_message();
    return false;
  }
  tmpl.set_custom_escape(html ? escape_html : no_escape);
  out = tmpl.render(data);
  if (!tmpl.is_valid()) {
    error = tmpl.error_message();
    return false;
  }
  return true;
}

std::unique_ptr<mustache::mustache> parse(const std::string& source, bool html) {
  auto tmpl = std::make_unique<mustache::mustache>(source);
  tmpl->set_custom_escape(html ? escape_html : no_escape);
  return tmpl;
}

// Renders one parsed part. A failed render leaves its error in the template
// object, so the part is parsed afresh for the next render: a failure on one
// message's values must not fail every later one.
bool render_parsed(std::unique_ptr<mustache::mustache>& tmpl, const std::string& source, bool html,
                   const mustache::data& data, std::string& out, std::string& error) {
  if (tmpl->is_valid()) out = tmpl->render(data);
  if (tmpl->is_valid()) return true;
  error = tmpl->error_message();
  tmpl = parse(source, html);
  return false;
}

std::string one_line(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    throw InputError("cannot read template " + path.string(), std::string(kField));
  }
  return text.str();
}

}  // namespace

std::string_view to_string(NotificationKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  throw ProgramError("unknown NotificationKind");
}

std::optional<NotificationKind> parse_notification_kind(std::string_view text) {
  for (const auto& [kind, name] : kNames) {
    if (name == text) return kind;
  }
  return std::nullopt;
}

const std::vector<NotificationKind>& all_notification_kinds() {
  static const std::vector<NotificationKind> kinds = [] {
    std::vector<NotificationKind> all;
    for (const auto& entry : kNames) all.push_back(entry.first);
    return all;
  }();
  return kinds;
}

TemplateSet TemplateSet::defaults() {
  TemplateSet set;
  for (const DefaultTemplate& d : default_templates()) {
    set.parts_[d.kind] = Parts{{d.subject, "built-in"},
                               {d.text, "built-in"},
                               {d.html, "built-in"},
                               {d.line != nullptr ? d.line : d.subject, "built-in"}};
  }
  for (NotificationKind kind : all_notification_kinds()) {
    if (!set.parts_.contains(kind)) {
      throw ProgramError("no built-in template for " + std::string(to_string(kind)));
    }
  }
  set.compile();
  return set;
}

TemplateSet TemplateSet::load(const std::filesystem::path& folder) {
  TemplateSet set = defaults();
  std::error_code error;
  std::filesystem::directory_iterator it(folder, error);
  if (error) {
    throw InputError("cannot read template folder " + folder.string() + ": " + error.message(),
                     std::string(kField));
  }
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(".")) continue;
    const auto bad_name = [&] {
      return InputError("unexpected file " + entry.path().string() +
                            " in the template folder: names are "
                            "<kind>.<subject|text|html|line>.mustache",
                        std::string(kField));
    };
    if (!entry.is_regular_file() || !name.ends_with(kSuffix)) throw bad_name();
    const std::string stem = name.substr(0, name.size() - kSuffix.size());
    const auto dot = stem.rfind('.');
    if (dot == std::string::npos) throw bad_name();
    const auto kind = parse_notification_kind(stem.substr(0, dot));
    const std::string part = stem.substr(dot + 1);
    if (!kind) throw bad_name();
    Parts& parts = set.parts_[*kind];
    Source* target = part == "subject" ? &parts.subject
                     : part == "text"  ? &parts.text
                     : part == "html"  ? &parts.html
                     : part == "line"  ? &parts.line
                                       : nullptr;
    if (target == nullptr) throw bad_name();
    *target = Source{read_file(entry.path()), entry.path().string()};
  }
  // Every part, built-in or not, must parse and render its samples now.
  for (const auto& [kind, parts] : set.parts_) {
    const mustache::data data = to_data(sample_values(kind));
    for (const auto& [source, html] :
         {std::pair{&parts.subject, false}, std::pair{&parts.text, false},
          std::pair{&parts.html, true}, std::pair{&parts.line, false}}) {
      std::string out, message;
      if (!render_part(source->text, html, data, out, message)) {
        throw InputError("bad template " + source->origin + " (" + std::string(to_string(kind)) +
                             "): " + message,
                         std::string(kField));
      }
    }
  }
  set.compile();
  return set;
}

namespace {

// A template of plain text and {{name}} variables only (no sections,
// comments, partials, delimiter changes or unescaped forms), as every
// built-in subject is: rendered by substitution, with what kainjow would
// give for it (values as they are, a missing name as nothing; subjects are
// not escaped). Anything else is left to kainjow.
struct SimpleTemplate {
  struct Piece {
    std::string text;  // literal text, or the variable's name
    bool variable = false;
  };
  std::vector<Piece> pieces;
};

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::optional<SimpleTemplate> as_simple(const std::string& source) {
  SimpleTemplate simple;
  std::size_t pos = 0;
  while (pos < source.size()) {
    const std::size_t open = source.find("{{", pos);
    if (open == std::string::npos) {
      simple.pieces.push_back({source.substr(pos), false});
      break;
    }
    if (open > pos) simple.pieces.push_back({source.substr(pos, open - pos), false});
    const std::size_t close = source.find("}}", open + 2);
    if (close == std::string::npos) return std::nullopt;
    std::string_view tag(source.data() + open + 2, close - open - 2);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.empty() || !std::all_of(tag.begin(), tag.end(), is_name_char)) return std::nullopt;
    simple.pieces.push_back({std::string(tag), true});
    pos = close + 2;
  }
  // "}}}" or a stray "}}" in the text is kainjow's to judge.
  for (const auto& piece : simple.pieces) {
    if (!piece.variable && piece.text.find("}}") != std::string::npos) return std::nullopt;
  }
  return simple;
}

// Substitutes `values` into `simple`; nullopt when a name is one that
// kainjow would read as something else than a string (a flag, the list).
std::optional<std::string> substitute(const SimpleTemplate& simple, const TemplateValues& values) {
  std::string out;
  for (const auto& piece : simple.pieces) {
    if (!piece.variable) {
      out += piece.text;
      continue;
    }
    if (piece.text == "items" || values.flags.contains(piece.text)) return std::nullopt;
    const auto it = values.fields.find(piece.text);
    if (it != values.fields.end()) out += it->second;
  }
  return out;
}

}  // namespace

struct TemplateSet::Compiled {
  struct Kind {
    std::unique_ptr<mustache::mustache> subject, text, html, line;
    std::optional<SimpleTemplate> simple_subject;  // never changes after compile()
  };
  std::mutex mutex;  // kainjow's render() writes to the template object
  std::map<NotificationKind, Kind> kinds;
};

void TemplateSet::compile() {
  auto compiled = std::make_shared<Compiled>();
  for (const auto& [kind, parts] : parts_) {
    compiled->kinds[kind] = Compiled::Kind{
        parse(parts.subject.text, false), parse(parts.text.text, false),
        parse(parts.html.text, true), parse(parts.line.text, false), as_simple(parts.subject.text)};
  }
  compiled_ = std::move(compiled);
}

RenderedEmail TemplateSet::render(NotificationKind kind, const TemplateValues& values) const {
  const Parts& parts = parts_.at(kind);
  const mustache::data data = to_data(values);
  RenderedEmail email;
  std::string error;
  {
    std::lock_guard lock(compiled_->mutex);
    Compiled::Kind& parsed = compiled_->kinds.at(kind);
    if (!render_parsed(parsed.subject, parts.subject.text, false, data, email.subject, error) ||
        !render_parsed(parsed.text, parts.text.text, false, data, email.text_body, error) ||
        !render_parsed(parsed.html, parts.html.text, true, data, email.html_body, error)) {
      throw RuntimeFailure("cannot render " + std::string(to_string(kind)) + ": " + error);
    }
  }
  email.subject = one_line(email.subject);
  return email;
}

std::string TemplateSet::render_subject(NotificationKind kind, const TemplateValues& values) const {
  const Parts& parts = parts_.at(kind);
  // The parsed map is not changed after compile(), and simple_subject never.
  const Compiled::Kind& parsed = compiled_->kinds.at(kind);
  if (parsed.simple_subject) {
    if (auto subject = substitute(*parsed.simple_subject, values)) return one_line(*subject);
  }
  const mustache::data data = to_data(values);
  std::string subject, error;
  {
    std::lock_guard lock(compiled_->mutex);
    if (!render_parsed(compiled_->kinds.at(kind).subject, parts.subject.text, false, data, subject,
                       error)) {
      throw RuntimeFailure("cannot render " + std::string(to_string(kind)) + ": " + error);
    }
  }
  return one_line(subject);
}

std::string TemplateSet::render_line(NotificationKind kind, const TemplateValues& values) const {
  const Parts& parts = parts_.at(kind);
  const mustache::data data = to_data(values);
  std::string line, error;
  {
    std::lock_guard lock(compiled_->mutex);
    if (!render_parsed(compiled_->kinds.at(kind).line, parts.line.text, false, data, line, error)) {
      throw RuntimeFailure("cannot render the digest line of " + std::string(to_string(kind)) +
                           ": " + error);
    }
  }
  return one_line(line);
}

std::string TemplateSet::origin(NotificationKind kind, std::string_view part) const {
  const Parts& parts = parts_.at(kind);
  if (part == "line") return parts.line.origin;
  if (part == "subject") return parts.subject.origin;
  if (part == "text") return parts.text.origin;
  if (part == "html") return parts.html.origin;
  throw ProgramError("unknown template part " + std::string(part));
}

}  // namespace caseaudit::notifier
