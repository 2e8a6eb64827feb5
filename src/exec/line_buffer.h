#pragma once
// Splits a child's output into lines, holding at most one partial line. A line longer than
// kMaxLine is cut and emitted in pieces, so a job that writes without newlines cannot grow memory.
#include <string>
#include <string_view>
#include <vector>

namespace schedtool {

class LineBuffer {
 public:
  static constexpr std::size_t kMaxLine = 64 * 1024;

  // Appends bytes; returns the lines completed by them (without '\n').
  std::vector<std::string> append(std::string_view bytes);
  // The partial last line, if any (at end of output).
  std::vector<std::string> flush();

 private:
  std::string partial_;
};

}  // namespace schedtool
