#include "exec/spawner.h"

namespace schedtool {

Spawner::Spawner(Mailbox& mailbox, std::function<Instant()> clock)
    : mailbox_(mailbox), clock_(std::move(clock)), thread_([this] { work(); }) {}

Spawner::~Spawner() {
  queue_.close();
  thread_.join();
}

void Spawner::spawn(RunStart run) { queue_.push(std::move(run)); }

void Spawner::work() {
  while (std::optional<RunStart> run = queue_.pop()) {
    PoolMessage message;
    message.job_id = run->job->id;
    message.run_id = run->run_id;
    message.spawned = std::make_unique<Child>(*run->job, run->scheduled, clock_());
    mailbox_.post(std::move(message));
  }
}

}  // namespace schedtool
