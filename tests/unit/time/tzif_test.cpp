// The TZif decoder: real v2/v3 files, a hand-built v1 file, and malformed input.
#include <doctest/doctest.h>

#include "base/error.h"
#include "time/tzif.h"

namespace schedtool {
namespace {

void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

// A version-1 file: one transition at t=1000 from "AAA" (+1h) to "BBB" (+2h, DST).
std::string v1_file() {
  std::string f = "TZif";
  f += '\0';
  f.append(15, '\0');
  for (std::uint32_t count : {0u, 0u, 0u, 1u, 2u, 8u}) put_be32(f, count);  // isut isstd leap time type chars
  put_be32(f, 1000);
  f += '\1';
  put_be32(f, 3600);
  f += '\0';
  f += '\0';
  put_be32(f, 7200);
  f += '\1';
  f += '\4';
  f.append("AAA\0BBB\0", 8);
  return f;
}

TEST_CASE("a version-1 file is read from its 32-bit block") {
  const Zone::Data d = parse_tzif(v1_file(), "v1");
  REQUIRE(d.transitions.size() == 1);
  CHECK(d.transitions[0] == 1000);
  CHECK(d.type_of[0] == 1);
  REQUIRE(d.types.size() == 2);
  CHECK(d.types[0].abbrev == "AAA");
  CHECK(d.types[1].abbrev == "BBB");
  CHECK(d.types[1].is_dst);
  CHECK(d.types[1].offset == std::chrono::hours{2});
  CHECK(d.footer.empty());
}

TEST_CASE("version 2+ files are read from the 64-bit block, with the footer") {
  const Zone::Data ny = read_tzif_file("/usr/share/zoneinfo/America/New_York", "America/New_York");
  CHECK(ny.footer == "EST5EDT,M3.2.0,M11.1.0");
  CHECK(ny.transitions.front() < -2147483648LL);  // 1883, before the 32-bit range
  const Zone::Data santiago = read_tzif_file("/usr/share/zoneinfo/America/Santiago", "America/Santiago");  // v3
  CHECK(santiago.footer == "<-04>4<-03>,M9.1.6/24,M4.1.6/24");
}

TEST_CASE("malformed TZif data is rejected with an Error") {
  const std::string good = v1_file();
  CHECK_THROWS_AS(parse_tzif("TZig" + good.substr(4), "x"), Error);
  for (std::size_t cut : {std::size_t{10}, std::size_t{44}, good.size() - 1}) {
    CAPTURE(cut);
    CHECK_THROWS_AS(parse_tzif(good.substr(0, cut), "x"), Error);
  }
  std::string bad_type = good;
  bad_type[44 + 4] = '\7';  // the transition's type index
  CHECK_THROWS_WITH(parse_tzif(bad_type, "x"), "time zone file for 'x' is not valid TZif (bad type index)");
  CHECK_THROWS_AS(read_tzif_file("/usr/share/zoneinfo/zone.tab", "zone.tab"), Error);
  CHECK_THROWS_AS(read_tzif_file("/usr/share/zoneinfo/America", "America"), Error);
}

}  // namespace
}  // namespace schedtool
