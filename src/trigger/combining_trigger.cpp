#include "trigger/combining_trigger.h"

#include <algorithm>

namespace schedtool {
namespace {

std::string describe_all(const char* kind, const std::vector<TriggerPtr>& children) {
  std::string out = std::string(kind) + "[";
  for (std::size_t i = 0; i < children.size(); ++i) out.append(i ? ", " : "").append(children[i]->describe());
  return out + "]";
}

}  // namespace

OrTrigger::OrTrigger(std::vector<TriggerPtr> children, ZonePtr zone)
    : children_(std::move(children)), zone_(std::move(zone)) {}

std::optional<Instant> OrTrigger::first_at_or_after(Instant t) const {
  std::optional<Instant> best;
  for (const TriggerPtr& child : children_)
    if (const auto fire = child->first_at_or_after(t); fire && (!best || *fire < *best)) best = fire;
  return best;
}

std::optional<Instant> OrTrigger::next_fire_time(std::optional<Instant> previous, Instant now) const {
  return first_at_or_after(previous ? *previous + Duration{1} : now);
}

std::string OrTrigger::describe() const { return describe_all("or", children_); }

AndTrigger::AndTrigger(std::vector<TriggerPtr> children, Duration threshold, ZonePtr zone)
    : children_(std::move(children)), threshold_(threshold), zone_(std::move(zone)) {}

// Asks every child for its first fire at or after t. When they are more than `threshold` apart,
// no instant before (latest - threshold) can be agreed on, so the search moves there.
std::optional<Instant> AndTrigger::first_at_or_after(Instant t) const {
  if (children_.empty()) return std::nullopt;
  for (int round = 0; round < kMaxRounds; ++round) {
    Instant earliest = Instant::max(), latest = Instant::min();
    for (const TriggerPtr& child : children_) {
      const auto fire = child->first_at_or_after(t);
      if (!fire) return std::nullopt;
      earliest = std::min(earliest, *fire);
      latest = std::max(latest, *fire);
    }
    if (latest - earliest <= threshold_) return earliest;
    t = std::max(earliest + Duration{1}, latest - threshold_);
  }
  return std::nullopt;
}

std::optional<Instant> AndTrigger::next_fire_time(std::optional<Instant> previous, Instant now) const {
  return first_at_or_after(previous ? *previous + Duration{1} : now);
}

std::string AndTrigger::describe() const { return describe_all("and", children_); }

}  // namespace schedtool
