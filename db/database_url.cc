// DatabaseUrl: parsing and printing. Every error message here is built from
// the parts that are not the password, so no input can make one leak it.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "db/database.h"
#include "scheduler/errors.h"

namespace caseaudit::db {
namespace {

constexpr std::string_view kField = "database.url";
constexpr std::string_view kForms =
    "expected \"sqlite:PATH\", \"sqlite::memory:\" or "
    "\"postgresql://user:password@host:port/dbname\"";

[[noreturn]] void fail(const std::string& what) {
  throw InputError(std::string(kField) + ": " + what, std::string(kField));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `what` names the component for the error message ("the password").
std::string percent_decode(std::string_view text, std::string_view what) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
    const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
    if (high < 0 || low < 0) fail("malformed %-escape in " + std::string(what));
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool plain = std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// libpq's keyword=value syntax: values single-quoted, with ' and \ escaped.
std::string libpq_quote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

bool is_secret_parameter(std::string_view key) {
  return key == "password" || key == "passfile" || key == "sslpassword";
}

DatabaseUrl parse_sqlite(std::string_view rest) {
  DatabaseUrl url;
  url.engine = DatabaseUrl::Engine::kSqlite;
  if (rest == ":memory:") return url;
  if (rest.starts_with("//")) rest.remove_prefix(2);  // "sqlite:///abs/path"
  if (rest.empty()) fail("the SQLite path is empty; " + std::string(kForms));
  url.path = percent_decode(rest, "the SQLite path");
  // SOCI's connect string quotes values with double quotes, and has no
  // escape for a double quote inside one.
  if (url.path.find_first_of("\"\n\r") != std::string::npos) {
    fail("the SQLite path contains a double quote or a line break, which is not supported");
  }
  return url;
}

void parse_host_port(std::string_view hostport, DatabaseUrl& url) {
  std::string_view host = hostport;
  std::string_view port;
  if (hostport.starts_with('[')) {  // [IPv6]:port
    const std::size_t close = hostport.find(']');
    if (close == std::string_view::npos) fail("unterminated [ in the host");
    host = hostport.substr(1, close - 1);
    std::string_view after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') fail("unexpected text after the [host]");
      port = after.substr(1);
    }
  } else if (const std::size_t colon = hostport.rfind(':'); colon != std::string_view::npos) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
  }
  url.host = percent_decode(host, "the host");
  if (!port.empty()) {
    int value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc{} || end != port.data() + port.size() || value < 1 || value > 65535) {
      fail("the port \"" + std::string(port) + "\" is not a number from 1 to 65535");
    }
    url.port = value;
  }
}

void parse_query(std::string_view query, DatabaseUrl& url) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      fail("the parameter \"" + std::string(pair.substr(0, eq)) + "\" needs the form key=value");
    }
    const std::string key = percent_decode(pair.substr(0, eq), "a parameter name");
    std::string value = percent_decode(pair.substr(eq + 1), "the value of " + key);
    if (key == "password") {
      url.password = std::move(value);
    } else if (key == "host") {
      url.host = std::move(value);
    } else if (key == "port") {
      parse_host_port(":" + std::string(value), url);
    } else if (key == "user") {
      url.user = std::move(value);
    } else if (key == "dbname") {
      url.dbname = std::move(value);
    } else {
      url.parameters.emplace_back(key, std::move(value));
    }
  }
}

DatabaseUrl parse_postgresql(std::string_view rest) {
  DatabaseUrl url;
  url.engine = DatabaseUrl::Engine::kPostgresql;
  const std::size_t query_start = rest.find('?');
  const std::string_view query =
      query_start == std::string_view::npos ? std::string_view{} : rest.substr(query_start + 1);
  rest = rest.substr(0, query_start);
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    url.dbname = percent_decode(rest.substr(slash + 1), "the database name");
    if (url.dbname.find('/') != std::string::npos) fail("the database name contains '/'");
  }
  // The password may contain '@' if unencoded; the last '@' ends the user info.
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const std::size_t colon = userinfo.find(':');
    url.user = percent_decode(userinfo.substr(0, colon), "the user name");
    if (colon != std::string_view::npos) {
      url.password = percent_decode(userinfo.substr(colon + 1), "the password");
    }
  }
  parse_host_port(authority, url);
  parse_query(query, url);
  return url;
}

}  // namespace

DatabaseUrl DatabaseUrl::parse(std::string_view text) {
  if (text.starts_with("sqlite:")) return parse_sqlite(text.substr(7));
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (text.starts_with(scheme)) return parse_postgresql(text.substr(scheme.size()));
  }
  if (text.empty()) fail("is empty; " + std::string(kForms));
  // Echo only a scheme, and only one that looks like one: the rest, or a
  // mistyped URL that is all password, must never reach a log.
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) fail("has no scheme; " + std::string(kForms));
  const std::string_view scheme = text.substr(0, std::min(colon, std::size_t{16}));
  fail("unsupported scheme \"" + std::string(scheme) + "\"; " + std::string(kForms));
}

std::string DatabaseUrl::redacted() const {
  if (is_sqlite()) return is_sqlite_memory() ? "sqlite::memory:" : "sqlite:" + path;
  std::string out = "postgresql://";
  if (!user.empty()) out += percent_encode(user) + "@";
  if (host.find(':') != std::string::npos) {
    out += "[" + host + "]";
  } else {
    out += percent_encode(host);
  }
  if (port != 0) out += ":" + std::to_string(port);
  out += "/" + percent_encode(dbname);
  char separator = '?';
  for (const auto& [key, value] : parameters) {
    if (is_secret_parameter(key)) continue;
    out += separator + percent_encode(key) + "=" + percent_encode(value);
    separator = '&';
  }
  return out;
}

std::string DatabaseUrl::soci_backend() const { return is_sqlite() ? "sqlite3" : "postgresql"; }

std::string DatabaseUrl::soci_connect_string() const {
  if (is_sqlite()) {
    return "db=\"" + (path.empty() ? std::string(":memory:") : path) + "\" timeout=5";
  }
  std::string out;
  const auto add = [&out](std::string_view key, std::string_view value) {
    if (value.empty()) return;
    if (!out.empty()) out += ' ';
    out += std::string(key) + "=" + libpq_quote(value);
  };
  add("host", host);
  add("port", port != 0 ? std::to_string(port) : std::string{});
  add("dbname", dbname);
  add("user", user);
  add("password", password);
  for (const auto& [key, value] : parameters) add(key, value);
  return out;
}

std::string DatabaseUrl::sqlite_path() const { return is_sqlite() ? path : std::string{}; }

std::string DatabaseUrl::location() const {
  if (is_sqlite()) return is_sqlite_memory() ? ":memory:" : path;
  const std::string shown_host = host.empty() ? "localhost" : host;
  return shown_host + ":" + std::to_string(port != 0 ? port : 5432);
}

}  // namespace caseaudit::db
