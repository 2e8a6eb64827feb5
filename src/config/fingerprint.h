#pragma once
// A job's fingerprint: equal for the same definition, different (with overwhelming odds) for any
// change. It hashes the job's TOML table canonically — keys in order, each value with its type —
// plus what the job inherits, so a reload or a restart can tell an unchanged job from a changed
// one. 128 bits as 32 hex digits; cheap enough for 100,000 jobs (no text is formatted).
#include <initializer_list>
#include <string>
#include <string_view>

#include "config/toml.h"

namespace schedtool {

class Fingerprint {
 public:
  void add(const toml::node& node);
  // The table as if the `skipped` keys were not in it (no copy of the table is made).
  void add_without(const toml::table& table, std::initializer_list<std::string_view> skipped);
  void add(std::string_view bytes);
  void add(std::int64_t value);
  std::string hex() const;

 private:
  void mix(std::uint64_t word);
  std::uint64_t a_ = 0xcbf29ce484222325ULL, b_ = 0x84222325cbf29ce4ULL;
};

}  // namespace schedtool
