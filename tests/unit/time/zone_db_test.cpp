// Finding zones: names, the cache, error messages with suggestions, $TZ, $TZDIR.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "base/error.h"
#include "unit/time/helpers.h"

namespace schedtool {
namespace {

// Sets an environment variable for one scope and restores the old value after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

std::string error_of(std::string_view name) {
  try {
    find_zone(name);
  } catch (const Error& e) {
    return e.message;
  }
  return "(no error)";
}

TEST_CASE("find_zone loads once and shares the zone") {
  const ZonePtr a = find_zone("Europe/Berlin");
  CHECK(a->name() == "Europe/Berlin");
  CHECK(a == find_zone("Europe/Berlin"));
  CHECK(find_zone("Etc/UTC")->period_at(Instant{}).abbrev == "UTC");
  CHECK(find_zone("UTC")->period_at(Instant{}).offset.count() == 0);
}

TEST_CASE("unknown zones suggest the closest name") {
  CHECK(error_of("Europe/Berln") == "unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)");
  CHECK(error_of("America/New_Yrok") == "unknown time zone 'America/New_Yrok' (did you mean 'America/New_York'?)");
  CHECK(error_of("Nowhere/At_All_Really") == "unknown time zone 'Nowhere/At_All_Really'");
  CHECK(error_of("zone.tab").rfind("unknown time zone 'zone.tab'", 0) == 0);  // a file, but not TZif
  CHECK(error_of("America").rfind("unknown time zone 'America'", 0) == 0);    // a directory
}

TEST_CASE("zone names that could leave the zoneinfo directory are refused") {
  for (const char* name : {"../../etc/passwd", "/etc/localtime", "America/../UTC", "", "America/"}) {
    CAPTURE(std::string(name));
    CHECK(error_of(name) == "invalid time zone name '" + std::string(name) + "' (expected a name like 'Europe/Berlin')");
  }
}

TEST_CASE("zone_names lists zones but not the posix/right copies or non-zones") {
  const std::vector<std::string> names = zone_names();
  const auto has = [&](const char* n) { return std::binary_search(names.begin(), names.end(), n); };
  CHECK(has("America/New_York"));
  CHECK(has("UTC"));
  CHECK(has("Australia/Lord_Howe"));
  CHECK_FALSE(has("posix/America/New_York"));
  CHECK_FALSE(has("right/UTC"));
  CHECK_FALSE(has("posixrules"));
  CHECK_FALSE(has("localtime"));
  CHECK_FALSE(has("Factory"));
  CHECK_FALSE(has("zone.tab"));
}

TEST_CASE("$TZDIR chooses the zoneinfo directory; UTC exists even without files") {
  const std::string empty_dir = std::filesystem::temp_directory_path() / "schedtool-empty-zoneinfo";
  std::filesystem::create_directories(empty_dir);
  {
    const ScopedEnv tzdir("TZDIR", empty_dir.c_str());
    CHECK(find_zone("UTC")->period_at(Instant{}).abbrev == "UTC");
    CHECK(error_of("Europe/Berlin") == "unknown time zone 'Europe/Berlin'");
  }
  std::filesystem::remove(empty_dir);
  CHECK(find_zone("Europe/Berlin")->name() == "Europe/Berlin");  // the cache is per directory
}

TEST_CASE("local_zone follows $TZ") {
  SUBCASE("a zone name") {
    const ScopedEnv tz("TZ", "America/Santiago");
    CHECK(local_zone()->name() == "America/Santiago");
  }
  SUBCASE("a zone name with glibc's leading colon") {
    const ScopedEnv tz("TZ", ":Australia/Lord_Howe");
    CHECK(local_zone()->name() == "Australia/Lord_Howe");
  }
  SUBCASE("an absolute path inside zoneinfo is named by the zone") {
    const ScopedEnv tz("TZ", ":/usr/share/zoneinfo/Europe/London");
    CHECK(local_zone()->name() == "Europe/London");
  }
  SUBCASE("a POSIX rule, as glibc accepts") {
    const ScopedEnv tz("TZ", "XST5XDT,M3.2.0,M11.1.0");
    const ZonePtr z = local_zone();
    CHECK(z->name() == "XST5XDT,M3.2.0,M11.1.0");
    CHECK(z->period_at(test::utc("2026-07-01T00:00:00Z")).abbrev == "XDT");
  }
  SUBCASE("an unknown value falls back to UTC without throwing") {
    const ScopedEnv tz("TZ", "Mars/Olympus_Mons");
    CHECK(local_zone()->name() == "UTC");
  }
  SUBCASE("an empty value means UTC, as in glibc") {
    const ScopedEnv tz("TZ", "");
    CHECK(local_zone()->name() == "UTC");
  }
  SUBCASE("unset: /etc/localtime, named by its zoneinfo path when it links there") {
    const ScopedEnv tz("TZ", nullptr);
    const ZonePtr z = local_zone();
    std::error_code ec;
    const auto target = std::filesystem::read_symlink("/etc/localtime", ec);
    if (!ec && target.string().rfind("/usr/share/zoneinfo/", 0) == 0) {
      CHECK(z->name() == target.string().substr(20));
    } else {
      CHECK_FALSE(z->name().empty());
    }
  }
}

}  // namespace
}  // namespace schedtool
