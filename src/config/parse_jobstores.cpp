#include "config/parse_jobstores.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "base/suggest.h"
#include "config/env_file.h"
#include "config/postgres_url.h"
#include "time/duration_text.h"

namespace schedtool {
namespace {

constexpr std::string_view kJobStoreKeys[] = {"type", "path", "url", "url_env", "lease", "max_clock_offset",
                                              "instance", "history_limit", "output_limit"};

struct StoreTypeName {
  std::string_view name;
  StoreType type;
};
constexpr StoreTypeName kStoreTypes[] = {
    {"memory", StoreType::memory},
    {"sqlite", StoreType::sqlite},
    {"postgresql", StoreType::postgresql},
};

// The keys that only one type reads (history_limit and output_limit belong to every type).
struct TypedKey {
  std::string_view key;
  StoreType owner;
};
constexpr TypedKey kTypedKeys[] = {
    {"path", StoreType::sqlite},
    {"url", StoreType::postgresql},
    {"url_env", StoreType::postgresql},
    {"lease", StoreType::postgresql},
    {"max_clock_offset", StoreType::postgresql},
    {"instance", StoreType::postgresql},
};

constexpr Duration kMinLease = std::chrono::seconds{1};

std::string_view type_name(StoreType type) {
  for (const StoreTypeName& t : kStoreTypes)
    if (t.type == type) return t.name;
  return "?";
}

// Where `key` itself is written in `table` (errors about a key's presence point at the key).
toml::source_region key_source(const toml::table& table, std::string_view key) {
  const auto it = table.find(key);
  return it != table.end() ? it->first.source() : table.source();
}

// type = "..."; nullopt (reported) when it is not one of kStoreTypes.
std::optional<StoreType> read_type(TomlReader& reader, const toml::table& table) {
  const auto* node = table.get("type");
  if (!node) return StoreType::memory;
  const auto text = reader.string(*node, "type");
  if (!text) return std::nullopt;
  for (const StoreTypeName& t : kStoreTypes)
    if (t.name == *text) return t.type;
  constexpr std::string_view names[] = {"memory", "sqlite", "postgresql"};
  const auto suggestion = closest_match(*text, names);
  reader.error(node->source(), fmt::format("unknown job store type '{}' (expected memory, sqlite or postgresql{})",
                                           *text, suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : ""));
  return std::nullopt;
}

// A key another type reads: "'url' is for a postgresql job store; this one is sqlite". A path beside
// a memory store has always been accepted (and ignored), so switching the type back keeps it.
void check_typed_keys(TomlReader& reader, const toml::table& table, StoreType type) {
  const bool defaulted = type == StoreType::memory && !table.contains("type");
  for (const TypedKey& k : kTypedKeys) {
    if (!table.contains(k.key) || k.owner == type) continue;
    if (k.owner == StoreType::sqlite && type == StoreType::memory) continue;
    reader.error(key_source(table, k.key),
                 fmt::format("'{}' is for a {} job store; this one is {}{}", k.key, type_name(k.owner), type_name(type),
                             defaulted ? fmt::format(" (the default: add type = \"{}\")", type_name(k.owner)) : ""));
  }
}

// path = "state.db": required by a sqlite store; read (and ignored) beside a memory one, as before.
void read_path(TomlReader& reader, const toml::table& table, const std::string& config_path, StoreConfig& store) {
  if (const auto* path = table.get("path"))
    store.path = path_beside(config_path, reader.string(*path, "path").value_or(""));
  if (store.type == StoreType::sqlite && store.path.empty())
    reader.error(table.source(), "a sqlite job store needs 'path' (the state file, e.g. \"schedtool.db\")");
}

void read_url(TomlReader& reader, const toml::table& table, StoreConfig& store) {
  const auto* url = table.get("url");
  const auto* env = table.get("url_env");
  if (url && env)
    reader.error(key_source(table, "url_env"),
                 "'url' and 'url_env' are both set: give the connection string one way (url_env names the "
                 "environment variable that holds it)");
  if (url) {
    if (auto text = reader.string(*url, "url"); text && url_holds_password(*text))
      reader.error(url->source(), "job store 'url' must not hold a password: secrets never live in the jobs file "
                                  "(use url_env, PGPASSFILE or ~/.pgpass)");
    else if (text)
      store.url = std::move(*text);
  }
  if (env) {
    auto name = reader.string(*env, "url_env");
    if (!name) return;
    if (name->find('=') != std::string::npos || name->find("://") != std::string::npos)
      reader.error(env->source(), "'url_env' names the environment variable that holds the connection string, "
                                  "not the string itself (e.g. url_env = \"SCHEDTOOL_DB\")");
    else if (!is_env_name(*name))
      reader.error(env->source(), "'url_env' must be an environment variable name: letters, digits and _, not "
                                  "starting with a digit (e.g. \"SCHEDTOOL_DB\")");
    else
      store.url_env = std::move(*name);
  }
}

void read_postgresql_durations(TomlReader& reader, const toml::table& table, StoreConfig& store) {
  if (const auto* node = table.get("lease")) {
    if (const auto lease = reader.duration(*node, "lease"); lease && **lease < kMinLease)
      reader.error(node->source(), fmt::format("'lease' must be at least {}, not {}", format_duration(kMinLease),
                                               format_duration(**lease)));
    else if (lease)
      store.lease = **lease;
  }
  if (const auto* node = table.get("max_clock_offset")) {
    if (const auto offset = reader.duration(*node, "max_clock_offset"); offset && **offset <= Duration::zero())
      reader.error(node->source(), "'max_clock_offset' must be more than 0s");
    else if (offset)
      store.max_clock_offset = **offset;
  }
}

// instance = "web-1": one word, as it shows in the other members' logs.
void read_instance(TomlReader& reader, const toml::table& table, StoreConfig& store) {
  const auto* node = table.get("instance");
  if (!node) return;
  auto name = reader.string(*node, "instance");
  if (!name) return;
  const auto bad = std::find_if(name->begin(), name->end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= ' ' || u == 0x7f;
  });
  if (name->empty())
    reader.error(node->source(), "'instance' is empty (leave it out to be named HOST:PID)");
  else if (bad != name->end())
    reader.error(node->source(), "'instance' must not contain whitespace or control characters");
  else
    store.instance = std::move(*name);
}

void read_limits(TomlReader& reader, const toml::table& table, StoreConfig& store) {
  if (const auto* n = table.get("history_limit"))
    store.history_limit = static_cast<std::size_t>(reader.integer(*n, "history_limit", 0).value_or(100));
  if (const auto* n = table.get("output_limit"))
    store.output_limit = static_cast<std::size_t>(reader.integer(*n, "output_limit", 0).value_or(64 * 1024));
}

void read_store(TomlReader& reader, const toml::table& table, const std::string& config_path, StoreConfig& store) {
  check_table_keys(reader, table, kJobStoreKeys, "[jobstores.default]");
  read_limits(reader, table, store);
  const auto type = read_type(reader, table);
  if (!type) return;
  store.type = *type;
  check_typed_keys(reader, table, *type);
  if (*type != StoreType::postgresql) return read_path(reader, table, config_path, store);
  read_url(reader, table, store);
  read_postgresql_durations(reader, table, store);
  read_instance(reader, table, store);
}

}  // namespace

StoreConfig read_jobstores(TomlReader& reader, const toml::table& root, const std::string& config_path) {
  StoreConfig store;
  const auto* stores = table_at(reader, root.get("jobstores"), "jobstores");
  if (!stores) return store;
  for (const auto& [alias, node] : *stores) {
    if (alias.str() != "default") {
      reader.error(alias.source(), fmt::format("unknown job store '{}': only [jobstores.default] exists", alias.str()));
      continue;
    }
    if (const auto* table = table_at(reader, &node, "jobstores.default"))
      read_store(reader, *table, config_path, store);
  }
  return store;
}

}  // namespace schedtool
