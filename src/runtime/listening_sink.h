#pragma once
// An EventSink in front of the terminal's that also hands each event to the listeners that want it
// (events/listeners.h), as JSON and SCHEDTOOL_* variables (events/event_json.h), through a
// ListenerRunner (exec/listener_runner.h). It never waits: a full queue drops, and the runner
// reports that once. Notes and the summary have no kind, so nothing the runner reports (a failed,
// killed or dropped listener) can reach a listener.
#include <functional>
#include <string>
#include <vector>

#include "config/config.h"
#include "exec/listener_runner.h"
#include "runtime/driver.h"

namespace schedtool {

class ListeningSink final : public EventSink {
 public:
  // `listeners` must outlive the sink; `names` gives a job's display name by id.
  ListeningSink(EventSink& inner, const std::vector<ListenerConfig>& listeners, ListenerRunners& runners, ZonePtr zone,
                std::function<std::string(const std::string&)> names);

  void event(const Event& e) override;
  bool shows(const Event& e) const override;
  bool wants_output_tail() const override { return !listeners_.empty(); }
  void listing(const std::vector<ScheduledJob>& jobs) override { inner_.listing(jobs); }
  void output(const RunOutput& line) override { inner_.output(line); }

  // The runner's reports, written through the inner sink as warnings (each loop turn, and at the end).
  void tick(Instant now) override;

 private:
  EventSink& inner_;
  const std::vector<ListenerConfig>& listeners_;
  ListenerRunners& runners_;
  ZonePtr zone_;
  std::function<std::string(const std::string&)> names_;
  std::string instance_;
};

}  // namespace schedtool
