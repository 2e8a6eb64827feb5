#pragma once
// Minimal JSON writing: schedtool emits JSON (next --json, check --json, log lines) but never reads it.
#include <string>
#include <string_view>

namespace schedtool {

// `text` as a JSON string literal, quotes included.
std::string json_string(std::string_view text);

}  // namespace schedtool
