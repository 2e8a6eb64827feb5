#pragma once
// Internal to the postgresql job store (postgres_store.cpp, postgres_cluster.cpp): values as SQL text
// parameters, the server's clock in SQL, and the messages both files write into rows.
#include <unistd.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/pg_connection.h"
#include "time/instant.h"

namespace schedtool::pg_sql {

inline std::string micros(Instant t) { return std::to_string(t.time_since_epoch().count()); }
inline Instant instant(std::int64_t us) { return Instant(Duration(us)); }
inline PgParam optional_micros(std::optional<Instant> t) { return t ? PgParam(micros(*t)) : std::nullopt; }

// A PostgreSQL array literal of texts: every element quoted, so ids with commas, quotes or braces pass.
inline std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const std::string& v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

inline std::string number_array(const std::vector<std::optional<std::int64_t>>& values) {
  std::string out = "{";
  for (const auto& v : values) {
    if (out.size() > 1) out += ',';
    out += v ? std::to_string(*v) : "NULL";
  }
  return out + "}";
}

// bytea in and out as hex ("\x4142"): a run's output may hold any byte, NUL included.
inline std::string hex_bytes(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + 2 * bytes.size());
  for (const unsigned char c : bytes) out.append({kDigits[c >> 4], kDigits[c & 15]});
  return out;
}

inline std::string from_hex(std::string_view text) {
  if (text.substr(0, 2) != "\\x") return std::string(text);
  text.remove_prefix(2);
  const auto digit = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) out += static_cast<char>(digit(text[i]) << 4 | digit(text[i + 1]));
  return out;
}

inline std::string_view tail(const std::string& output, std::size_t limit) {
  std::string_view v = output;
  if (v.size() > limit) v.remove_prefix(v.size() - limit);
  return v;
}

inline std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

inline constexpr const char* kNowMicros = "(extract(epoch FROM now()) * 1000000)::bigint";
// The server's time as a one-row table t(us): the database's clock decides, never a host's.
inline constexpr const char* kNow = "(SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS us) t";
inline constexpr const char* kRecoveredRun = "interrupted: its instance's lease lapsed (recovered by another instance)";

}  // namespace schedtool::pg_sql
