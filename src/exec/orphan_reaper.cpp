#include "exec/orphan_reaper.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <unordered_set>

namespace schedtool::orphan_reaper {
namespace {

struct Registry {
  std::atomic<int> spawning{0};         // Spawning objects alive
  std::mutex mutex;                     // guards `ours`
  std::unordered_multiset<pid_t> ours;  // multi: a pid may be reused before its last owner says reaped()
  std::mutex reaping;                   // one reaper at a time: a pid it peeked at stays a zombie until it decides
};

Registry& registry() {
  static Registry r;
  return r;
}

// PID 1 from the start (a namespace's init is born so); our runs never call this after a fork.
bool is_init() {
  static const bool init = getpid() == 1;
  return init;
}

}  // namespace

Spawning::Spawning() {
  if (is_init()) registry().spawning.fetch_add(1);
}

Spawning::~Spawning() {
  if (is_init() && registry().spawning.fetch_sub(1) == 1) reap_orphans();
}

void Spawning::started(pid_t pid) {
  if (!is_init() || pid <= 0) return;
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  r.ours.insert(pid);  // before ~Spawning lowers the count, so a reaper that sees 0 sees this too
}

void reaped(pid_t pid) {
  if (!is_init()) return;
  Registry& r = registry();
  {
    std::lock_guard lock(r.mutex);
    if (const auto it = r.ours.find(pid); it != r.ours.end()) r.ours.erase(it);
  }
  reap_orphans();
}

void reap_orphans() {
  if (!is_init()) return;
  Registry& r = registry();
  std::lock_guard one_reaper(r.reaping);
  for (;;) {
    siginfo_t info{};  // WNOWAIT: look without reaping
    if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0) return;
    // waitid shows the same zombie until it is reaped: when it may be ours, stop here and let
    // reaped() or the last ~Spawning look again.
    if (r.spawning.load() > 0) return;
    {
      std::lock_guard lock(r.mutex);
      if (r.ours.count(info.si_pid)) return;
    }
    waitpid(info.si_pid, nullptr, WNOHANG);
  }
}

}  // namespace schedtool::orphan_reaper
