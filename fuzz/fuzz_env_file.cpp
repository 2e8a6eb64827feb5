// parse_env_file (config/env_file.h): the env_file secrets format. Documented failure:
// schedtool::Error. The file holds secrets, so an error must never show its text: no caret source,
// and the message is "line N: " plus one of the fixed reasons.
// Round-trip: the variables written back as NAME="escaped value" lines parse to the same list.
#include <cstdint>

#include "base/error.h"
#include "config/env_file.h"
#include "fuzz_support.h"

using namespace schedtool;

namespace {

constexpr std::string_view kReasons[] = {
    "expected NAME=VALUE",
    "not a variable name (letters, digits and _, not starting with a digit)",
    "text after the closing quote",
    "unterminated \" quote",
    "unterminated ' quote",
};

bool fixed_message(std::string_view message) {
  if (!message.starts_with("line ")) return false;
  message.remove_prefix(5);
  std::size_t digits = 0;
  while (digits < message.size() && message[digits] >= '0' && message[digits] <= '9') ++digits;
  if (digits == 0 || message.substr(digits, 2) != ": ") return false;
  message.remove_prefix(digits + 2);
  for (const std::string_view reason : kReasons)
    if (message == reason) return true;
  return false;
}

std::string quoted(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  std::vector<std::pair<std::string, std::string>> vars;
  try {
    vars = parse_env_file(text);
  } catch (const Error& e) {
    if (!e.source.empty() || !fixed_message(e.message)) fuzz::finding("env_file error shows more than its line", text, e.message);
    return 0;
  }
  std::string written;
  for (const auto& [name, value] : vars) written += name + "=" + quoted(value) + "\n";
  try {
    if (parse_env_file(written) != vars) fuzz::finding("env_file does not round-trip", text, written);
  } catch (const Error& e) {
    fuzz::finding("written env_file does not parse", text, written + ": " + e.message);
  }
  return 0;
}
