#pragma once
// UTF-8 checks for text that must be valid UTF-8 where it goes (a TOML file, for one).
#include <cstddef>
#include <string>
#include <string_view>

namespace schedtool {

// The offset of the first byte that does not start or continue a valid UTF-8 sequence (overlong
// forms, surrogates and code points above U+10FFFF count as invalid); npos when all of it is valid.
std::size_t invalid_utf8_at(std::string_view text);

// `text` with each invalid byte and each control character but tab replaced by U+FFFD: safe for a
// TOML comment, whatever the file's encoding was.
std::string printable_utf8(std::string_view text);

}  // namespace schedtool
