// Finding zones by name: the zoneinfo directory, a process-wide cache, and the machine's zone.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "base/error.h"
#include "base/suggest.h"
#include "time/posix_tz.h"
#include "time/tzif.h"
#include "time/zone.h"

namespace schedtool {
namespace fs = std::filesystem;
namespace {

std::string zoneinfo_dir() {
  const char* dir = std::getenv("TZDIR");
  return (dir != nullptr && *dir != '\0') ? std::string(dir) : std::string("/usr/share/zoneinfo");
}

// A zone name is a relative path inside zoneinfo; anything that could escape it is refused.
void check_name(std::string_view name) {
  const bool bad = name.empty() || name.front() == '/' || name.back() == '/' ||
                   name.find("..") != std::string_view::npos || name.find('\0') != std::string_view::npos;
  if (bad) {
    throw Error("invalid time zone name '" + std::string(name) + "' (expected a name like 'Europe/Berlin')");
  }
}

Zone::Data utc_data() {
  Zone::Data d;
  d.types.push_back({std::chrono::seconds{0}, false, "UTC"});
  d.footer = "UTC0";
  return d;
}

[[noreturn]] void unknown_zone(std::string_view name) {
  std::string msg = "unknown time zone '" + std::string(name) + "'";
  const std::vector<std::string> names = zone_names();
  if (const auto best = closest_match(name, std::span<const std::string>(names))) {
    msg += " (did you mean '" + *best + "'?)";
  }
  throw Error(msg);
}

bool is_tzif_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && has_tzif_magic(std::string_view(magic, 4));
}

ZonePtr load_zone(std::string_view name, const std::string& dir) {
  const std::string path = dir + "/" + std::string(name);
  std::error_code ec;
  if (fs::is_regular_file(path, ec) && is_tzif_file(path)) {
    return std::make_shared<const Zone>(std::string(name), read_tzif_file(path, name));
  }
  if (name == "UTC") return std::make_shared<const Zone>("UTC", utc_data());
  unknown_zone(name);
}

// `file` relative to `dir`, if it lies inside it.
std::optional<std::string> relative_inside(const fs::path& file, const fs::path& dir) {
  const fs::path rel = file.lexically_normal().lexically_relative(dir.lexically_normal());
  if (rel.empty() || *rel.begin() == ".." || *rel.begin() == ".") return std::nullopt;
  return rel.generic_string();
}

// The zone name of `path`: its symlink target's path under zoneinfo (keeping the alias a user
// chose, "US/Eastern"), else its fully resolved path's.
std::optional<std::string> name_under_zoneinfo(const std::string& path) {
  std::error_code ec;
  const fs::path dir = zoneinfo_dir();
  if (fs::is_symlink(path, ec)) {
    const fs::path target = fs::read_symlink(path, ec);
    if (!ec) {
      if (auto name = relative_inside(fs::path(path).parent_path() / target, dir)) return name;
    }
  }
  if (auto name = relative_inside(path, dir)) return name;
  const fs::path file = fs::canonical(path, ec);
  if (ec) return std::nullopt;
  const fs::path real_dir = fs::canonical(dir, ec);
  if (ec) return std::nullopt;
  return relative_inside(file, real_dir);
}

// A zone read straight from a file outside the name lookup ($TZ=":/path", /etc/localtime).
ZonePtr zone_from_file(const std::string& path, const std::string& fallback_name) {
  if (const auto name = name_under_zoneinfo(path)) {
    try {
      return find_zone(*name);
    } catch (const Error&) {
      // A file that is not a valid zone by name (e.g. a copy elsewhere): read it directly below.
    }
  }
  return std::make_shared<const Zone>(fallback_name, read_tzif_file(path, fallback_name));
}

// $TZ as glibc reads it: ":name" or "name" of a zoneinfo file, an absolute path, or a POSIX rule.
ZonePtr zone_from_tz_variable(std::string_view tz) {
  if (!tz.empty() && tz.front() == ':') tz.remove_prefix(1);
  if (tz.empty()) return find_zone("UTC");  // glibc: TZ set but empty means UTC
  try {
    if (tz.front() == '/') return zone_from_file(std::string(tz), std::string(tz));
    return find_zone(tz);
  } catch (const Error&) {
  }
  if (parse_posix_tz(tz)) {
    Zone::Data d;
    d.footer = std::string(tz);
    return std::make_shared<const Zone>(std::string(tz), std::move(d));
  }
  return find_zone("UTC");  // glibc falls back to UTC for a TZ it cannot read; so do we, quietly
}

}  // namespace

ZonePtr find_zone(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, ZonePtr, std::less<>> cache;  // keyed by zoneinfo dir + '\n' + name
  check_name(name);
  const std::string dir = zoneinfo_dir();
  const std::string key = dir + '\n' + std::string(name);
  {
    const std::lock_guard<std::mutex> lock(mutex);
    if (const auto it = cache.find(key); it != cache.end()) return it->second;
  }
  ZonePtr zone = load_zone(name, dir);  // outside the lock: the error path walks the whole directory
  const std::lock_guard<std::mutex> lock(mutex);
  return cache.emplace(key, std::move(zone)).first->second;
}

ZonePtr local_zone() {
  if (const char* tz = std::getenv("TZ")) return zone_from_tz_variable(tz);
  std::error_code ec;
  if (fs::exists("/etc/localtime", ec)) {
    try {
      return zone_from_file("/etc/localtime", "localtime");
    } catch (const Error&) {
    }
  }
  return find_zone("UTC");
}

std::vector<std::string> zone_names() {
  const fs::path dir = zoneinfo_dir();
  std::vector<std::string> names;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::follow_directory_symlink, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string leaf = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (leaf == "posix" || leaf == "right") it.disable_recursion_pending();  // copies of the main tree
      continue;
    }
    // Not zones a user would name: the default-rule file, a link to this machine's zone, a placeholder.
    if (leaf == "posixrules" || leaf == "localtime" || leaf == "Factory") continue;
    if (!it->is_regular_file(ec) || !is_tzif_file(it->path())) continue;
    names.push_back(it->path().lexically_relative(dir).generic_string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace schedtool
