// runtime/stage_trace.h: one line per run, written when the loop takes the child back, with every
// stage's time in microseconds since the epoch.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "runtime/stage_trace.h"

using namespace schedtool;
using std::chrono::microseconds;

namespace {

Instant at(long long us) { return Instant{microseconds{us}}; }

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  for (int c; (c = std::fgetc(f)) != EOF;) out += static_cast<char>(c);
  return out;
}

}  // namespace

TEST_CASE("a traced run is one line of its stages, in order") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  StageTrace trace(f);  // owns f
  trace.dispatched(7, at(1'000'000), at(1'000'040), at(1'000'050));
  CHECK(contents(f).empty());  // nothing until the child is watched
  trace.watched(7, "backup", at(1'000'070), at(1'001'200), at(1'001'260));
  CHECK(contents(f) == "backup 1000000 1000040 1000050 1000070 1001200 1001260\n");
}

TEST_CASE("a run the trace did not see dispatched writes nothing") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  StageTrace trace(f);
  trace.watched(3, "other", at(1), at(2), at(3));
  trace.dispatched(4, at(10), at(11), at(12));
  trace.watched(4, "job", at(13), at(14), at(15));
  trace.watched(4, "job", at(16), at(17), at(18));  // once only
  CHECK(contents(f) == "job 10 11 12 13 14 15\n");
}
