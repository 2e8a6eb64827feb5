// "Did you mean": the closest of the candidates if it is close enough to be a typo, and what to
// say of an unknown job id when none is (issue #17: `ctl pause nosuch` said nothing useful).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/suggest.h"

namespace schedtool {
namespace {

TEST_CASE("closest_match takes a typo, not a different word") {
  const std::vector<std::string> ids = {"backup", "report", "rotate"};
  CHECK(closest_match("backpu", ids) == "backup");
  CHECK(closest_match("Backup", ids) == "backup");
  CHECK_FALSE(closest_match("nosuch", ids));
}

TEST_CASE("unknown_id_hint: a typo, else the ids when few, else where to list them") {
  const std::vector<std::string> few = {"backup", "report"};
  CHECK(unknown_id_hint("backpu", few, "schedtool ctl jobs") == " (did you mean 'backup'?)");
  CHECK(unknown_id_hint("nosuch", few, "schedtool ctl jobs") == " (its jobs: backup, report)");
  std::vector<std::string> many;
  for (int i = 0; i < 9; ++i) many.push_back("job-" + std::to_string(i) + "-of-many");
  CHECK(unknown_id_hint("nosuch", many, "schedtool ctl jobs") == " (`schedtool ctl jobs` lists its 9 jobs)");
  CHECK(unknown_id_hint("nosuch", {}, "schedtool ctl jobs") == " (there are no jobs)");
}

}  // namespace
}  // namespace schedtool
