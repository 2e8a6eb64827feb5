#pragma once
// The control protocol between `schedtool ctl` and a running `schedtool run`, version 1.
// One JSON object per line in each direction (UTF-8, ending in '\n', at most 64 KiB a line):
//
//   request  {"v":1,"cmd":"pause","id":"backup"}
//            {"v":1,"cmd":"pause","tag":"reports"}   (pause, resume, remove: every job with the tag)
//            {"v":1,"cmd":"add","toml":"id = \"x\"\nevery = \"5 minutes\"\ncommand = \"true\""}
//            {"v":1,"cmd":"modify","id":"x","toml":"timeout = \"1m\""}      (reschedule: trigger keys)
//   reply    {"v":1,"ok":true,"message":"Paused job \"backup\"","text":"…"}
//            {"v":1,"ok":false,"error":"unknown_job","message":"no job with id 'bakup' (did you mean 'backup'?)"}
//
// "v" may be left out (= 1); a request for another version gets error "unsupported_version".
// Unknown request fields are ignored, so a later client can add optional ones. "text" is what
// `ctl` prints; `jobs` and `status` replies also carry their data as "jobs" and "status".
// Pure: no sockets here (control/control_server.h and control/control_client.h are the edges).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace schedtool {

inline constexpr int kControlProtocolVersion = 1;
inline constexpr std::size_t kMaxControlLine = 64 * 1024;

enum class ControlCommand { jobs, status, pause, resume, pause_all, resume_all, run, remove, reload, add, modify, reschedule, get };

struct ControlCommandInfo {
  std::string_view name;
  ControlCommand command;
  bool takes_id;
  std::string_view help;
  bool takes_toml = false;  // add: a job table; modify, reschedule: KEY = VALUE lines
};

// The table that drives parsing, `ctl --help` and the man page's list.
std::span<const ControlCommandInfo> control_commands();
const ControlCommandInfo* find_control_command(std::string_view name);
std::string_view control_command_name(ControlCommand command);

struct ControlRequest {
  ControlCommand command = ControlCommand::status;
  std::string job_id;  // for the commands that take one
  std::string tag;     // instead of job_id for pause, resume and remove: every job with this tag
  std::string toml;    // add: the job's TOML table; modify, reschedule: `key = value` lines
};

// pause, resume and remove also take a tag (the schedule library's clear(tag)).
bool control_command_takes_tag(ControlCommand command);

// A request that cannot be served: `code` is the reply's "error" field.
struct ControlError {
  std::string code;
  std::string message;
};

// Throws ControlError (bad_request, unsupported_version, unknown_command, missing_id).
ControlRequest parse_control_request(std::string_view line);
std::string control_request_line(const ControlRequest& request);

struct ControlReply {
  bool ok = true;
  std::string error;    // the code, when !ok
  std::string message;  // one line for a person
  std::string text;     // a longer text to print instead of message (jobs, status)
  std::string fields;   // further members, already JSON: ,"jobs":[…]
};

std::string control_reply_line(const ControlReply& reply);

// A request line as the socket read it, from which client (for the reply).
struct ControlLine {
  std::uint64_t client;
  std::string text;
};

ControlReply control_failure(std::string code, std::string message);
// The client's side: throws Error when the line is not a reply of this protocol.
ControlReply parse_control_reply(std::string_view line);

}  // namespace schedtool
