#include "config/toml_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/suggest.h"
#include "time/duration_text.h"
#include "time/time_text.h"

namespace schedtool {

std::string_view toml_type_name(const toml::node& value) {
  switch (value.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "nothing";
  }
}

void check_table_keys(TomlReader& reader, const toml::table& table, std::span<const std::string_view> allowed,
                      std::string_view where) {
  for (const auto& [key, value] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    const auto suggestion = closest_match(key.str(), allowed);
    reader.error(key.source(), fmt::format("unknown key '{}' in {}{}", key.str(), where,
                                           suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
  }
}

const toml::table* table_at(TomlReader& reader, const toml::node* node, std::string_view key) {
  if (!node) return nullptr;
  if (const auto* table = node->as_table()) return table;
  reader.error(node->source(), fmt::format("'{}' must be a table, not {}", key, toml_type_name(*node)));
  return nullptr;
}

void TomlReader::add(std::vector<Diagnostic>& list, const toml::source_region& at, std::string message) {
  list.push_back({path_, static_cast<int>(at.begin.line), static_cast<int>(at.begin.column),
                  std::move(message) + context_});
}

namespace {

// A caret inside a one-line string value: point at that character (the +1 skips the quote).
toml::source_region place_in_value(const toml::node& value, const Error& e) {
  toml::source_region at = value.source();
  if (value.is_string() && e.length > 0) at.begin.column += static_cast<toml::source_index>(e.offset + 1);
  return at;
}

}  // namespace

void TomlReader::error_in_value(const toml::node& value, const Error& e, const std::string& context) {
  error(place_in_value(value, e), context + e.message);
}

void TomlReader::warning_in_value(const toml::node& value, const Error& w, const std::string& context) {
  warning(place_in_value(value, w), context + w.message);
}

void TomlReader::type_error(const toml::node& value, std::string_view key, std::string_view expected) {
  error(value.source(), fmt::format("'{}' must be {}, not {}", key, expected, toml_type_name(value)));
}

std::optional<std::string> TomlReader::string(const toml::node& value, std::string_view key) {
  if (const auto* s = value.as_string()) return s->get();
  type_error(value, key, "a string");
  return std::nullopt;
}

std::optional<bool> TomlReader::boolean(const toml::node& value, std::string_view key) {
  if (const auto* b = value.as_boolean()) return b->get();
  type_error(value, key, "true or false");
  return std::nullopt;
}

std::optional<std::int64_t> TomlReader::integer(const toml::node& value, std::string_view key, std::int64_t min) {
  const auto* i = value.as_integer();
  if (!i) {
    type_error(value, key, "an integer");
    return std::nullopt;
  }
  if (i->get() < min) {
    error(value.source(), fmt::format("'{}' must be at least {}, not {}", key, min, i->get()));
    return std::nullopt;
  }
  return i->get();
}

std::optional<std::optional<Duration>> TomlReader::duration(const toml::node& value, std::string_view key,
                                                            bool allow_none) {
  try {
    if (const auto* i = value.as_integer()) return duration_from_seconds(static_cast<double>(i->get()));
    if (const auto* f = value.as_floating_point()) return duration_from_seconds(f->get());
    if (const auto* s = value.as_string()) {
      if (allow_none && s->get() == "none") return std::optional<Duration>{};
      return parse_duration(s->get());
    }
  } catch (const Error& e) {
    error_in_value(value, e, fmt::format("'{}': ", key));
    return std::nullopt;
  }
  type_error(value, key, allow_none ? "seconds, a duration string like \"5m\", or \"none\""
                                    : "seconds or a duration string like \"5m\"");
  return std::nullopt;
}

namespace {

WallTime wall_from(const toml::date& d, const toml::time& t) {
  const auto day = date::local_days{date::year{d.year} / static_cast<int>(d.month) / static_cast<int>(d.day)};
  return WallTime{day} + std::chrono::hours{t.hour} + std::chrono::minutes{t.minute} +
         std::chrono::seconds{t.second} + std::chrono::duration_cast<Duration>(std::chrono::nanoseconds{t.nanosecond});
}

}  // namespace

std::optional<Instant> TomlReader::instant(const toml::node& value, std::string_view key, const Zone& zone) {
  if (const auto* dt = value.as_date_time()) {
    const toml::date_time& v = dt->get();
    const WallTime wall = wall_from(v.date, v.time);
    if (!v.offset) return resolve_naive(zone, wall);
    return Instant{wall.time_since_epoch()} - std::chrono::minutes{v.offset->minutes};
  }
  if (const auto* d = value.as_date()) return resolve_naive(zone, wall_from(d->get(), toml::time{}));
  if (const auto* s = value.as_string()) {
    try {
      return parse_time_in(s->get(), zone);
    } catch (const Error& e) {
      error_in_value(value, e, fmt::format("'{}': ", key));
      return std::nullopt;
    }
  }
  type_error(value, key, "a date-time (2026-12-31T23:59:00, or a string like \"2026-12-31 23:59:00\")");
  return std::nullopt;
}

ZonePtr TomlReader::zone(const toml::node& value, std::string_view key) {
  const auto name = string(value, key);
  if (!name) return nullptr;
  try {
    return find_zone(*name);
  } catch (const Error& e) {
    error(value.source(), fmt::format("'{}': {}", key, e.message));
    return nullptr;
  }
}

std::optional<std::string> TomlReader::field_text(const toml::node& value, std::string_view key) {
  if (const auto* s = value.as_string()) return s->get();
  if (const auto* i = value.as_integer()) return std::to_string(i->get());
  type_error(value, key, "a string or an integer");
  return std::nullopt;
}

}  // namespace schedtool
