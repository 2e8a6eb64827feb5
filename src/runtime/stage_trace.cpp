#include "runtime/stage_trace.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "base/error.h"

namespace schedtool {
namespace {

long long micros(Instant t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::unique_ptr<StageTrace> StageTrace::from_environment() {
  const char* path = std::getenv("SCHEDTOOL_TRACE_STAGES");
  if (!path || !*path) return nullptr;
  std::FILE* out = std::fopen(path, "ae");
  if (!out) throw Error(std::string("SCHEDTOOL_TRACE_STAGES: cannot open '") + path + "': " + std::strerror(errno));
  return std::make_unique<StageTrace>(out);
}

StageTrace::~StageTrace() { std::fclose(out_); }

void StageTrace::dispatched(std::uint64_t run_id, Instant scheduled, Instant woke, Instant now) {
  pending_[run_id] = {scheduled, woke, now};
}

void StageTrace::watched(std::uint64_t run_id, const std::string& job_id, Instant spawn_called, Instant exec_returned,
                         Instant now) {
  const auto it = pending_.find(run_id);
  if (it == pending_.end()) return;
  const Pending& p = it->second;
  std::fprintf(out_, "%s %lld %lld %lld %lld %lld %lld\n", job_id.c_str(), micros(p.scheduled), micros(p.woke),
               micros(p.dispatched), micros(spawn_called), micros(exec_returned), micros(now));
  pending_.erase(it);
}

}  // namespace schedtool
