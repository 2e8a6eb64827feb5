#pragma once
// Reads one flat JSON object — {"v": 1, "cmd": "pause", "id": "backup"} — the only JSON schedtool
// reads (control requests and replies). Values are strings, numbers, booleans or null; a nested
// object or array is read past, so a newer peer's extra fields do no harm, and is kept as its
// raw text. Anything that is not exactly one JSON object is an Error with the offset of the fault.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace schedtool {

struct JsonValue {
  enum class Type { string, number, boolean, null, nested } type = Type::null;
  std::string text;     // string: the decoded text; number and nested: the raw text
  double number = 0;
  bool boolean = false;
};

using JsonObject = std::map<std::string, JsonValue, std::less<>>;

// Throws Error (message plus offset into `text`) for anything else; nesting deeper than
// `max_depth` is refused, so hostile input cannot exhaust the stack.
JsonObject parse_json_object(std::string_view text, std::size_t max_depth = 16);

}  // namespace schedtool
