#include "output/fire_times.h"

#include <fmt/format.h>

#include "base/json.h"
#include "time/time_text.h"

namespace schedtool {
namespace {

std::string offset_text(std::chrono::seconds offset) {
  const auto magnitude = offset < std::chrono::seconds::zero() ? -offset : offset;
  const auto hours = magnitude.count() / 3600, minutes = magnitude.count() / 60 % 60;
  return fmt::format("{}{:02}:{:02}", offset < std::chrono::seconds::zero() ? '-' : '+', hours, minutes);
}

std::string local_text(Instant t, const Zone& zone) {
  return format_wall(date::floor<std::chrono::seconds>(zone.to_wall(t)));
}

// "drawn from 2026-03-27 10:00:00 to 12:00:00": the window of a random interval's fire.
std::string window_text(const FireLine& line) {
  const std::string from = local_text(*line.earliest, *line.zone);
  const std::string to = local_text(*line.latest, *line.zone);
  const bool same_day = from.substr(0, 10) == to.substr(0, 10);
  return "drawn from " + from + " to " + (same_day ? to.substr(11) : to);
}

}  // namespace

std::string fire_times_json(const std::vector<FireLine>& lines) {
  std::string out = "[";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const FireLine& line = lines[i];
    out += i ? ",\n " : "";
    out += "{";
    if (!line.job.empty()) out += "\"job\":" + json_string(line.job) + ",";
    out += "\"time\":" + json_string(format_rfc3339(line.time, *line.zone));
    if (!line.note.empty()) out += ",\"note\":" + json_string(line.note);
    if (line.earliest && line.latest)
      out += ",\"earliest\":" + json_string(format_rfc3339(*line.earliest, *line.zone)) +
             ",\"latest\":" + json_string(format_rfc3339(*line.latest, *line.zone));
    out += "}";
  }
  return out + "]\n";
}

std::string fire_times_text(const std::vector<FireLine>& lines) {
  std::string out;
  for (const FireLine& line : lines) {
    const OffsetPeriod p = line.zone->period_at(line.time);
    const auto local = date::floor<std::chrono::seconds>(line.zone->to_wall(line.time));
    out += fmt::format("{} {} {} ({})", weekday_abbrev(local), format_wall(local), p.abbrev, offset_text(p.offset));
    if (!line.job.empty()) out += "  " + line.job;
    if (!line.note.empty()) out += "  # " + line.note;
    if (line.earliest && line.latest) out += (line.note.empty() ? "  # " : "; ") + window_text(line);
    out += '\n';
  }
  return out;
}

}  // namespace schedtool
