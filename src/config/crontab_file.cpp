#include "config/crontab_file.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "base/error.h"
#include "base/utf8.h"
#include "config/crontab_ids.h"
#include "cron/crontab.h"
#include "time/zone.h"

namespace schedtool {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

struct Word {
  std::size_t begin, end;  // offsets in the line
};

std::vector<Word> split_words(std::string_view line) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    if (i == line.size()) break;
    const std::size_t begin = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    words.push_back({begin, i});
  }
  return words;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_schedule(char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '*' || c == '?' || c == '@'; }

// cron's environment line: NAME = VALUE, the name without blanks or '=', either side optionally
// quoted. nullopt when the line is not one.
std::optional<std::pair<std::string, std::string>> env_line(std::string_view line) {
  line = trim(line);
  const auto eq = line.find('=');
  if (eq == std::string_view::npos || eq == 0) return std::nullopt;
  std::string_view name = trim(line.substr(0, eq));
  std::string_view value = trim(line.substr(eq + 1));
  const auto unquote = [](std::string_view& s) {
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) s = s.substr(1, s.size() - 2);
  };
  unquote(name);
  if (name.empty() || std::any_of(name.begin(), name.end(), [](char c) { return is_blank(c) || c == '='; }))
    return std::nullopt;
  unquote(value);
  return std::pair{std::string(name), std::string(value)};
}

// The '%' rule: "mail -s hi root%line 1%line 2" → command "mail -s hi root", input "line 1\nline 2".
void split_input(std::string_view text, CrontabEntry& entry) {
  std::string command, input;
  bool in_input = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string& out = in_input ? input : command;
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '%') {
      out += '%';
      ++i;
    } else if (text[i] == '%') {
      if (in_input) out += '\n';
      in_input = true;
    } else {
      out += text[i];
    }
  }
  entry.command = std::string(trim(command));
  if (in_input) entry.input = std::move(input);
}

class Parser {
 public:
  Parser(const std::string& path, bool system, CrontabFile& out) : path_(path), system_(system), out_(out) {}

  void line(std::string_view text, int number) {
    const std::string_view body = trim(text);
    if (body.empty()) {
      if (!comments_.empty() && !comments_.back().empty()) comments_.emplace_back();  // keeps paragraphs
      return;
    }
    if (body.front() == '#') {
      comments_.push_back(printable_utf8(body));  // a comment in Latin-1 is still a comment
      return;
    }
    if (const std::size_t bad = invalid_utf8_at(text); bad != std::string_view::npos)
      return error(number, printable_utf8(text), bad, 1,  // shown without the bytes a terminal cannot print
                   fmt::format("invalid UTF-8 (byte 0x{:02X}): schedtool reads crontab files as UTF-8",
                               static_cast<unsigned char>(text[bad])));
    if (!starts_schedule(body.front())) {
      if (const auto env = env_line(body)) {
        comments_.push_back("# " + printable_utf8(body));  // its effect is in each job's keys below
        return set_env(*env, number, text);
      }
      error(number, text, text.size() - body.size(), body.size(),
            system_ ? "expected a schedule, a user and a command, or NAME=value"
                    : "expected a schedule (5 fields or an @macro) and a command, or NAME=value");
      return;
    }
    entry(text, number);
  }

  void finish() {
    while (!comments_.empty() && comments_.back().empty()) comments_.pop_back();
    out_.trailing_comments = std::move(comments_);
  }

 private:
  void set_env(const std::pair<std::string, std::string>& env, int number, std::string_view text) {
    const std::string& name = env.first;
    const std::string& value = env.second;
    if (name == "CRON_TZ" || name == "TZ") {
      if (!value.empty()) {
        try {
          find_zone(value);
        } catch (const Error& e) {
          const auto at = text.find(value);
          return error(number, text, at == std::string_view::npos ? 0 : at, value.size(), name + ": " + e.message);
        }
      }
      if (name == "CRON_TZ" || !cron_tz_) zone_ = value;
      if (name == "CRON_TZ") cron_tz_ = !value.empty();
    }
    if (name == "SHELL") shell_ = value == "/bin/sh" ? "" : value;
    if (name == "MAILTO" && !value.empty() && !mailto_warned_) {
      mailto_warned_ = true;
      warning(number, "MAILTO is not used: schedtool mails nothing; each run's output goes to its log "
                      "(and to `schedtool history` with a job store)");
    }
    if (name == "CRON_TZ") return;  // a schedule setting, not the command's
    const auto same = [&](const auto& e) { return e.first == name; };
    env_.erase(std::remove_if(env_.begin(), env_.end(), same), env_.end());
    env_.emplace_back(name, value);
  }

