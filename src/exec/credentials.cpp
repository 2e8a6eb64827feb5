#include "exec/credentials.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "base/error.h"
#include "exec/launch.h"

namespace schedtool {
namespace {

std::optional<unsigned> numeric_id(const std::string& text) {
  unsigned id = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), id);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return id;
}

std::optional<passwd> find_user(const std::string& user, std::vector<char>& buffer) {
  passwd entry{}, *found = nullptr;
  buffer.resize(16384);
  const auto id = numeric_id(user);
  const int rc = id ? getpwuid_r(*id, &entry, buffer.data(), buffer.size(), &found)
                    : getpwnam_r(user.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (rc != 0 || !found) return std::nullopt;
  return entry;
}

std::optional<gid_t> find_group(const std::string& group) {
  if (const auto id = numeric_id(group)) return static_cast<gid_t>(*id);
  std::vector<char> buffer(16384);
  struct group entry {}, *found = nullptr;
  if (getgrnam_r(group.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found) return std::nullopt;
  return found->gr_gid;
}

std::vector<gid_t> supplementary_groups(const char* name, gid_t gid) {
  int count = 64;
  std::vector<gid_t> groups(static_cast<std::size_t>(count));
  if (getgrouplist(name, gid, groups.data(), &count) < 0) {
    groups.resize(static_cast<std::size_t>(count));
    getgrouplist(name, gid, groups.data(), &count);
  }
  groups.resize(static_cast<std::size_t>(count));
  return groups;
}

// What the child sends back when a step fails: which step, and errno.
struct ChildFailure {
  int step;
  int error;
};
constexpr const char* kSteps[] = {"setpgid", "stdin", "dup2", "chdir", "setgroups", "setgid", "setuid", "exec"};

[[noreturn]] void fail_in_child(int pipe_fd, int step) {
  const ChildFailure f{step, errno};
  [[maybe_unused]] const auto r = write(pipe_fd, &f, sizeof f);
  _exit(127);
}

// Runs in the forked child: async-signal-safe calls only, no allocation.
[[noreturn]] void become(const ForkExec& plan, const Credentials& c, int report) {
  if (setpgid(0, 0) != 0) fail_in_child(report, 0);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; ++s) sigaction(s, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd < 0 || dup2(null_fd, 0) < 0) fail_in_child(report, 1);
  if (dup2(plan.out_fd, 1) < 0 || dup2(plan.err_fd, 2) < 0) fail_in_child(report, 2);
  if (setgroups(c.groups.size(), c.groups.data()) != 0) fail_in_child(report, 4);
  if (setgid(c.gid) != 0) fail_in_child(report, 5);
  if (c.change_user && setuid(c.uid) != 0) fail_in_child(report, 6);
  if (!plan.cwd.empty() && chdir(plan.cwd.c_str()) != 0) fail_in_child(report, 3);  // as the user
  errno = exec_candidates(plan.programs, plan.argv.data(), plan.envp.data());
  fail_in_child(report, 7);
}

}  // namespace

Credentials resolve_credentials(const std::string& user, const std::string& group) {
  Credentials c{geteuid(), getegid(), {}, {}, {}, !user.empty()};
  std::vector<char> buffer;
  if (!user.empty()) {
    const auto entry = find_user(user, buffer);
    if (!entry && !numeric_id(user)) throw Error(fmt::format("user '{}': no such user", user));
    if (entry) {
      c.uid = entry->pw_uid, c.gid = entry->pw_gid, c.name = entry->pw_name, c.home = entry->pw_dir;
    } else {
      c.uid = static_cast<uid_t>(*numeric_id(user));
      if (group.empty()) throw Error(fmt::format("user '{}' is not in the user database: give 'group' too", user));
    }
  }
  if (!group.empty()) {
    const auto gid = find_group(group);
    if (!gid) throw Error(fmt::format("group '{}': no such group", group));
    c.gid = *gid;
  }
  c.groups = c.name.empty() ? std::vector<gid_t>{c.gid} : supplementary_groups(c.name.c_str(), c.gid);
  return c;
}

std::vector<std::string> program_candidates(const std::string& program) {
  if (program.find('/') != std::string::npos) return {program};
  const char* path = std::getenv("PATH");
  std::string_view dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::vector<std::string> out;
  while (true) {
    const auto colon = dirs.find(':');
    const std::string_view dir = dirs.substr(0, colon);
    out.push_back((dir.empty() ? std::string(".") : std::string(dir)) + "/" + program);
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return out;
}

pid_t fork_exec(const ForkExec& plan, const Credentials& credentials, std::string& error) {
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    error = std::strerror(errno);
    return -1;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    close(report[0]);
    become(plan, credentials, report[1]);
  }
  close(report[1]);
  if (pid < 0) {
    error = std::string("fork: ") + std::strerror(errno);
    close(report[0]);
    return -1;
  }
  ChildFailure failure{};
  ssize_t n;
  do n = read(report[0], &failure, sizeof failure);
  while (n < 0 && errno == EINTR);
  close(report[0]);
  if (n <= 0) return pid;  // the pipe closed on exec: started
  waitpid(pid, nullptr, 0);
  const int step = failure.step >= 0 && failure.step < 8 ? failure.step : 7;
  if (step == 6) error = fmt::format("setuid({}): {}", credentials.uid, std::strerror(failure.error));
  else if (step == 5) error = fmt::format("setgid({}): {}", credentials.gid, std::strerror(failure.error));
  else if (step == 7) error = std::strerror(failure.error);
  else error = fmt::format("{}: {}", kSteps[step], std::strerror(failure.error));
  return -1;
}

}  // namespace schedtool
