// parse_config (config/config.h), the whole jobs-file loader, on arbitrary text. It is pure and
// reports problems as diagnostics, never by throwing: here it may not throw at all. A file that
// loads is then used as `check`, `jobs` and `next --file` use it right after loading: each job's
// trigger is described and asked for its first fire times.
#include <cstdint>

#include "config/config.h"
#include "config/retry_keys.h"
#include "fuzz_support.h"
#include "schedule/retry.h"

using namespace schedtool;

namespace {

LoadContext context;

void check_diagnostics(const std::vector<Diagnostic>& list, std::string_view input, bool warning) {
  for (const Diagnostic& d : list) {
    if (d.line < 0 || d.column < 0 || d.message.empty())
      fuzz::finding("malformed diagnostic", input, format_diagnostic(d, warning));
    (void)format_diagnostic(d, warning);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::use_fuzz_zoneinfo();
  using namespace date::literals;
  context.now = Instant{date::sys_days{2026_y / 3 / 8}} + std::chrono::hours{6} + std::chrono::seconds{7};
  context.default_zone = find_zone("America/New_York");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const LoadResult result = parse_config(text, "jobs.toml", context);
  check_diagnostics(result.errors, text, false);
  check_diagnostics(result.warnings, text, true);
  if (result.config.has_value() != result.errors.empty())
    fuzz::finding("config set although there are errors (or missing without one)", text, "");
  if (!result.config) return 0;
  for (const JobConfig& job : result.config->jobs) {
    if (!job.trigger) fuzz::finding("loaded job without a trigger", text, job.id);
    (void)job.trigger->describe();
    std::optional<Instant> previous;
    for (int i = 0; i < 3; ++i) {
      const auto next = job.trigger->next_fire_time(previous, context.now);
      if (!next) break;
      if (previous && *next <= *previous)
        fuzz::finding("fire times do not increase", text, job.id + ": " + job.trigger->describe());
      previous = next;
    }
    (void)job.trigger->first_at_or_after(context.now);
    // The retry waits a loaded job would use: never negative, never past the cap (no overflow).
    for (const int attempt : {1, 2, job.retry.retries, kMaxRetries}) {
      const Duration wait = retry_delay(job.retry, attempt);
      if (wait < Duration{0} || (job.retry.max_delay && wait > *job.retry.max_delay))
        fuzz::finding("retry wait out of bounds", text, job.id);
    }
  }
  for (const ListenerConfig& listener : result.config->listeners)
    if (listener.command.argv.empty() || listener.origin.empty())
      fuzz::finding("loaded listener without a command or an origin", text, listener.origin);
  return 0;
}
