#include "exec/line_buffer.h"

namespace schedtool {

std::vector<std::string> LineBuffer::append(std::string_view bytes) {
  std::vector<std::string> lines;
  while (!bytes.empty()) {
    const std::size_t newline = bytes.find('\n');
    const std::size_t take = newline == std::string_view::npos ? bytes.size() : newline;
    const std::size_t room = kMaxLine - partial_.size();
    if (take >= room) {  // too long: emit what fits as a line of its own
      partial_.append(bytes.substr(0, room));
      lines.push_back(std::move(partial_));
      partial_.clear();
      bytes.remove_prefix(room);
      continue;
    }
    partial_.append(bytes.substr(0, take));
    if (newline == std::string_view::npos) break;
    lines.push_back(std::move(partial_));
    partial_.clear();
    bytes.remove_prefix(take + 1);
  }
  return lines;
}

std::vector<std::string> LineBuffer::flush() {
  if (partial_.empty()) return {};
  std::vector<std::string> lines{std::move(partial_)};
  partial_.clear();
  return lines;
}

}  // namespace schedtool
