#include "config/file_trust.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace schedtool {
namespace {

std::string absolute(const std::string& path) {
  if (!path.empty() && path.front() == '/') return path;
  char cwd[4096];
  return getcwd(cwd, sizeof cwd) ? std::string(cwd) + "/" + path : path;
}

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

bool others_can_write(const struct stat& st) { return st.st_mode & (S_IWGRP | S_IWOTH); }

void check_jobs_file(const Config& config, std::vector<Diagnostic>& out) {
  struct stat file {}, folder {};
  if (stat(config.path.c_str(), &file) != 0 || stat(folder_of(config.path).c_str(), &folder) != 0) return;
  const auto refuse = [&](const std::string& why) {
    out.push_back({config.path, 0, 0, why + " — refusing to run it as root, as cron refuses such crontabs"});
  };
  if (others_can_write(file))
    refuse(fmt::format("the jobs file is writable by {} (chmod go-w {})", file.st_mode & S_IWOTH ? "others" : "its group",
                       config.path));
  const bool sticky_and_ours = (folder.st_mode & S_ISVTX) && file.st_uid == 0;
  if (others_can_write(folder) && !sticky_and_ours)
    refuse(fmt::format("its directory {} is writable by {} (chmod go-w {})", folder_of(config.path),
                       folder.st_mode & S_IWOTH ? "others" : "its group", folder_of(config.path)));
}

void check_symlinks(const std::string& what, const std::string& path, const Diagnostic& at, uid_t euid,
                    std::vector<Diagnostic>& out) {
  uid_t owner = 0;
  const std::string link = foreign_symlink(path, euid, owner);
  if (link.empty()) return;
  Diagnostic d = at;
  d.message = fmt::format("{} '{}': refusing to follow the symlink {} owned by uid {} while running as root", what,
                          path, link, owner);
  out.push_back(std::move(d));
}

}  // namespace

std::string foreign_symlink(const std::string& path, uid_t euid, uid_t& owner) {
  const std::string full = absolute(path);
  for (std::size_t end = full.find('/', 1);; end = full.find('/', end + 1)) {
    const std::string prefix = full.substr(0, end);
    struct stat st {};
    if (lstat(prefix.c_str(), &st) != 0) return {};  // does not exist (yet): nothing to follow
    if (S_ISLNK(st.st_mode) && st.st_uid != 0 && st.st_uid != euid) {
      owner = st.st_uid;
      return prefix;
    }
    if (end == std::string::npos) return {};
  }
}

std::vector<Diagnostic> trust_problems(const Config& config, uid_t euid) {
  std::vector<Diagnostic> out;
  if (euid != 0) return out;
  check_jobs_file(config, out);
  check_symlinks("the jobs file", config.path, {config.path, 0, 0, ""}, euid, out);
  if (config.store.type == StoreType::sqlite)
    check_symlinks("the state file", config.store.path, {config.path, 0, 0, ""}, euid, out);
  for (const JobConfig& job : config.jobs) {
    if (!job.cwd.empty()) check_symlinks("cwd", job.cwd, {config.path, job.line, 1, ""}, euid, out);
  }
  return out;
}

}  // namespace schedtool
