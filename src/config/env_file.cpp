#include "config/env_file.h"

#include <sys/stat.h>
#include <unistd.h>


#include <fmt/format.h>

#include "base/error.h"
#include "config/file_trust.h"
#include "config/text_file.h"

namespace schedtool {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string double_quoted(std::string_view v, std::size_t line) {
  std::string out;
  for (std::size_t i = 1; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '"') {
      if (!trim(v.substr(i + 1)).empty()) throw Error(fmt::format("line {}: text after the closing quote", line));
      return out;
    }
    if (c != '\\' || i + 1 == v.size()) { out += c; continue; }
    const char e = v[++i];
    out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
  }
  throw Error(fmt::format("line {}: unterminated \" quote", line));
}

std::string value_of(std::string_view v, std::size_t line) {
  if (v.empty()) return {};
  if (v.front() == '"') return double_quoted(v, line);
  if (v.front() != '\'') return std::string(v);
  const auto close = v.find('\'', 1);
  if (close == std::string_view::npos) throw Error(fmt::format("line {}: unterminated ' quote", line));
  if (!trim(v.substr(close + 1)).empty()) throw Error(fmt::format("line {}: text after the closing quote", line));
  return std::string(v.substr(1, close - 1));
}

}  // namespace

bool is_env_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (const char c : name)
    if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::vector<std::pair<std::string, std::string>> parse_env_file(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t line = 0;
  while (!text.empty()) {
    ++line;
    const auto nl = text.find('\n');
    std::string_view l = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (l.empty() || l.front() == '#') continue;
    if (l.substr(0, 7) == "export ") l = trim(l.substr(7));
    const auto eq = l.find('=');
    if (eq == std::string_view::npos) throw Error(fmt::format("line {}: expected NAME=VALUE", line));
    const std::string_view name = trim(l.substr(0, eq));
    if (!is_env_name(name))
      throw Error(fmt::format("line {}: not a variable name (letters, digits and _, not starting with a digit)", line));
    out.emplace_back(std::string(name), value_of(trim(l.substr(eq + 1)), line));
  }
  return out;
}

void read_env_files(LoadResult& result) {
  Config& config = *result.config;
  for (JobConfig& job : config.jobs) {
    if (!job.env_file) continue;
    const auto& ref = *job.env_file;
    const auto diagnostic = [&](const std::string& what) {
      return Diagnostic{config.path, ref.line, ref.column,
                        fmt::format("env_file '{}': {} (job \"{}\")", ref.path, what, job.id)};
    };
    uid_t owner = 0;
    if (const std::string link = foreign_symlink(ref.path, geteuid(), owner); !link.empty() && geteuid() == 0) {
      result.errors.push_back(
          diagnostic(fmt::format("refusing to follow the symlink {} owned by uid {} while running as root", link, owner)));
      continue;
    }
    try {
      const TextFile file = read_text_file(ref.path, 1 << 20);
      if (!file.ok()) throw Error(file.error);
      job.secret_env = parse_env_file(file.text);
    } catch (const Error& e) {
      result.errors.push_back(diagnostic(e.message));
      continue;
    }
    struct stat st {};
    if (stat(ref.path.c_str(), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)))
      result.warnings.push_back(diagnostic("others can read it; it should be private (chmod 600)"));
  }
  if (!result.errors.empty()) result.config.reset();
}

}  // namespace schedtool
