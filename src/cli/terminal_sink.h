#pragma once
// Where `schedtool run` speaks: the scheduler's events as log lines on stderr, job output on
// stdout/stderr with a [job] prefix, the schedule on stdout — or, with --log-format json, one JSON
// object per line on every stream, from the first line to the last (a config warning and an
// error that stops the run included), so a log shipper can read both streams as NDJSON.
//
// -q shows warnings and failures only (no schedule, no INFO lines); -v adds APScheduler's DEBUG lines.
#include <string>
#include <vector>

#include "base/error.h"
#include "config/config.h"
#include "runtime/driver.h"

namespace schedtool {

class TerminalSink final : public EventSink {
 public:
  TerminalSink(ZonePtr zone, bool json, bool quiet, bool verbose)
      : zone_(std::move(zone)), json_(json), quiet_(quiet), verbose_(verbose) {}

  // Log times are in the scheduler's zone, known once the jobs file is read.
  void set_zone(ZonePtr zone) { zone_ = std::move(zone); }
  bool json() const { return json_; }

  bool shows(const Event& e) const override;
  void event(const Event& e) override;
  void listing(const std::vector<ScheduledJob>& jobs) override;
  void output(const RunOutput& line) override;

  // A finding in the jobs file, "jobs.toml:3:9: warning: …" (JSON: event "config_warning" / "config_error").
  void diagnostic(const Diagnostic& d, bool warning);
  // What `run` says on its own behalf ("schedtool: warning: …"); level WARNING or INFO.
  void notice(const std::string& message, bool warning);
  // The error that ends the run, with its caret lines in text mode.
  void error(const Error& e);

 private:
  ZonePtr zone_;
  bool json_, quiet_, verbose_;
};

}  // namespace schedtool
