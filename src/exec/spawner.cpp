#include "exec/spawner.h"

#include <algorithm>

namespace schedtool {

Spawner::Spawner(Mailbox& mailbox, std::function<Instant()> clock, unsigned threads)
    : mailbox_(mailbox), clock_(std::move(clock)) {
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

unsigned Spawner::default_threads() { return std::clamp(std::thread::hardware_concurrency(), 2u, 8u); }

Spawner::~Spawner() {
  queue_.close();
  for (std::thread& t : threads_) t.join();
}

void Spawner::spawn(RunStart run) { queue_.push(std::move(run)); }

void Spawner::work() {
  while (std::optional<RunStart> run = queue_.pop()) {
    PoolMessage message;
    message.job_id = run->job->id;
    message.run_id = run->run_id;
    message.spawned = std::make_unique<Child>(*run->job, run->scheduled, clock_());
    message.exec_returned = clock_();
    mailbox_.post(std::move(message));
  }
}

}  // namespace schedtool
