#include "exec/spawner.h"

namespace schedtool {

Spawner::Spawner(Mailbox& mailbox, std::function<Instant()> clock)
    : mailbox_(mailbox), clock_(std::move(clock)), thread_([this] { work(); }) {}

Spawner::~Spawner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  has_work_.notify_one();
  thread_.join();
}

void Spawner::spawn(RunStart run) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(run));
  }
  has_work_.notify_one();
}

void Spawner::work() {
  for (;;) {
    RunStart run;
    {
      std::unique_lock lock(mutex_);
      has_work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      run = std::move(queue_.front());
      queue_.pop_front();
    }
    PoolMessage message;
    message.job_id = run.job->id;
    message.run_id = run.run_id;
    message.spawned = std::make_unique<Child>(*run.job, run.scheduled, clock_());
    mailbox_.post(std::move(message));
  }
}

}  // namespace schedtool
