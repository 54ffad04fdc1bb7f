#include "db/database.h"

#include "db/migrator.h"
#include "db/queries.h"
#include "db/session_pool.h"
#include "db/soci_errors.h"
#include "db/soci_store.h"
#include "scheduler/errors.h"

namespace caseaudit::db {

namespace {
constexpr std::chrono::milliseconds kPingWait{2000};
}  // namespace

struct Database::Impl {
  Impl(const DatabaseUrl& url, std::size_t pool_size, const Clock& time)
      : clock(time), pool(url, pool_size), store(pool, time) {}
  const Clock& clock;
  SessionPool pool;
  SociStore store;
};

std::unique_ptr<Database> Database::open(const std::string& text, const Clock& clock,
                                         int pool_size) {
  return open(DatabaseUrl::parse(text), clock, pool_size);
}

std::unique_ptr<Database> Database::open(DatabaseUrl url, const Clock& clock, int pool_size) {
  if (pool_size < 1) {
    throw InputError("database.pool_size: must be at least 1, got " + std::to_string(pool_size),
                     "database.pool_size");
  }
  // An in-memory SQLite database exists only inside its one connection.
  const std::size_t sessions = url.is_sqlite_memory() ? 1 : static_cast<std::size_t>(pool_size);
  auto impl = std::make_unique<Impl>(url, sessions, clock);
  return std::unique_ptr<Database>(new Database(std::move(url), std::move(impl)));
}

Database::Database(DatabaseUrl url, std::unique_ptr<Impl> impl)
    : url_(std::move(url)), impl_(std::move(impl)) {}

Database::~Database() = default;

int Database::migrate() { return apply_migrations(impl_->pool, impl_->clock); }

SchemaStatus Database::schema_status() { return read_schema_status(impl_->pool); }

bool Database::ping() noexcept {
  try {
    // A probe must answer promptly: every session busy counts as not ready.
    const std::unique_ptr<SessionPool::Lease> lease = impl_->pool.try_lease(kPingWait);
    if (lease == nullptr) return false;
    soci::session& session = lease->session();
    if (!session.is_connected()) impl_->pool.reconnect(session);
    int one = 0;
    session << sql::kPing, soci::into(one);
    return one == 1;
  } catch (...) {
    return false;
  }
}

Store& Database::store() { return impl_->store; }

void Database::analyze() { execute_raw(sql::kAnalyze); }

void Database::execute_raw(std::string_view statement) {
  SessionPool::Lease lease(impl_->pool);
  soci::session& session = lease.session();
  if (!session.is_connected()) impl_->pool.reconnect(session);
  translating("execute_raw", session, [&] { session << statement; });
}

std::optional<std::int64_t> Database::query_raw_integer(std::string_view query) {
  SessionPool::Lease lease(impl_->pool);
  soci::session& session = lease.session();
  if (!session.is_connected()) impl_->pool.reconnect(session);
  return translating("query_raw_integer", session, [&]() -> std::optional<std::int64_t> {
    long long value = 0;
    soci::indicator indicator = soci::i_null;
    session << query, soci::into(value, indicator);
    if (!session.got_data() || indicator != soci::i_ok) return std::nullopt;
    return value;
  });
}

}  // namespace caseaudit::db
