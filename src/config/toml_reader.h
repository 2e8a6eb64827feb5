#pragma once
// Typed reads of TOML values that record a Diagnostic instead of throwing, so one pass over the
// file reports every mistake. Each read names the key, what was found and what was expected.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/toml.h"

#include "base/error.h"
#include "config/config.h"

namespace schedtool {

class TomlReader {
 public:
  TomlReader(std::string path, LoadResult& out) : path_(std::move(path)), out_(out) {}

  void error(const toml::source_region& at, std::string message) { add(out_.errors, at, std::move(message)); }
  void warning(const toml::source_region& at, std::string message) { add(out_.warnings, at, std::move(message)); }
  // An Error thrown by a parser of the value's text: the caret offset moves the column into the string.
  void error_in_value(const toml::node& value, const Error& e, const std::string& context);
  // The same for a warning a parser returned (a numeric wrap-around range in a cron field).
  void warning_in_value(const toml::node& value, const Error& w, const std::string& context);

  // The context appended to messages while reading one job: ` (job "backup")`.
  void set_context(std::string context) { context_ = std::move(context); }

  std::optional<std::string> string(const toml::node& value, std::string_view key);
  std::optional<bool> boolean(const toml::node& value, std::string_view key);
  std::optional<std::int64_t> integer(const toml::node& value, std::string_view key, std::int64_t min);
  // A number of seconds, or a string like "1h30m". `allow_none`: the string "none" → nullopt inside.
  std::optional<std::optional<Duration>> duration(const toml::node& value, std::string_view key,
                                                  bool allow_none = false);
  // A TOML date-time / date, or a string in time/time_text.h form. Naive values are read in `zone`.
  std::optional<Instant> instant(const toml::node& value, std::string_view key, const Zone& zone);
  // A zone name; unknown names get suggestions.
  ZonePtr zone(const toml::node& value, std::string_view key);
  // The value's text for a cron field: strings as they are, integers as decimal text.
  std::optional<std::string> field_text(const toml::node& value, std::string_view key);

  const std::string& path() const { return path_; }

 private:
  void add(std::vector<Diagnostic>& list, const toml::source_region& at, std::string message);
  void type_error(const toml::node& value, std::string_view key, std::string_view expected);

  std::string path_;
  LoadResult& out_;
  std::string context_;
};

// "a string", "an integer", "a table", … for messages.
std::string_view toml_type_name(const toml::node& value);

// Reports each key of `table` not in `allowed`, with a suggestion:
//   "unknown key 'timezon' in [scheduler] (did you mean 'timezone'?)"
void check_table_keys(TomlReader& reader, const toml::table& table, std::span<const std::string_view> allowed,
                      std::string_view where);

// `node` as a table; else an error ("'executors' must be a table, not an integer") and nullptr.
const toml::table* table_at(TomlReader& reader, const toml::node* node, std::string_view key);

}  // namespace schedtool