  // How many words the schedule takes: an @macro is one; else the longest of 7, 6, 5 fields that
  // parses. Throws the 5-field form's error when none does.
  std::size_t schedule_words(std::string_view text, const std::vector<Word>& words) {
    if (text[words[0].begin] == '@') {
      check_schedule(text.substr(words[0].begin, words[0].end - words[0].begin), text, words[0].begin);
      return 1;
    }
    const std::size_t after = system_ ? 2 : 1;  // a user and/or a command follow
    for (std::size_t n : {7u, 6u}) {
      if (words.size() < n + after) continue;
      try {
        parse_crontab(text.substr(words[0].begin, words[n - 1].end - words[0].begin));
        return n;
      } catch (const Error&) {
      }
    }
    const std::size_t n = std::min<std::size_t>(5, words.size());
    check_schedule(text.substr(words[0].begin, words[n - 1].end - words[0].begin), text, words[0].begin);
    if (n < 5) throw Error(fmt::format("expected 5 fields, found {}", n), std::string(text), words[0].begin,
                           words[n - 1].end - words[0].begin);
    return 5;
  }

  void check_schedule(std::string_view schedule, std::string_view text, std::size_t at) {
    if (schedule == "@reboot") return;
    try {
      parse_crontab(schedule);
    } catch (Error& e) {
      e.offset += at;
      e.source = std::string(text);
      throw;
    }
  }

  void entry(std::string_view text, int number) {
    const std::vector<Word> words = split_words(text);
    std::size_t n = 0;
    try {
      n = schedule_words(text, words);
    } catch (const Error& e) {
      return error(number, text, e.offset, std::max<std::size_t>(e.length, 1), e.message);
    }
    CrontabEntry e;
    e.line = number;
    for (std::size_t i = 0; i < n; ++i) {  // fields joined by single spaces, as a TOML reader expects them
      if (i) e.schedule += ' ';
      e.schedule.append(text.substr(words[i].begin, words[i].end - words[i].begin));
    }
    std::size_t next = n;
    if (system_ && next < words.size()) {
      e.user = std::string(text.substr(words[next].begin, words[next].end - words[next].begin));
      ++next;
    }
    if (next >= words.size()) {
      const std::size_t end = words.back().end;
      return error(number, text, end, 1, e.user.empty() ? std::string(system_ ? "expected a user and a command after the schedule"
                                                                              : "expected a command after the schedule")
                                                         : "expected a command after the user '" + e.user + "'");
    }
    split_input(text.substr(words[next].begin), e);
    if (e.command.empty())
      return error(number, text, words[next].begin, 1, "the command is empty: a '%' starts the command's input");
    e.env = env_;
    e.zone = zone_;
    e.shell = shell_;
    while (!comments_.empty() && comments_.back().empty()) comments_.pop_back();
    e.comments = std::move(comments_);
    comments_.clear();
    out_.entries.push_back(std::move(e));
  }

  void error(int number, std::string_view text, std::size_t offset, std::size_t length, std::string message) {
    Error e(std::move(message), std::string(text), offset, length);
    out_.errors.push_back({path_, number, static_cast<int>(offset) + 1, e.message + "\n" + caret_lines(e)});
  }

  void warning(int number, std::string message) { out_.warnings.push_back({path_, number, 1, std::move(message)}); }

  const std::string& path_;
  bool system_;
  CrontabFile& out_;
  std::vector<std::pair<std::string, std::string>> env_;
  std::string zone_, shell_;
  bool cron_tz_ = false, mailto_warned_ = false;
  std::vector<std::string> comments_;
};

}  // namespace

CrontabFile parse_crontab_file(std::string_view text, const std::string& path, bool system) {
  CrontabFile out;
  Parser parser(path, system, out);
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    parser.line(text.substr(start, end - start), ++number);
    start = end + 1;
  }
  parser.finish();
  assign_crontab_ids(out.entries);
  return out;
}

bool looks_like_crontab(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    if (starts_schedule(line.front())) return true;
    if (line.front() == '[' || !env_line(line)) return false;
  }
  return false;
}

bool is_system_crontab_path(std::string_view path) {
  return path == "/etc/crontab" || (path.starts_with("/etc/cron.d/") && path.find('/', 12) == std::string_view::npos);
}

}  // namespace schedtool
