// SociTransaction as ChangeLog: who changed what, when.
#include "db/soci_transaction_parts.h"
#include "scheduler/text.h"

namespace caseaudit::db {
namespace {

// A LIKE pattern (ESCAPE '\\') matching any text that contains `text`.
std::string like_contains(std::string_view text) {
  std::string pattern = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

}  // namespace

void SociTransaction::log(const ChangeRecord& c) {
  guarded("log_change", [&] {
    const std::string at = format_instant(c.at);
    statements_.execute(sql::kInsertChange, at, c.actor, c.action, c.record_type, c.record_id,
                        c.before_json, c.after_json);
  });
}

std::vector<ChangeRecord> SociTransaction::find(const ChangeFilter& f) {
  return guarded("changes", [&] {
    int any_type = f.record_type ? 0 : 1, any_record = f.record_id ? 0 : 1,
        any_since = f.since ? 0 : 1, any_until = f.until ? 0 : 1, any_before = f.before_id ? 0 : 1;
    const std::string type = f.record_type.value_or(std::string{});
    const std::string record = f.record_id.value_or(std::string{});
    const std::string since = f.since ? format_instant(*f.since) : std::string{};
    const std::string until = f.until ? format_instant(*f.until) : std::string{};
    long long before = f.before_id.value_or(0);
    int any_actor = f.actor ? 0 : 1;
    const std::string actor_pattern =
        f.actor ? like_contains(ascii_lowercase(*f.actor)) : std::string{};
    // PostgreSQL rejects a negative LIMIT and SQLite reads it as "no limit":
    // treat it as zero on both.
    long long limit = std::max(f.limit, 0);
    return read_all<ChangeRecord>(statements_, sql::kSelectChanges, read_change, any_type, type,
                                  any_record, record, any_since, since, any_until, until,
                                  any_before, before, any_actor, actor_pattern, limit);
  });
}

}  // namespace caseaudit::db
