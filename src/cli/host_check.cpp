#include "cli/host_check.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "exec/credentials.h"

namespace schedtool {
namespace {

// Why `cwd` cannot be a run's working directory, or "".
std::string cwd_problem(const std::string& cwd) {
  struct stat st {};
  if (stat(cwd.c_str(), &st) != 0) return std::strerror(errno);
  return S_ISDIR(st.st_mode) ? "" : "not a directory";
}

}  // namespace

std::vector<Diagnostic> host_problems(const Config& config) {
  std::vector<Diagnostic> out;
  const auto warn = [&](const JobConfig& job, const std::string& what) {
    out.push_back({config.path, job.line, 1,
                   fmt::format("{}: every run of the job would fail to start (job \"{}\")", what, job.id)});
  };
  for (const JobConfig& job : config.jobs) {
    if (!job.cwd.empty())
      if (const std::string problem = cwd_problem(job.cwd); !problem.empty())
        warn(job, fmt::format("cwd '{}': {}", job.cwd, problem));
    if (job.user.empty() && job.group.empty()) continue;
    try {
      resolve_credentials(job.user, job.group);
    } catch (const Error& e) {
      warn(job, e.message);
    }
  }
  return out;
}

}  // namespace schedtool
