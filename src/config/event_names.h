#pragma once
// The names of the event kinds (events/vocabulary.h maps an Event to one): what `events = [...]`
// of a [[listeners]] table may name. APScheduler's EVENT_* constants, lower-cased, plus
// job_timeout and job_retry.
#include <span>
#include <string_view>

namespace schedtool {

std::span<const std::string_view> event_kinds();
bool is_event_kind(std::string_view name);

}  // namespace schedtool
