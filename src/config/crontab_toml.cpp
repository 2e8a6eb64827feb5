// crontab_to_toml (config/crontab_file.h): a crontab as the jobs file that means the same.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "base/utf8.h"
#include "config/crontab_file.h"

namespace schedtool {
namespace {

// A TOML basic string: every character that TOML cannot hold as it is, escaped.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
        else out += c;
    }
  }
  return out + "\"";
}

// A word for a POSIX shell's single quotes.
std::string shell_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The shell text a crontab command stands for: cron feeds the '%' input to the whole command.
std::string shell_text(const CrontabEntry& e) {
  if (!e.input) return e.command;
  return fmt::format("printf '%s' {} | {{\n{}\n}}", shell_quoted(*e.input), e.command);
}

std::string command_value(const CrontabEntry& e) {
  const std::string text = shell_text(e);
  if (e.shell.empty()) return quoted(text);
  return fmt::format("[{}, \"-c\", {}]", quoted(e.shell), quoted(text));
}

// A bare key when TOML allows one (PATH), else quoted.
std::string key(std::string_view name) {
  const bool bare = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  return bare ? std::string(name) : quoted(name);
}

std::string env_value(const CrontabEntry& e) {
  std::string out = "{ ";
  for (std::size_t i = 0; i < e.env.size(); ++i)
    out += fmt::format("{}{} = {}", i ? ", " : "", key(e.env[i].first), quoted(e.env[i].second));
  return out + " }";
}

void write_job(std::string& out, const CrontabEntry& e, const std::string& path, int& line,
               std::vector<std::pair<int, int>>* job_lines) {
  out += "\n";
  ++line;
  for (const std::string& comment : e.comments) {
    out += comment + "\n";
    ++line;
  }
  if (job_lines) job_lines->emplace_back(line + 1, e.line);
  std::string table = "[[jobs]]\n";
  table += fmt::format("id = {}\n", quoted(e.id));
  if (e.schedule == "@reboot")
    table += "trigger = \"date\"                    # @reboot: once, when the scheduler starts\n";
  else
    table += fmt::format("trigger = \"cron\"\ncrontab = {}\n", quoted(e.schedule));
  if (!e.zone.empty()) table += fmt::format("timezone = {}\n", quoted(e.zone));
  table += fmt::format("command = {}\n", command_value(e));
  if (!e.user.empty()) table += fmt::format("user = {}\n", quoted(e.user));
  if (!e.env.empty()) table += fmt::format("env = {}\n", env_value(e));
  table += fmt::format("# {} line {}\n", printable_utf8(path), e.line);
  for (char c : table) line += c == '\n';
  out += table;
}

}  // namespace

std::string crontab_to_toml(const CrontabFile& file, const std::string& path,
                            std::vector<std::pair<int, int>>* job_lines) {
  std::string out = fmt::format("# Converted from the crontab {} by `schedtool convert`.\n", printable_utf8(path));
  out += "# Commands run through the shell as cron runs them; check with `schedtool check FILE`.\n";
  int line = 2;
  for (const CrontabEntry& e : file.entries) write_job(out, e, path, line, job_lines);
  if (!file.trailing_comments.empty()) out += "\n";
  for (const std::string& comment : file.trailing_comments) out += comment + "\n";
  return out;
}

}  // namespace schedtool
