#pragma once
// Where a run's time goes between its scheduled time and its process: with
// SCHEDTOOL_TRACE_STAGES=FILE in the environment, `run` appends to FILE one line per run it starts
// on the subprocess executor,
//   JOB SCHEDULED WOKE DISPATCHED SPAWN_CALLED EXEC_RETURNED WATCHED
// each time in microseconds since the epoch: the loop's epoll_wait returned (WOKE), the loop handed
// the run to the Spawner (DISPATCHED), a Spawner thread took it (SPAWN_CALLED), the clone returned
// after the child's exec (EXEC_RETURNED), the loop took the child back to watch it (WATCHED).
// bench/run's lateness section joins them with the child's own first instruction (bench/README.md,
// "Where the lateness goes"). A developer's diagnostic: unset, it costs one branch per run.
#include <cstdio>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "time/instant.h"

namespace schedtool {

class StageTrace {
 public:
  // Null unless SCHEDTOOL_TRACE_STAGES is set; throws Error when its file cannot be opened for
  // appending ("SCHEDTOOL_TRACE_STAGES: cannot open '/x/y': No such file or directory").
  static std::unique_ptr<StageTrace> from_environment();
  explicit StageTrace(std::FILE* out) : out_(out) {}
  ~StageTrace();
  StageTrace(const StageTrace&) = delete;
  StageTrace& operator=(const StageTrace&) = delete;

  void dispatched(std::uint64_t run_id, Instant scheduled, Instant woke, Instant now);
  void watched(std::uint64_t run_id, const std::string& job_id, Instant spawn_called, Instant exec_returned, Instant now);

 private:
  struct Pending {
    Instant scheduled, woke, dispatched;
  };
  std::FILE* out_;
  std::unordered_map<std::uint64_t, Pending> pending_;
};

}  // namespace schedtool
