#pragma once
// The retry keys, read alike in a [[jobs]] table and in [job_defaults]:
//   retries = 3              attempts after the first (0-1000)
//   retry_delay = "10s"      wait before the first retry
//   retry_backoff = 2.0      each later wait is this many times the one before (>= 1)
//   retry_max_delay = "5m"   no wait is longer than this ("none": no cap)
#include <span>
#include <string_view>

#include "config/config.h"
#include "config/toml_reader.h"

namespace schedtool {

inline constexpr int kMaxRetries = 1000;

std::span<const std::string_view> retry_key_names();

// Reads the retry keys present in `table` over `policy` (which holds the inherited values).
// Reports every mistake through `reader`; false when there was one.
bool read_retry_keys(TomlReader& reader, const toml::table& table, RetryPolicy& policy);

}  // namespace schedtool
