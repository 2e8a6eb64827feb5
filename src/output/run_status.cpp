#include "output/run_status.h"

#include <fmt/format.h>

namespace schedtool {

std::string run_status(const RunRecord& r) {
  if (!r.ended) return r.outcome.start_error == kInterruptedRun ? "interrupted" : "running";
  if (!r.outcome.start_error.empty()) return "could not start";
  if (r.outcome.timed_out) return "timed out";
  if (r.outcome.signal) return fmt::format("signal {}", r.outcome.signal);
  return r.outcome.exit_code == 0 ? "ok" : fmt::format("exit {}", r.outcome.exit_code);
}

}  // namespace schedtool
