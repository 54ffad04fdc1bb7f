// SociTransaction as ReminderLedger: which reminder items were told, in sets.
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {

std::vector<bool> SociTransaction::record(const std::vector<NotifiedItem>& items, Instant at) {
  return guarded("record_notified_items", [&] {
    std::vector<bool> fresh(items.size(), false);
    // The first occurrence of each key; a repeat within the batch stays false.
    std::unordered_map<std::string_view, std::size_t> first;
    std::vector<std::size_t> unique;
    first.reserve(items.size());
    unique.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (first.emplace(items[i].item_key, i).second) unique.push_back(i);
    }
    if (dialect_.is_postgresql()) unique = unrecorded_postgresql(items, unique);
    const std::string at_text = format_instant(at);
    const std::size_t chunk =
        dialect_.is_postgresql() ? kLedgerChunkPostgresql : kLedgerChunkSqlite;
    for (std::size_t begin = 0; begin < unique.size(); begin += chunk) {
      const std::span<const std::size_t> part(unique.data() + begin,
                                              std::min(chunk, unique.size() - begin));
      const std::vector<std::string> recorded = dialect_.is_postgresql()
                                                    ? record_chunk_postgresql(items, part, at_text)
                                                    : record_chunk_sqlite(items, part, at_text);
      for (const std::string& key : recorded) fresh[first.at(key)] = true;
    }
    return fresh;
  });
}

std::vector<RecordedItem> SociTransaction::recorded_with_prefix(const std::string& prefix) {
  return guarded("recorded_with_prefix", [&] {
    const int length = static_cast<int>(prefix.size());
    std::vector<RecordedItem> found;
    soci::rowset<soci::row> rows =
        (session_.prepare << sql::kSelectNotifiedItemsByPrefix, use(length), use(prefix));
    for (const soci::row& row : rows) {
      const RowReader reader(row, "notified_items");
      found.push_back({reader.text(0), reader.instant(1)});
    }
    return found;
  });
}

std::vector<std::size_t> SociTransaction::unrecorded_postgresql(
    const std::vector<NotifiedItem>& items, const std::vector<std::size_t>& unique) {
  std::vector<std::size_t> unrecorded;
  for (std::size_t begin = 0; begin < unique.size(); begin += kLedgerReadChunkPostgresql) {
    const std::size_t end = std::min(unique.size(), begin + kLedgerReadChunkPostgresql);
    std::vector<std::string> keys;
    keys.reserve(end - begin);
    std::unordered_map<std::string_view, std::size_t> position;
    position.reserve(end - begin);
    for (std::size_t n = begin; n < end; ++n) {
      keys.push_back(items[unique[n]].item_key);
      position.emplace(items[unique[n]].item_key, unique[n]);
    }
    const std::string key_array = to_text_array(keys);
    std::vector<std::size_t> found;
    soci::rowset<soci::row> rows =
        (session_.prepare << sql::kSelectUnrecordedItemsPostgres, use(key_array));
    for (const soci::row& row : rows) {
      found.push_back(position.at(RowReader(row, "notified_items").text(0)));
    }
    std::sort(found.begin(), found.end());  // keep the batch's order for the writes
    unrecorded.insert(unrecorded.end(), found.begin(), found.end());
  }
  return unrecorded;
}

std::vector<std::string> SociTransaction::record_chunk_postgresql(
    const std::vector<NotifiedItem>& items, std::span<const std::size_t> part,
    const std::string& at_text) {
  std::vector<std::string> keys, messages;
  keys.reserve(part.size());
  messages.reserve(part.size());
  for (std::size_t i : part) {
    keys.push_back(items[i].item_key);
    messages.push_back(items[i].message_key);
  }
  const std::string key_array = to_text_array(keys), message_array = to_text_array(messages);
  std::vector<std::string> recorded;
  soci::rowset<soci::row> rows = (session_.prepare << sql::kRecordNotifiedItemsPostgres,
                                  use(at_text), use(key_array), use(message_array));
  for (const soci::row& row : rows) recorded.push_back(RowReader(row, "notified_items").text(0));
  return recorded;
}

std::vector<std::string> SociTransaction::record_chunk_sqlite(
    const std::vector<NotifiedItem>& items, std::span<const std::size_t> part,
    const std::string& at_text) {
  std::string text(sql::kRecordNotifiedItemsSqliteHead);
  for (std::size_t n = 0; n < part.size(); ++n) {
    if (n > 0) text += ", ";
    text += sql::kRecordNotifiedItemsSqliteRow;
  }
  text += sql::kRecordNotifiedItemsSqliteTail;
  soci::details::prepare_temp_type statement = (session_.prepare << text);
  for (std::size_t i : part) {
    statement, use(items[i].item_key, kPositional), use(items[i].message_key, kPositional),
        use(at_text, kPositional);
  }
  std::vector<std::string> recorded;
  soci::rowset<soci::row> rows(statement);
  for (const soci::row& row : rows) recorded.push_back(RowReader(row, "notified_items").text(0));
  return recorded;
}

}  // namespace caseaudit::db
