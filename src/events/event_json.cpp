#include "events/event_json.h"

#include <fmt/format.h>

#include "base/json.h"
#include "time/time_text.h"

namespace schedtool {
namespace {

bool run_ended(const Event& e) { return e.kind == EventKind::run_succeeded || e.kind == EventKind::run_failed; }
bool has_attempt(const Event& e) { return run_ended(e) || e.kind == EventKind::run_started || e.kind == EventKind::run_retry; }
bool exited(const Event& e) {
  return run_ended(e) && e.outcome.start_error.empty() && e.outcome.signal == 0 && !e.outcome.timed_out;
}

std::string seconds(Duration d) { return fmt::format("{:.6f}", static_cast<double>(d.count()) / 1e6); }

// The members in order, each as already-encoded JSON text or nullopt (null).
std::vector<std::pair<std::string_view, std::optional<std::string>>> members(const Event& e, const EventContext& c,
                                                                            const Zone& zone) {
  using Value = std::optional<std::string>;
  const auto text = [](std::string_view s) -> Value { return json_string(s); };
  const auto time = [&](std::optional<Instant> t) -> Value {
    return t ? Value(json_string(format_rfc3339_micros(*t, zone))) : std::nullopt;
  };
  const bool job = !e.job_id.empty();
  return {
      {"kind", text(c.kind)},
      {"time", time(e.at)},
      {"job_id", job ? text(e.job_id) : std::nullopt},
      {"job_name", job ? text(c.job_name) : std::nullopt},
      {"scheduled_run_time", time(e.scheduled)},
      {"exit_status", exited(e) ? Value(std::to_string(e.outcome.exit_code)) : std::nullopt},
      {"signal", run_ended(e) && e.outcome.signal ? Value(std::to_string(e.outcome.signal)) : std::nullopt},
      {"error", run_ended(e) && !e.outcome.start_error.empty() ? text(e.outcome.start_error) : std::nullopt},
      {"duration_s", run_ended(e) ? Value(seconds(e.duration)) : std::nullopt},
      {"attempt", has_attempt(e) ? Value(std::to_string(e.attempt)) : std::nullopt},
      {"attempts", has_attempt(e) ? Value(std::to_string(e.attempts)) : std::nullopt},
      {"final", e.kind == EventKind::run_failed ? Value(e.final ? "true" : "false") : std::nullopt},
      {"retry_at", e.kind == EventKind::run_retry ? time(e.retry_at) : std::nullopt},
      {"output_tail", run_ended(e) ? text(e.output_tail) : std::nullopt},
      {"instance", text(c.instance)},
  };
}

}  // namespace

std::string event_json(const Event& e, const EventContext& context, const Zone& zone) {
  std::string out = "{";
  for (const auto& [name, value] : members(e, context, zone))
    out.append(out.size() > 1 ? "," : "").append("\"").append(name).append("\":").append(value.value_or("null"));
  return out + "}";
}

std::vector<std::pair<std::string, std::string>> event_environment(const Event& e, const EventContext& c,
                                                                   const Zone& zone) {
  const auto time = [&](Instant t) { return format_rfc3339_micros(t, zone); };
  std::vector<std::pair<std::string, std::string>> env{{"SCHEDTOOL_EVENT", std::string(c.kind)},
                                                       {"SCHEDTOOL_TIME", time(e.at)},
                                                       {"SCHEDTOOL_INSTANCE", std::string(c.instance)}};
  if (!e.job_id.empty()) {
    env.emplace_back("SCHEDTOOL_JOB_ID", e.job_id);
    env.emplace_back("SCHEDTOOL_JOB_NAME", std::string(c.job_name));
  }
  if (e.scheduled) env.emplace_back("SCHEDTOOL_SCHEDULED_AT", time(*e.scheduled));
  if (exited(e)) env.emplace_back("SCHEDTOOL_EXIT_STATUS", std::to_string(e.outcome.exit_code));
  if (run_ended(e) && e.outcome.signal) env.emplace_back("SCHEDTOOL_SIGNAL", std::to_string(e.outcome.signal));
  if (run_ended(e)) env.emplace_back("SCHEDTOOL_DURATION", seconds(e.duration));
  if (has_attempt(e)) {
    env.emplace_back("SCHEDTOOL_ATTEMPT", std::to_string(e.attempt));
    env.emplace_back("SCHEDTOOL_ATTEMPTS", std::to_string(e.attempts));
  }
  if (e.kind == EventKind::run_failed) env.emplace_back("SCHEDTOOL_FINAL", e.final ? "true" : "false");
  return env;
}

}  // namespace schedtool
