// StatementCache: the prepared statements of one pooled session. A statement
// is prepared the first time a transaction on that session runs its query and
// reused by every later one, found by the query constant's name (NamedQuery,
// db/queries.h). A query's {{PLACEHOLDERS}} are expanded for the session's
// engine when it is prepared (db/dialect.h).
//
// Why: SOCI prepares every statement made with session.prepare on the server
// (PQprepare) and deallocates it when the soci::statement dies, so a
// statement made per call costs parse, plan and three round trips on
// PostgreSQL; a cached one costs one round trip. On SQLite it saves the
// parse (sqlite3_prepare) of each call.
//
// An entry owns the values bound to its statement (SOCI binds by reference)
// and, for queries, the soci::row it reads into. The parameter types of a
// query are fixed by its first use; a later use with other types is a
// ProgramError. Every query is read to its last row, so no statement is left
// half-read (on SQLite an unfinished statement would hold its snapshot past
// COMMIT); a failure while running or reading one drops that entry.
//
// A cache belongs to one session and must be cleared before that session
// closes or reconnects (SessionPool does): its statements refer to the
// connection. Not thread-safe: used only by the session's current borrower.
#pragma once

#include <soci/soci.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "db/codec.h"
#include "db/dialect.h"
#include "db/queries.h"
#include "scheduler/errors.h"

namespace caseaudit::db {

class StatementCache {
 public:
  StatementCache(soci::session& session, Dialect dialect) : session_(session), dialect_(dialect) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // Runs `query` with `params` bound in order (Nullable<T> binds NULL when
  // unset) and calls `on_row(const soci::row&)` for each row it returns.
  template <typename OnRow, typename... Params>
  void for_each_row(const NamedQuery& query, OnRow&& on_row, const Params&... params) {
    auto& entry = find_or_prepare<Prepared<true, std::decay_t<Params>...>>(query);
    run(query, [&] {
      entry.params = std::tuple<std::decay_t<Params>...>(params...);
      entry.statement.execute(false);
      while (entry.statement.fetch()) on_row(static_cast<const soci::row&>(entry.row));
    });
  }

  // Runs a statement that returns no rows, with `params` bound in order.
  template <typename... Params>
  void execute(const NamedQuery& statement, const Params&... params) {
    auto& entry = find_or_prepare<Prepared<false, std::decay_t<Params>...>>(statement);
    run(statement, [&] {
      entry.params = std::tuple<std::decay_t<Params>...>(params...);
      entry.statement.execute(true);
    });
  }

  // Drops every statement (before the session's connection goes away).
  void clear() { entries_.clear(); }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    virtual ~Entry() = default;
  };

  // One prepared statement with the storage of its bound values (and of its
  // result row when `kRows`).
  template <bool kRows, typename... Params>
  struct Prepared final : Entry {
    Prepared(soci::session& session, std::string_view text)
        : statement(prepare(session, text, std::index_sequence_for<Params...>{})) {}

    template <std::size_t... I>
    soci::details::prepare_temp_type prepare(soci::session& session, std::string_view text,
                                             std::index_sequence<I...>) {
      soci::details::prepare_temp_type prepared = (session.prepare << text);
      if constexpr (sizeof...(I) > 0) (prepared, ..., bind(std::get<I>(params)));
      if constexpr (kRows) prepared, soci::into(row);
      return prepared;
    }

    template <typename T>
    static auto bind(Nullable<T>& value) {
      return soci::use(value.value, value.indicator, positional());
    }
    template <typename T>
    static auto bind(T& value) {
      return soci::use(value, positional());
    }
    // soci::use keeps a reference to its name: give it one that lasts.
    static const std::string& positional() {
      static const std::string kPositional;
      return kPositional;
    }

    std::tuple<Params...> params;
    soci::row row;
    soci::statement statement;
  };

  template <typename Wanted>
  Wanted& find_or_prepare(const NamedQuery& query) {
    auto found = entries_.find(query.name);
    if (found == entries_.end()) {
      found =
          entries_
              .emplace(query.name, std::make_unique<Wanted>(session_, dialect_.expand(query.text)))
              .first;
    }
    auto* entry = dynamic_cast<Wanted*>(found->second.get());
    if (entry == nullptr) {
      throw ProgramError("statement " + std::string(query.name) +
                         " used with other parameter types than when first prepared");
    }
    return *entry;
  }

  // Runs `body` on a cached statement; drops the statement when it throws,
  // so a half-read or failed statement is never reused.
  template <typename Body>
  void run(const NamedQuery& query, Body&& body) {
    try {
      body();
    } catch (...) {
      entries_.erase(query.name);
      throw;
    }
  }

  soci::session& session_;
  Dialect dialect_;
  std::unordered_map<std::string_view, std::unique_ptr<Entry>> entries_;
};

}  // namespace caseaudit::db
