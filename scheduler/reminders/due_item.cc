#include "scheduler/reminders/due_item.h"

#include <charconv>

namespace caseaudit {
namespace {

std::optional<Id> parse_id(std::string_view text) {
  Id id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return id;
}

}  // namespace

std::string DueItem::key() const {
  return std::string(to_string(rule)) + ":" + subject_type + ":" + std::to_string(subject_id) +
         ":" + level + ":" + period + ":" + std::to_string(recipient_id);
}

std::vector<std::string> DueItem::cover_keys() const {
  std::vector<std::string> keys;
  for (const auto& [type, id] : covers) {
    DueItem covered{.rule = rule,
                    .subject_type = type,
                    .subject_id = id,
                    .level = level,
                    .period = period,
                    .recipient_id = recipient_id};
    keys.push_back(covered.key());
  }
  return keys;
}

std::optional<ItemKey> parse_item_key(std::string_view key) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t colon = key.find(':', start);
    parts.push_back(key.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() != 6) return std::nullopt;
  std::optional<ReminderRule> rule;
  for (ReminderRule candidate : all_values<ReminderRule>()) {
    if (to_string(candidate) == parts[0]) rule = candidate;
  }
  const std::optional<Id> subject = parse_id(parts[2]);
  const std::optional<Id> recipient = parse_id(parts[5]);
  if (!rule || !subject || !recipient) return std::nullopt;
  return ItemKey{.rule = *rule,
                 .subject_type = std::string(parts[1]),
                 .subject_id = *subject,
                 .level = std::string(parts[3]),
                 .period = std::string(parts[4]),
                 .recipient_id = *recipient};
}

}  // namespace caseaudit
