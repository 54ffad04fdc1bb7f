// DatabaseUrl: the accepted forms, what SOCI is given, and that the password
// never reaches redacted() nor any error message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/database.h"
#include "scheduler/errors.h"

namespace caseaudit::db {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(DatabaseUrl, SqliteMemory) {
  const DatabaseUrl url = DatabaseUrl::parse("sqlite::memory:");
  EXPECT_TRUE(url.is_sqlite());
  EXPECT_FALSE(url.is_postgresql());
  EXPECT_TRUE(url.is_sqlite_memory());
  EXPECT_EQ(url.sqlite_path(), "");
  EXPECT_EQ(url.redacted(), "sqlite::memory:");
  EXPECT_EQ(url.soci_backend(), "sqlite3");
  EXPECT_THAT(url.soci_connect_string(), HasSubstr("db=\":memory:\""));
}

TEST(DatabaseUrl, SqliteFiles) {
  EXPECT_EQ(DatabaseUrl::parse("sqlite:/var/lib/caseaudit/caseaudit.db").sqlite_path(),
            "/var/lib/caseaudit/caseaudit.db");
  EXPECT_EQ(DatabaseUrl::parse("sqlite:data/caseaudit.db").sqlite_path(), "data/caseaudit.db");
  EXPECT_EQ(DatabaseUrl::parse("sqlite:///var/lib/a.db").sqlite_path(), "/var/lib/a.db");
  const DatabaseUrl url = DatabaseUrl::parse("sqlite:/tmp/a.db");
  EXPECT_EQ(url.redacted(), "sqlite:/tmp/a.db");
  EXPECT_THAT(url.soci_connect_string(), HasSubstr("db=\"/tmp/a.db\""));
}

TEST(DatabaseUrl, SqlitePathsWithSpacesAreQuoted) {
  const DatabaseUrl url = DatabaseUrl::parse("sqlite:/home/qa team/caseaudit.db");
  EXPECT_EQ(url.sqlite_path(), "/home/qa team/caseaudit.db");
  EXPECT_THAT(url.soci_connect_string(), HasSubstr("db=\"/home/qa team/caseaudit.db\""));
}

TEST(DatabaseUrl, PostgresqlWithEverything) {
  const DatabaseUrl url = DatabaseUrl::parse(
      "postgresql://caseaudit:s3cr%40t@db.internal:6543/audits?sslmode=require&connect_timeout=5");
  EXPECT_TRUE(url.is_postgresql());
  EXPECT_EQ(url.user, "caseaudit");
  EXPECT_EQ(url.password, "s3cr@t");
  EXPECT_EQ(url.host, "db.internal");
  EXPECT_EQ(url.port, 6543);
  EXPECT_EQ(url.dbname, "audits");
  EXPECT_EQ(url.sqlite_path(), "");
  EXPECT_EQ(url.redacted(),
            "postgresql://caseaudit@db.internal:6543/audits?sslmode=require&connect_timeout=5");
  EXPECT_EQ(url.soci_backend(), "postgresql");
  EXPECT_EQ(url.soci_connect_string(),
            "host='db.internal' port='6543' dbname='audits' user='caseaudit' password='s3cr@t' "
            "sslmode='require' connect_timeout='5'");
  EXPECT_EQ(url.location(), "db.internal:6543");
}

TEST(DatabaseUrl, PostgresqlMinimalAndVariants) {
  const DatabaseUrl minimal = DatabaseUrl::parse("postgresql://localhost/caseaudit");
  EXPECT_EQ(minimal.user, "");
  EXPECT_EQ(minimal.password, "");
  EXPECT_EQ(minimal.port, 0);
  EXPECT_EQ(minimal.location(), "localhost:5432");
  EXPECT_EQ(minimal.redacted(), "postgresql://localhost/caseaudit");
  EXPECT_EQ(minimal.soci_connect_string(), "host='localhost' dbname='caseaudit'");

  EXPECT_TRUE(DatabaseUrl::parse("postgres://u@h/d").is_postgresql());
  const DatabaseUrl socket = DatabaseUrl::parse("postgresql://u@%2Frun%2Fpostgresql:5433/d");
  EXPECT_EQ(socket.host, "/run/postgresql");
  EXPECT_EQ(socket.port, 5433);
  EXPECT_EQ(socket.redacted(), "postgresql://u@%2Frun%2Fpostgresql:5433/d");
  const DatabaseUrl v6 = DatabaseUrl::parse("postgresql://u:p@[::1]:5432/d");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.redacted(), "postgresql://u@[::1]:5432/d");
  // libpq quoting: a quote or backslash in a value cannot end it early.
  const DatabaseUrl quoted = DatabaseUrl::parse("postgresql://u:it%27s%5C@h/d");
  EXPECT_THAT(quoted.soci_connect_string(), HasSubstr(R"(password='it\'s\\')"));
}

TEST(DatabaseUrl, PasswordGivenAsAParameterIsRedactedToo) {
  const DatabaseUrl url = DatabaseUrl::parse("postgresql://u@h/d?password=hunter2&sslmode=disable");
  EXPECT_EQ(url.password, "hunter2");
  EXPECT_THAT(url.redacted(), Not(HasSubstr("hunter2")));
  EXPECT_EQ(url.redacted(), "postgresql://u@h/d?sslmode=disable");
}

void expect_rejected(const std::string& text, const std::string& expected_part) {
  SCOPED_TRACE(text);
  try {
    DatabaseUrl::parse(text);
    ADD_FAILURE() << "accepted";
  } catch (const InputError& error) {
    EXPECT_EQ(error.field(), "database.url");
    EXPECT_THAT(error.what(), HasSubstr(expected_part));
    EXPECT_THAT(error.what(), Not(HasSubstr("hunter2")));
  }
}

TEST(DatabaseUrl, BadUrlsAreNamedWithoutThePassword) {
  expect_rejected("", "is empty");
  expect_rejected("mysql://root:hunter2@localhost/db", "unsupported scheme \"mysql\"");
  expect_rejected("hunter2", "has no scheme");
  expect_rejected("sqlite:", "SQLite path is empty");
  expect_rejected("postgresql://u:hunter2@h:notaport/d", "port \"notaport\"");
  expect_rejected("postgresql://u:hunter2@h:99999/d", "port \"99999\"");
  expect_rejected("postgresql://u:hunter2%zz@h/d", "malformed %-escape in the password");
  expect_rejected("postgresql://u:hunter2@h/d?sslmode", "\"sslmode\" needs the form key=value");
  expect_rejected("postgresql://u:hunter2@[::1/d", "unterminated [");
  expect_rejected("sqlite:/tmp/with\"quote.db", "contains a double quote");
}

}  // namespace
}  // namespace caseaudit::db
