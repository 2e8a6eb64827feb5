#include "base/error.h"

namespace schedtool {

std::string caret_lines(const Error& e) {
  if (e.source.empty() || e.length == 0) return {};
  std::string out;
  out.reserve(2 * e.source.size() + 8);
  out.append(2, ' ').append(e.source).append("\n").append(2 + e.offset, ' ').append(e.length, '^');
  return out;
}

}  // namespace schedtool
