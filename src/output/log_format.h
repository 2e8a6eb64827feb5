#pragma once
// Log lines for events, in APScheduler 3's words so its users recognise every line:
//   2026-11-23 14:10:00,002 INFO Running job "rotate (trigger: cron[minute='*/5'], next run at: …)" (scheduled at 2026-11-23 14:10:00 CST)
//   2026-11-23 14:10:00,413 INFO Job "rotate (…)" executed successfully in 0.411s
//   2026-11-23 14:10:02,000 WARNING Run time of job "rotate (…)" was missed by 0:00:02.000001
// or, with --log-format json, one object per line:
//   {"time":"…","level":"INFO","event":"run_started","job":"rotate","scheduled_at":"…","message":"…"}
// Pure: returns strings.
#include <string>
#include <string_view>

#include "schedule/events.h"
#include "time/zone.h"

namespace schedtool {

enum class OutputStream { stdout_stream, stderr_stream };

std::string event_message(const Event& e, const Zone& zone);
std::string log_line_text(const Event& e, const Zone& zone);
std::string log_line_json(const Event& e, const Zone& zone);

// A line a job wrote: "[report] text" for text logs, an "output" object for JSON logs.
std::string output_line_text(std::string_view job_id, std::string_view line);
std::string output_line_json(Instant at, const Zone& zone, std::string_view job_id, OutputStream stream,
                             std::string_view line);

}  // namespace schedtool
