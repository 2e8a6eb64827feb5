#include "config/text_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace schedtool {
namespace {

// Why a file of this kind holds no text to read; empty for regular files, pipes and character
// devices (/dev/null, a terminal as /dev/stdin). A directory is worded as cat and sh word it.
std::string unreadable_kind(mode_t mode) {
  if (S_ISDIR(mode)) return std::strerror(EISDIR);
  if (S_ISBLK(mode)) return "is a block device, not a file";
  return {};
}

std::string size_text(std::size_t bytes) {
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

TextFile read_text_file(const std::string& path, std::size_t limit) {
  TextFile out;
  // A FIFO blocks here until its writer opens it, as `cat` does: that is how <(command) works.
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return {{}, std::strerror(errno)};
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) return {{}, std::strerror(errno)};
  if (std::string kind = unreadable_kind(st.st_mode); !kind.empty()) return {{}, std::move(kind)};
  if (S_ISREG(st.st_mode)) {
    if (static_cast<std::size_t>(st.st_size) > limit)
      return {{}, fmt::format("is {}; the limit is {}", size_text(static_cast<std::size_t>(st.st_size)), size_text(limit))};
    out.text.reserve(static_cast<std::size_t>(st.st_size));
  }
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return {{}, std::strerror(errno)};
    if (n == 0) break;
    if (out.text.size() + static_cast<std::size_t>(n) > limit)
      return {{}, fmt::format("is larger than the limit of {}", size_text(limit))};
    out.text.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace schedtool
