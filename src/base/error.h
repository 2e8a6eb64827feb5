#pragma once
// The one error type of schedtool. Parsers and loaders throw it; only cli_main catches it and turns
// it into a message and an exit code. It carries what a user needs to find and fix the mistake:
// the position in a file (when there is one) and a caret span inside the text that was parsed.
//
//   jobs.toml:12:9: cron field 'hour': 25 is out of range 0-23
//   schedtool: error: invalid crontab expression: hour 25 is out of range 0-23
//     0 25 * * *
//       ^^
#include <cstddef>
#include <exception>
#include <string>

namespace schedtool {

struct Error : std::exception {
  std::string message;   // what is wrong and what was expected, without position
  std::string source;    // the text the caret points into ("" = no caret)
  std::size_t offset = 0;  // caret start within source
  std::size_t length = 0;  // caret width (0 = no caret)

  Error() = default;
  explicit Error(std::string msg) : message(std::move(msg)) {}
  Error(std::string msg, std::string src, std::size_t off, std::size_t len)
      : message(std::move(msg)), source(std::move(src)), offset(off), length(len) {}

  const char* what() const noexcept override { return message.c_str(); }
};

// "  0 25 * * *\n    ^^" — the source line indented by two spaces and a caret line under the span.
std::string caret_lines(const Error& e);

}  // namespace schedtool
