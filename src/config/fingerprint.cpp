#include "config/fingerprint.h"

#include <bit>
#include <cstring>

#include <fmt/format.h>

namespace schedtool {
namespace {

// splitmix64's finaliser: every input bit reaches every output bit.
std::uint64_t scramble(std::uint64_t x) {
  x ^= x >> 30, x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27, x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

void Fingerprint::mix(std::uint64_t word) {
  a_ = scramble(a_ ^ word) + 0x9e3779b97f4a7c15ULL;
  b_ = scramble(b_ + word * 0xff51afd7ed558ccdULL) ^ a_;
}

void Fingerprint::add(std::string_view bytes) {
  mix(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, std::min<std::size_t>(8, bytes.size() - i));
    mix(word);
  }
}

void Fingerprint::add(std::int64_t value) { mix(static_cast<std::uint64_t>(value)); }

void Fingerprint::add_without(const toml::table& table, std::initializer_list<std::string_view> skipped) {
  const auto skip = [&](std::string_view key) {
    for (const std::string_view s : skipped)
      if (s == key) return true;
    return false;
  };
  std::size_t kept = 0;
  for (const auto& [key, value] : table) kept += !skip(key.str());
  mix(static_cast<std::uint64_t>(toml::node_type::table) + 0x100);  // as add(table) would begin
  mix(kept);
  for (const auto& [key, value] : table) {
    if (skip(key.str())) continue;
    add(key.str());
    add(value);
  }
}

void Fingerprint::add(const toml::node& node) {
  mix(static_cast<std::uint64_t>(node.type()) + 0x100);
  if (const auto* table = node.as_table()) {
    mix(table->size());
    for (const auto& [key, value] : *table) {  // toml++ keeps keys sorted: the order is canonical
      add(key.str());
      add(value);
    }
  } else if (const auto* array = node.as_array()) {
    mix(array->size());
    for (const toml::node& item : *array) add(item);
  } else if (const auto* s = node.as_string()) {
    add(s->get());
  } else if (const auto* i = node.as_integer()) {
    add(i->get());
  } else if (const auto* f = node.as_floating_point()) {
    mix(std::bit_cast<std::uint64_t>(f->get()));
  } else if (const auto* b = node.as_boolean()) {
    mix(b->get());
  } else if (const auto* d = node.as_date()) {
    mix(static_cast<std::uint64_t>(d->get().year) << 16 | d->get().month << 8 | d->get().day);
  } else if (const auto* t = node.as_time()) {
    mix(static_cast<std::uint64_t>(t->get().hour) << 40 | std::uint64_t{t->get().minute} << 32 | t->get().nanosecond);
    mix(t->get().second);
  } else if (const auto* dt = node.as_date_time()) {
    const toml::date_time& v = dt->get();
    mix(static_cast<std::uint64_t>(v.date.year) << 16 | v.date.month << 8 | v.date.day);
    mix(static_cast<std::uint64_t>(v.time.hour) << 40 | std::uint64_t{v.time.minute} << 32 | v.time.nanosecond);
    mix(v.time.second);
    mix(v.offset ? static_cast<std::uint64_t>(v.offset->minutes) + 0x10000 : 0);
  }
}

std::string Fingerprint::hex() const { return fmt::format("{:016x}{:016x}", a_, b_); }

}  // namespace schedtool
