#include "cli/terminal_sink.h"

#include <cstdio>

#include <fmt/format.h>

#include "base/json.h"
#include "cli/load.h"
#include "output/log_format.h"
#include "output/print_jobs.h"

namespace schedtool {

bool TerminalSink::shows(const Event& e) const {
  if (quiet_ && !e.warning && e.kind != EventKind::run_failed) return false;
  return !e.debug || verbose_;
}

void TerminalSink::event(const Event& e) {
  if (!shows(e)) return;
  fmt::print(stderr, "{}\n", json_ ? log_line_json(e, *zone_) : log_line_text(e, *zone_));
  std::fflush(stderr);
}

void TerminalSink::listing(const std::vector<ScheduledJob>& jobs) {
  if (quiet_) return;
  fmt::print("{}", json_ ? schedule_json(real_now(), *zone_, jobs) + "\n" : print_jobs_text(jobs));
  std::fflush(stdout);
}

void TerminalSink::output(const RunOutput& line) {
  // JSON logs keep every output line on stdout as an object; text keeps the job's own stream.
  std::FILE* to = json_ || !line.is_stderr ? stdout : stderr;
  if (json_) {
    const auto stream = line.is_stderr ? OutputStream::stderr_stream : OutputStream::stdout_stream;
    fmt::print(to, "{}\n", output_line_json(real_now(), *zone_, line.job_id, stream, line.text));
  } else {
    fmt::print(to, "{}\n", output_line_text(line.job_id, line.text));
  }
  std::fflush(to);
}

void TerminalSink::diagnostic(const Diagnostic& d, bool warning) {
  if (!json_) {
    fmt::print(stderr, "{}\n", format_diagnostic(d, warning));
    return;
  }
  const std::string place = fmt::format("\"file\":{},\"line\":{},\"column\":{}", json_string(d.file), d.line, d.column);
  fmt::print(stderr, "{}\n",
             message_json(real_now(), *zone_, warning ? "WARNING" : "ERROR", warning ? "config_warning" : "config_error",
                          d.message, place));
}

void TerminalSink::notice(const std::string& message, bool warning) {
  if (quiet_ && !warning) return;
  if (json_)
    fmt::print(stderr, "{}\n", message_json(real_now(), *zone_, warning ? "WARNING" : "INFO", "notice", message));
  else
    fmt::print(stderr, "schedtool: {}{}\n", warning ? "warning: " : "", message);
}

void TerminalSink::error(const Error& e) {
  if (json_) {
    const std::string caret = caret_lines(e);
    fmt::print(stderr, "{}\n",
               message_json(real_now(), *zone_, "ERROR", "error", e.message,
                            caret.empty() ? "" : "\"source\":" + json_string(e.source)));
    return;
  }
  fmt::print(stderr, "schedtool: error: {}\n", e.message);
  if (const std::string caret = caret_lines(e); !caret.empty()) fmt::print(stderr, "{}\n", caret);
}

}  // namespace schedtool
