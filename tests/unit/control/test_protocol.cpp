// The control protocol's reading side: one flat JSON object per line, every bad request an error
// reply with a code — never an exception that reaches the loop.
#include <doctest/doctest.h>

#include <string>

#include "base/error.h"
#include "control/json_object.h"
#include "control/protocol.h"

namespace schedtool {
namespace {

std::string error_code_of(const std::string& line) {
  try {
    parse_control_request(line);
  } catch (const ControlError& e) {
    return e.code + ": " + e.message;
  }
  return "accepted";
}

TEST_CASE("JSON objects: values, escapes, nesting kept raw") {
  const JsonObject o = parse_json_object(
      R"( {"s": "a\"b\\c\u00e9\ud83d\ude00", "n": -1.5e2, "t": true, "f": false, "z": null, "x": {"a": [1, {"b": 2}]}} )");
  CHECK(o.at("s").text == "a\"b\\c\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(o.at("n").number == -150);
  CHECK(o.at("t").boolean);
  CHECK(o.at("f").type == JsonValue::Type::boolean);
  CHECK_FALSE(o.at("f").boolean);
  CHECK(o.at("z").type == JsonValue::Type::null);
  CHECK(o.at("x").text == R"({"a": [1, {"b": 2}]})");
}

TEST_CASE("JSON objects: every malformed input is an Error with its offset") {
  const struct {
    const char* text;
    const char* message;
    std::size_t offset;
  } cases[] = {
      {"", "expected a JSON object ('{')", 0},
      {"[1]", "expected a JSON object ('{')", 0},
      {"{\"a\":1", "expected ',' or '}'", 6},
      {"{\"a\" 1}", "expected ':' after the key", 5},
      {"{a:1}", "expected a key in double quotes", 1},
      {"{\"a\":1} x", "unexpected text after the JSON object", 8},
      {"{\"a\":\"x}", "unterminated string", 5},
      {"{\"a\":\"\\q\"}", "invalid escape in a string", 7},
      {"{\"a\":\"\\ud800\"}", "unpaired surrogate in \\u escape", 12},
      {"{\"a\":tru}", "expected a value (string, number, true, false, null, object or array)", 5},
      {"{\"a\":1.}", "expected digits after '.'", 7},
      {"{\"a\":1,\"a\":2}", "duplicate key", 7},
      {"{\"a\":\"\x01\"}", "control character in a string", 6},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    try {
      parse_json_object(c.text);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.message == c.message);
      CHECK(e.offset == c.offset);
    }
  }
}

TEST_CASE("JSON objects: deep nesting is refused, not recursed into") {
  const std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK_THROWS_WITH_AS(parse_json_object(deep), "JSON nested too deeply", Error);
}

TEST_CASE("requests: the commands of the table, with and without ids") {
  ControlRequest r = parse_control_request(R"({"v":1,"cmd":"pause","id":"backup"})");
  CHECK(r.command == ControlCommand::pause);
  CHECK(r.job_id == "backup");
  r = parse_control_request(R"({"cmd":"pause-all","extra":{"from":"a later client"}})");  // v defaults to 1
  CHECK(r.command == ControlCommand::pause_all);
  for (const ControlCommandInfo& info : control_commands()) {
    ControlRequest round{info.command, info.takes_id ? "job 1" : "", {}, info.takes_toml ? "timeout = 5" : ""};
    CHECK(parse_control_request(control_request_line(round)).command == info.command);
  }
}

TEST_CASE("requests: pause, resume and remove take a tag instead of an id") {
  const ControlRequest r = parse_control_request(R"({"v":1,"cmd":"remove","tag":"reports"})");
  CHECK(r.command == ControlCommand::remove);
  CHECK(r.tag == "reports");
  CHECK(r.job_id.empty());
  CHECK(control_request_line({ControlCommand::pause, "", "nightly", {}}) == "{\"v\":1,\"cmd\":\"pause\",\"tag\":\"nightly\"}\n");
  CHECK(error_code_of(R"({"cmd":"run","tag":"x"})") == "bad_request: 'run' takes a job id, not a tag");
  CHECK(error_code_of(R"({"cmd":"pause","id":"a","tag":"x"})") == "bad_request: 'pause' takes a job id or a tag, not both");
}

TEST_CASE("requests: each fault has its error code") {
  CHECK(error_code_of("hello") == "bad_request: request is not valid JSON: expected a JSON object ('{') at byte 1");
  CHECK(error_code_of(R"({"v":2,"cmd":"jobs"})") ==
        "unsupported_version: protocol version 2 is not supported (this scheduler speaks 1)");
  CHECK(error_code_of(R"({"v":"1","cmd":"jobs"})") == "bad_request: request field \"v\" must be a number");
  CHECK(error_code_of(R"({"v":1})") == "bad_request: request has no \"cmd\"");
  CHECK(error_code_of(R"({"cmd":7})") == "bad_request: request field \"cmd\" must be a string");
  CHECK(error_code_of(R"({"cmd":"pasue","id":"x"})") == "unknown_command: unknown command 'pasue' (did you mean 'pause'?)");
  CHECK(error_code_of(R"({"cmd":"resume"})") == "bad_request: request has no \"id\"");
  CHECK(error_code_of(R"({"cmd":"run","id":""})") == "missing_id: 'run' needs a job id");
  CHECK(error_code_of(std::string(kMaxControlLine + 1, ' ')) == "too_large: request is longer than 65536 bytes");
}

TEST_CASE("replies: one line, read back by the client") {
  ControlReply reply = control_failure("unknown_job", "no job with id 'x'");
  const std::string line = control_reply_line(reply);
  CHECK(line == "{\"v\":1,\"ok\":false,\"error\":\"unknown_job\",\"message\":\"no job with id 'x'\"}\n");
  const ControlReply back = parse_control_reply(line.substr(0, line.size() - 1));
  CHECK_FALSE(back.ok);
  CHECK(back.error == "unknown_job");
  ControlReply listing;
  listing.message = "2 jobs";
  listing.text = "Jobstore default:\n    a\n";
  listing.fields = ",\"jobs\":[]";
  const std::string l2 = control_reply_line(listing);
  CHECK(l2.find('\n') == l2.size() - 1);
  CHECK(parse_control_reply(l2).text == listing.text);
  CHECK_THROWS_AS(parse_control_reply("{\"v\":1}"), Error);
}

}  // namespace
}  // namespace schedtool
