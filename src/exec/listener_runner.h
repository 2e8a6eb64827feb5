#pragma once
// Listener processes, run outside the scheduler loop so that no listener can hurt scheduling.
// A runner's threads (one unless a listener names an executor) take deliveries from a bounded
// queue, in order: each starts the listener's command in
// its own process group (stdin: the event's JSON, then end of file; stdout: /dev/null; stderr:
// the scheduler's), with the event's SCHEDTOOL_* variables added to the scheduler's environment,
// and waits for it up to the listener's timeout, then kills its process group (SIGKILL).
// post() never blocks: when the queue is full the delivery is dropped and counted. What went wrong
// (a listener that failed, timed out or could not start, and drops) is handed back as log text by
// take_reports(), which the loop writes as notes — never as events, so no listener hears of another.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "config/config.h"

namespace schedtool {

struct ListenerDelivery {
  const ListenerConfig* listener;  // owned by the caller, alive until the runner is closed
  std::string kind;                // for reports
  std::string json;                // written to the listener's stdin
  std::vector<std::pair<std::string, std::string>> env;
};

class ListenerRunner {
 public:
  static constexpr std::size_t kDefaultCapacity = 256;
  explicit ListenerRunner(std::size_t capacity = kDefaultCapacity, unsigned threads = 1);
  ~ListenerRunner();  // close()
  ListenerRunner(const ListenerRunner&) = delete;
  ListenerRunner& operator=(const ListenerRunner&) = delete;

  // Queues a delivery; false when the queue is full (dropped, counted, reported once per burst).
  bool post(ListenerDelivery delivery);
  // Failures since the last call, as log lines (warnings).
  std::vector<std::string> take_reports();
  // Stops taking deliveries, runs what is queued (each bounded by its timeout), and joins.
  void close();
  std::uint64_t dropped() const;

 private:
  void work();
  void deliver(const ListenerDelivery& d);
  void report(std::string message);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<ListenerDelivery> queue_;
  std::vector<std::string> reports_;
  std::uint64_t dropped_ = 0;
  bool dropping_ = false;  // in a burst of drops: reported at its start only
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

// The runners of a schedule's listeners: one serial runner (one thread) for the listeners without
// an `executor`, and one per executor that a listener names, with that executor's max_workers
// threads, so that its listeners run side by side. Each runner has its own bounded queue.
class ListenerRunners {
 public:
  ListenerRunners(const std::vector<ListenerConfig>& listeners, const std::vector<ExecutorConfig>& executors);
  ListenerRunner& for_listener(const ListenerConfig& listener);
  std::vector<std::string> take_reports();
  void close();
  std::uint64_t dropped() const;

 private:
  ListenerRunner serial_;
  std::map<std::string, std::unique_ptr<ListenerRunner>> by_executor_;
};

}  // namespace schedtool
