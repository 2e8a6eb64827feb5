#pragma once
// Crontab files as cron and supercronic read them, for `run`, `check`, `jobs`, `next --file` and
// `convert`. Pure: text in, entries and diagnostics out.
//
//   # comment                 a line whose first non-blank character is '#'; blank lines
//   NAME=value                an environment line (spaces around '=' allowed, value may be quoted
//                             with ' or "); it applies to the entries below it, as in cron.
//                             CRON_TZ (or TZ) sets the zone of the schedules below it; SHELL the
//                             shell that runs their commands (default /bin/sh)
//   SCHEDULE COMMAND          SCHEDULE is the longest of 7, 6 or 5 fields that parses (schedtool's
//                             seconds-first 6/7-field forms, else Vixie's 5), or an @macro;
//                             @reboot runs once when the scheduler starts
//   SCHEDULE USER COMMAND     in a system crontab (/etc/crontab, /etc/cron.d/*): the user to run as
//
// cron's '%' rule: the first unescaped '%' ends the command; what follows is its standard input,
// each further '%' a newline; "\%" is a literal '%'.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"

namespace schedtool {

struct CrontabEntry {
  int line = 0;
  std::string schedule;              // as written: "*/5 * * * *", "@daily", "@reboot"
  std::string user;                  // system crontabs only
  std::string command;               // the shell text, '%' rule applied
  std::optional<std::string> input;  // standard input from the '%' rule
  std::vector<std::pair<std::string, std::string>> env;  // the variables in effect, in file order
  std::string zone;                  // CRON_TZ, else TZ, in effect ("" = the scheduler's zone)
  std::string shell;                 // SHELL in effect ("" = /bin/sh)
  std::vector<std::string> comments; // the comment lines right above the entry, as written
  std::string id;                    // derived from the command, unique in the file
};

struct CrontabFile {
  std::vector<CrontabEntry> entries;
  std::vector<std::string> trailing_comments;  // comments after the last entry
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
};

CrontabFile parse_crontab_file(std::string_view text, const std::string& path, bool system);

// The jobs file that means the same (what `schedtool convert` prints and what `run` loads).
// `job_lines`, when given, gets the crontab line of each [[jobs]] table by its line in the output.
std::string crontab_to_toml(const CrontabFile& file, const std::string& path,
                            std::vector<std::pair<int, int>>* job_lines = nullptr);

// A crontab loaded as a jobs file: the jobs of crontab_to_toml, each diagnostic on its crontab line.
LoadResult parse_crontab_config(std::string_view text, const std::string& path, const LoadContext& context,
                                bool system);

// The format `context` asks for, or the one `text` is written in.
FileFormat file_format(std::string_view text, const std::string& path, FileFormat asked);

// Whether a file that was not named *.toml reads as a crontab: its first line that is neither
// blank, a comment nor NAME=value starts a schedule (a digit, '*', '?' or '@').
bool looks_like_crontab(std::string_view text);

// A system crontab by its place: /etc/crontab or a file in /etc/cron.d.
bool is_system_crontab_path(std::string_view path);

}  // namespace schedtool
