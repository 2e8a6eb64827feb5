#include "control/protocol.h"

#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/json.h"
#include "base/suggest.h"
#include "control/json_object.h"

namespace schedtool {
namespace {

constexpr ControlCommandInfo kCommands[] = {
    {"jobs", ControlCommand::jobs, false, "the live schedule (print_jobs), with running instances and last outcomes"},
    {"status", ControlCommand::status, false, "uptime, job counts, running runs (pid, duration), next wakeup"},
    {"pause", ControlCommand::pause, true, "pause a job: it keeps its place in the schedule but does not run"},
    {"resume", ControlCommand::resume, true, "resume a paused job: next run computed from now; runs missed while paused are dropped"},
    {"pause-all", ControlCommand::pause_all, false, "pause the scheduler: no job starts until resume-all"},
    {"resume-all", ControlCommand::resume_all, false, "resume the scheduler: overdue runs go through coalesce/misfire_grace_time"},
    {"run", ControlCommand::run, true, "run a job once now, outside its schedule (max_instances applies)"},
    {"remove", ControlCommand::remove, true, "remove a job (a file's until the next reload; one added at run time for good)"},
    {"reload", ControlCommand::reload, false, "re-read the jobs file, as SIGHUP; replies with its errors"},
    {"add", ControlCommand::add, false, "add a job: a TOML job table on standard input or --toml (kept in the job store)", true},
    {"modify", ControlCommand::modify, true, "change a job's options: KEY=VALUE... (name, command, env, timeout, ...)", true},
    {"reschedule", ControlCommand::reschedule, true, "replace a job's trigger: KEY=VALUE...; next run computed from now", true},
    {"get", ControlCommand::get, true, "a job's effective definition as TOML (JSON with --json), and where it comes from"},
};

std::string describe_json_error(const Error& e) {
  return fmt::format("request is not valid JSON: {} at byte {}", e.message, e.offset + 1);
}

const JsonValue* member(const JsonObject& object, std::string_view key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &it->second;
}

std::string string_member(const JsonObject& object, std::string_view key, bool required) {
  const JsonValue* v = member(object, key);
  if (!v) {
    if (required) throw ControlError{"bad_request", fmt::format("request has no \"{}\"", key)};
    return {};
  }
  if (v->type != JsonValue::Type::string)
    throw ControlError{"bad_request", fmt::format("request field \"{}\" must be a string", key)};
  return v->text;
}

void check_version(const JsonObject& object) {
  const JsonValue* v = member(object, "v");
  if (!v) return;
  if (v->type != JsonValue::Type::number)
    throw ControlError{"bad_request", "request field \"v\" must be a number"};
  if (v->number != kControlProtocolVersion)
    throw ControlError{"unsupported_version",
                       fmt::format("protocol version {} is not supported (this scheduler speaks {})", v->text,
                                   kControlProtocolVersion)};
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const ControlCommandInfo& c : kCommands) names.emplace_back(c.name);
  return names;
}

}  // namespace

std::span<const ControlCommandInfo> control_commands() { return kCommands; }

const ControlCommandInfo* find_control_command(std::string_view name) {
  for (const ControlCommandInfo& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

std::string_view control_command_name(ControlCommand command) {
  for (const ControlCommandInfo& c : kCommands)
    if (c.command == command) return c.name;
  return "?";
}

ControlRequest parse_control_request(std::string_view line) {
  if (line.size() > kMaxControlLine)
    throw ControlError{"too_large", fmt::format("request is longer than {} bytes", kMaxControlLine)};
  JsonObject object;
  try {
    object = parse_json_object(line);
  } catch (const Error& e) {
    throw ControlError{"bad_request", describe_json_error(e)};
  }
  check_version(object);
  const std::string name = string_member(object, "cmd", true);
  const ControlCommandInfo* info = find_control_command(name);
  if (!info) {
    std::string message = "unknown command '" + name + "'";
    if (const auto guess = closest_match(name, command_names())) message += " (did you mean '" + *guess + "'?)";
    throw ControlError{"unknown_command", message};
  }
  ControlRequest request;
  request.command = info->command;
  request.tag = string_member(object, "tag", false);
  request.job_id = string_member(object, "id", info->takes_id && request.tag.empty());
  if (!request.tag.empty() && !control_command_takes_tag(info->command))
    throw ControlError{"bad_request", fmt::format("'{}' takes a job id, not a tag", name)};
  if (!request.tag.empty() && !request.job_id.empty())
    throw ControlError{"bad_request", fmt::format("'{}' takes a job id or a tag, not both", name)};
  if (info->takes_id && request.job_id.empty() && request.tag.empty())
    throw ControlError{"missing_id", fmt::format("'{}' needs a job id", name)};
  if (info->takes_toml) request.toml = string_member(object, "toml", true);
  return request;
}

bool control_command_takes_tag(ControlCommand command) {
  return command == ControlCommand::pause || command == ControlCommand::resume || command == ControlCommand::remove;
}

std::string control_request_line(const ControlRequest& request) {
  const std::string_view name = control_command_name(request.command);
  std::string line = fmt::format("{{\"v\":{},\"cmd\":{}", kControlProtocolVersion, json_string(name));
  if (!request.job_id.empty()) line += ",\"id\":" + json_string(request.job_id);
  if (!request.tag.empty()) line += ",\"tag\":" + json_string(request.tag);
  if (!request.toml.empty()) line += ",\"toml\":" + json_string(request.toml);
  return line + "}\n";
}

std::string control_reply_line(const ControlReply& reply) {
  std::string line = fmt::format("{{\"v\":{},\"ok\":{}", kControlProtocolVersion, reply.ok ? "true" : "false");
  if (!reply.ok) line += ",\"error\":" + json_string(reply.error);
  line += ",\"message\":" + json_string(reply.message);
  if (!reply.text.empty()) line += ",\"text\":" + json_string(reply.text);
  return line + reply.fields + "}\n";
}

ControlReply control_failure(std::string code, std::string message) {
  ControlReply reply;
  reply.ok = false;
  reply.error = std::move(code);
  reply.message = std::move(message);
  return reply;
}

ControlReply parse_control_reply(std::string_view line) {
  JsonObject object;
  try {
    object = parse_json_object(line);
  } catch (const Error& e) {
    throw Error("the scheduler's reply is not valid JSON: " + e.message);
  }
  const JsonValue* ok = member(object, "ok");
  if (!ok || ok->type != JsonValue::Type::boolean) throw Error("the scheduler's reply has no \"ok\"");
  ControlReply reply;
  reply.ok = ok->boolean;
  const auto text_of = [&](std::string_view key) {
    const JsonValue* v = member(object, key);
    return v && v->type == JsonValue::Type::string ? v->text : std::string();
  };
  reply.error = text_of("error");
  reply.message = text_of("message");
  reply.text = text_of("text");
  return reply;
}

}  // namespace schedtool
