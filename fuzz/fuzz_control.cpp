// The control protocol's readers (control/protocol.h, control/json_object.h) on one arbitrary line:
//   parse_control_request — documented failure: ControlError (it throws no schedtool::Error);
//   parse_json_object and parse_control_reply — documented failure: schedtool::Error.
// Round-trip: an accepted request, written back by control_request_line, parses to the same request;
// the error reply to a refused one (control_reply_line) reads back (parse_control_reply) unchanged.
#include <cstdint>

#include "base/error.h"
#include "control/json_object.h"
#include "control/protocol.h"
#include "fuzz_support.h"

using namespace schedtool;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line = fuzz::as_text(data, size);

  try {
    (void)parse_json_object(line);
  } catch (const Error& e) {
    if (e.length > 0 && e.offset + e.length > e.source.size() + 1)
      fuzz::finding("caret outside its source", line, e.message + " @" + std::to_string(e.offset));
  }
  try {
    (void)parse_control_reply(line);
  } catch (const Error&) {
  }

  ControlRequest request;
  try {
    request = parse_control_request(line);
  } catch (const ControlError& e) {
    if (e.code.empty() || e.message.empty()) fuzz::finding("ControlError without code or message", line, e.code);
    std::string reply_line = control_reply_line(control_failure(e.code, e.message));
    reply_line.pop_back();  // '\n'
    try {
      const ControlReply reply = parse_control_reply(reply_line);
      if (reply.ok || reply.error != e.code || reply.message != e.message)
        fuzz::finding("error reply does not round-trip", line, reply_line);
    } catch (const Error& error) {
      fuzz::finding("error reply does not parse", line, reply_line + ": " + error.message);
    }
    return 0;
  }
  std::string written = control_request_line(request);
  if (written.empty() || written.back() != '\n') fuzz::finding("request line does not end in a newline", line, written);
  written.pop_back();
  try {
    const ControlRequest again = parse_control_request(written);
    if (again.command != request.command || again.job_id != request.job_id)
      fuzz::finding("request does not round-trip", line, written);
  } catch (const ControlError& e) {
    fuzz::finding("written request does not parse", line, written + ": " + e.message);
  }
  return 0;
}
