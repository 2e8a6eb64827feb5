#pragma once
// Log lines for events, in APScheduler 3's words so its users recognise every line:
//   2026-11-23 14:10:00,002 INFO Running job "rotate (trigger: cron[minute='*/5'], next run at: …)" (scheduled at 2026-11-23 14:10:00 CST)
//   2026-11-23 14:10:00,413 INFO Job "rotate (…)" executed successfully in 0.411s
//   2026-11-23 14:10:02,000 WARNING Run time of job "rotate (…)" was missed by 0:00:02.000001
// or, with --log-format json, one object per line:
//   {"time":"…","level":"INFO","event":"run_started","job":"rotate","scheduled_at":"…","message":"…"}
// where every time has six fraction digits ("2026-11-23T14:10:00.002113+01:00").
// Pure: returns strings.
#include <string>
#include <string_view>
#include <vector>

#include "schedule/events.h"
#include "schedule/first_run.h"
#include "time/zone.h"

namespace schedtool {

enum class OutputStream { stdout_stream, stderr_stream };

// The event's "event" name in JSON logs: "run_started", "run_retry", …
std::string_view event_name(EventKind kind);
std::string event_message(const Event& e, const Zone& zone);
std::string log_line_text(const Event& e, const Zone& zone);
std::string log_line_json(const Event& e, const Zone& zone);

// The schedule at start (and on SIGUSR1) as one object: {"event":"schedule","jobs":[…print_jobs_json…]}.
std::string schedule_json(Instant at, const Zone& zone, const std::vector<ScheduledJob>& jobs);

// Anything else `run` says in JSON mode (a config warning, an error that stops it): `fields` are
// extra members already encoded ("\"file\":\"jobs.toml\",\"line\":3"), or empty.
std::string message_json(Instant at, const Zone& zone, std::string_view level, std::string_view event,
                         std::string_view message, std::string_view fields = {});

// A line a job wrote: "[report] text" for text logs, an "output" object for JSON logs.
std::string output_line_text(std::string_view job_id, std::string_view line);
std::string output_line_json(Instant at, const Zone& zone, std::string_view job_id, OutputStream stream,
                             std::string_view line);

}  // namespace schedtool
