// Crontab files (config/crontab_file.h): lines, environment, the '%' rule, field counts and ids.
#include <doctest/doctest.h>

#include "base/utf8.h"
#include "config/crontab_file.h"
#include "config/crontab_ids.h"

using namespace schedtool;

namespace {

CrontabFile parse(std::string_view text, bool system = false) { return parse_crontab_file(text, "crontab", system); }

}  // namespace

TEST_CASE("crontab file: the schedule is the longest of 7, 6 and 5 fields that parses") {
  const CrontabFile f = parse("*/5 * * * * echo five\n0 */2 * * * * echo six\n0 0 8 * * mon 2027 echo seven\n"
                              "0 5 * * * 7z a x.7z\n@daily echo macro\n");
  REQUIRE(f.errors.empty());
  REQUIRE(f.entries.size() == 5);
  CHECK(f.entries[0].schedule == "*/5 * * * *");
  CHECK(f.entries[1].schedule == "0 */2 * * * *");
  CHECK(f.entries[2].schedule == "0 0 8 * * mon 2027");
  CHECK(f.entries[2].command == "echo seven");
  CHECK(f.entries[3].schedule == "0 5 * * *");  // "7z" is no weekday: the command starts there
  CHECK(f.entries[3].command == "7z a x.7z");
  CHECK(f.entries[4].schedule == "@daily");
}

TEST_CASE("crontab file: environment lines apply to the entries below them") {
  const CrontabFile f = parse("A=1\n* * * * * first\n B = \"two words\" \nA='x'\nCRON_TZ=Europe/Berlin\n"
                              "TZ=Asia/Tokyo\nSHELL=/bin/bash\n* * * * * second\n");
  REQUIRE(f.errors.empty());
  REQUIRE(f.entries.size() == 2);
  CHECK(f.entries[0].env == std::vector<std::pair<std::string, std::string>>{{"A", "1"}});
  CHECK(f.entries[0].zone.empty());
  CHECK(f.entries[0].shell.empty());
  CHECK(f.entries[1].env ==
        std::vector<std::pair<std::string, std::string>>{{"B", "two words"}, {"A", "x"}, {"TZ", "Asia/Tokyo"}, {"SHELL", "/bin/bash"}});
  CHECK(f.entries[1].zone == "Europe/Berlin");  // CRON_TZ wins over TZ for the schedule
  CHECK(f.entries[1].shell == "/bin/bash");
}

TEST_CASE("crontab file: cron's % rule") {
  const CrontabFile f = parse("* * * * * mail -s '50\\% off' a@b%Hi,%bye%\n* * * * * date +\\%F\n");
  REQUIRE(f.entries.size() == 2);
  CHECK(f.entries[0].command == "mail -s '50% off' a@b");
  CHECK(f.entries[0].input == "Hi,\nbye\n");
  CHECK(f.entries[1].command == "date +%F");
  CHECK_FALSE(f.entries[1].input.has_value());
}

TEST_CASE("crontab file: a system crontab has a user column") {
  const CrontabFile f = parse("17 * * * * root cd / && run-parts /etc/cron.hourly\n", true);
  REQUIRE(f.entries.size() == 1);
  CHECK(f.entries[0].user == "root");
  CHECK(f.entries[0].command == "cd / && run-parts /etc/cron.hourly");
}

TEST_CASE("crontab file: errors are positioned on their line") {
  const CrontabFile f = parse("# ok\n\n0 0 31 2 mon-fry x\n");
  REQUIRE(f.errors.size() == 1);
  CHECK(f.errors[0].line == 3);
  CHECK(f.errors[0].column == 14);  // the caret under "fry"
}

TEST_CASE("crontab file: detection by content") {
  CHECK(looks_like_crontab("# c\nSHELL=/bin/sh\n*/5 * * * * x\n"));
  CHECK(looks_like_crontab("@reboot x\n"));
  CHECK_FALSE(looks_like_crontab("[scheduler]\n"));
  CHECK_FALSE(looks_like_crontab("a = 1\n[[jobs]]\n"));
  CHECK_FALSE(looks_like_crontab("# only comments\n"));
  CHECK(is_system_crontab_path("/etc/crontab"));
  CHECK(is_system_crontab_path("/etc/cron.d/certbot"));
  CHECK_FALSE(is_system_crontab_path("/etc/cron.d/sub/x"));
  CHECK_FALSE(is_system_crontab_path("crontab"));
}

TEST_CASE("crontab ids come from the command") {
  CHECK(crontab_job_id("/usr/local/bin/backup.sh --full >> /var/log/b.log") == "backup");
  CHECK(crontab_job_id("cd / && run-parts --report /etc/cron.daily") == "cron-daily");
  CHECK(crontab_job_id("FOO=1 python3 /opt/app/Clean_Up.py") == "clean-up");
  CHECK(crontab_job_id("nice -n 10 pg_dump db") == "pg-dump");
  CHECK(crontab_job_id("|| &&") == "job");
  std::vector<CrontabEntry> entries(3);
  entries[0].command = "echo a";
  entries[1].command = "echo-2";
  entries[2].command = "echo b";
  assign_crontab_ids(entries);
  CHECK(entries[0].id == "echo");
  CHECK(entries[1].id == "echo-2");
  CHECK(entries[2].id == "echo-3");
}

TEST_CASE("crontab file: a crontab is read as UTF-8; a comment in another encoding stays a comment") {
  const CrontabFile bad = parse("* * * * * echo caf\xE9\n");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].line == 1);
  CHECK(bad.errors[0].column == 19);
  CHECK(bad.errors[0].message.starts_with("invalid UTF-8 (byte 0xE9): schedtool reads crontab files as UTF-8\n"));
  const CrontabFile ok = parse("# caf\xE9 \x01\n* * * * * echo caf\xC3\xA9\n");
  REQUIRE(ok.errors.empty());
  REQUIRE(ok.entries.size() == 1);
  CHECK(ok.entries[0].comments == std::vector<std::string>{"# caf\xEF\xBF\xBD \xEF\xBF\xBD"});
  CHECK(ok.entries[0].command == "echo caf\xC3\xA9");
}

TEST_CASE("utf8: invalid sequences are found and made printable") {
  CHECK(invalid_utf8_at("plain ascii") == std::string_view::npos);
  CHECK(invalid_utf8_at("caf\xC3\xA9 \xF0\x9F\x98\x80") == std::string_view::npos);
  CHECK(invalid_utf8_at("ab\xC0\xAF") == 2);          // overlong '/'
  CHECK(invalid_utf8_at("\xED\xA0\x80") == 0);        // a surrogate
  CHECK(invalid_utf8_at("x\xF4\x90\x80\x80") == 1);   // above U+10FFFF
  CHECK(invalid_utf8_at("\xE2\x82") == 0);            // cut short
  CHECK(printable_utf8("a\tb\nc\x7F\xFF") == "a\tb\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD");
}
