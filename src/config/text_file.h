#pragma once
// The one way the config reads a file (the jobs file, an env_file): the whole of it, or why not,
// in words a user can act on ("Is a directory", "is 3.1 GiB; the limit is 256 MiB").
//
// Regular files are read in one allocation; a pipe or FIFO (`schedtool check <(gen-jobs)`) or a
// character device (/dev/null) is read as it comes, up to the same limit. A directory or a block
// device is refused by its kind before anything is read.
#include <cstddef>
#include <string>

namespace schedtool {

struct TextFile {
  std::string text;
  std::string error;  // empty when read; else "Is a directory", "No such file or directory", ...
  bool ok() const { return error.empty(); }
};

inline constexpr std::size_t kMaxTextFileBytes = std::size_t{256} << 20;

TextFile read_text_file(const std::string& path, std::size_t limit = kMaxTextFileBytes);

}  // namespace schedtool
