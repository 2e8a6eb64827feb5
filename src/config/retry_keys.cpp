#include "config/retry_keys.h"

#include <cmath>

#include <fmt/format.h>

namespace schedtool {
namespace {

constexpr std::string_view kRetryKeys[] = {"retries", "retry_delay", "retry_backoff", "retry_max_delay"};
constexpr double kMaxBackoff = 100.0;

std::optional<int> read_retries(TomlReader& reader, const toml::node& node) {
  const auto n = reader.integer(node, "retries", 0);
  if (!n) return std::nullopt;
  if (*n > kMaxRetries) {
    reader.error(node.source(), fmt::format("'retries' must be at most {}, not {}", kMaxRetries, *n));
    return std::nullopt;
  }
  return static_cast<int>(*n);
}

std::optional<double> read_backoff(TomlReader& reader, const toml::node& node) {
  std::optional<double> factor;
  if (const auto* f = node.as_floating_point()) factor = f->get();
  if (const auto* i = node.as_integer()) factor = static_cast<double>(i->get());
  if (!factor) {
    reader.error(node.source(), fmt::format("'retry_backoff' must be a number like 2.0 (each wait twice the one "
                                            "before), not {}", toml_type_name(node)));
    return std::nullopt;
  }
  if (!std::isfinite(*factor) || *factor < 1.0 || *factor > kMaxBackoff) {
    reader.error(node.source(), fmt::format("'retry_backoff' must be between 1 (the same wait each time) and {}, "
                                            "not {}", kMaxBackoff, *factor));
    return std::nullopt;
  }
  return factor;
}

}  // namespace

std::span<const std::string_view> retry_key_names() { return kRetryKeys; }

bool read_retry_keys(TomlReader& reader, const toml::table& table, RetryPolicy& policy) {
  bool ok = true;
  if (const auto* node = table.get("retries")) {
    const auto n = read_retries(reader, *node);
    if (n) policy.retries = *n;
    ok &= n.has_value();
  }
  if (const auto* node = table.get("retry_delay")) {
    const auto d = reader.duration(*node, "retry_delay");
    if (d) policy.delay = **d;
    ok &= d.has_value();
  }
  if (const auto* node = table.get("retry_backoff")) {
    const auto f = read_backoff(reader, *node);
    if (f) policy.backoff = *f;
    ok &= f.has_value();
  }
  if (const auto* node = table.get("retry_max_delay")) {
    const auto d = reader.duration(*node, "retry_max_delay", true);
    if (d) policy.max_delay = *d;
    ok &= d.has_value();
  }
  return ok;
}

}  // namespace schedtool
