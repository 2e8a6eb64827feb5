#pragma once
// Internal to src/store: the state file as a file — created 0600, locked for the process lifetime,
// checked to be schedtool's (application_id, user_version, tables) and whole (quick_check), and
// migrated forward — before SqliteStore prepares a single statement on it.
#include <string>
#include <utility>

#include <unistd.h>

#include "store/sqlite_db.h"

namespace schedtool {

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&&) = delete;
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Opens (creating it 0600 if missing) and flocks the state file; throws Error naming the pid of
// another schedtool that holds it.
UniqueFd lock_state_file(const std::string& path);

// A connection to a file known to be a schedtool state file at this binary's schema (a reader
// takes any schema since 1 and never migrates). Throws Error, or StateFileDamaged.
sqlite::Db open_checked(const std::string& path, bool read_only);

}  // namespace schedtool
