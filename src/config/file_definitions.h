#pragma once
// The jobs file's own job tables by id, as TOML text: what `ctl get` shows of a file job and what
// `ctl modify` / `ctl reschedule` start from. Read on first use and again when the file changes
// (its size or modification time), so a modify costs a map lookup, not a parse of 10,000 jobs.
#include <ctime>
#include <map>
#include <optional>
#include <string>

#include "config/config.h"

namespace schedtool {

class FileDefinitions {
 public:
  FileDefinitions(std::string path, FileFormat format) : path_(std::move(path)), format_(format) {}
  std::optional<std::string> find(const std::string& id);

 private:
  void read();

  std::string path_;
  FileFormat format_;
  std::map<std::string, std::string> tables_;
  bool read_once_ = false;
  std::timespec modified_{};
  long long size_ = -1;
};

}  // namespace schedtool
