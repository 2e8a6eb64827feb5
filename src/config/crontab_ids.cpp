#include "config/crontab_ids.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <span>

namespace schedtool {
namespace {

// Programs that run another one: the id names what they run.
constexpr std::string_view kRunners[] = {"sh",   "bash", "dash",   "zsh",    "env",     "nice",  "ionice",
                                         "exec", "sudo", "timeout", "flock",  "chronic", "test",  "[",
                                         "python", "python3", "perl", "php",  "ruby",    "node",  "run-parts",
                                         "cd",   "su",   "nohup",  "time",   "/usr/bin/env"};
constexpr std::string_view kOperators[] = {"&&", "||", ";", "|", "(", ")", "{", "}", "!"};
constexpr std::string_view kExtensions[] = {".sh", ".bash", ".py", ".pl", ".php", ".rb", ".js"};

bool in(std::string_view word, std::span<const std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::string_view basename(std::string_view word) {
  while (word.size() > 1 && word.back() == '/') word.remove_suffix(1);
  const auto slash = word.rfind('/');
  return slash == std::string_view::npos || word.size() == 1 ? word : word.substr(slash + 1);
}

std::string slug(std::string_view word) {
  for (std::string_view ext : kExtensions)
    if (word.size() > ext.size() && word.ends_with(ext)) word.remove_suffix(ext.size());
  std::string out;
  for (char c : word) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t begin = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > begin) words.push_back(text.substr(begin, i - begin));
  }
  return words;
}

}  // namespace

std::string crontab_job_id(std::string_view command) {
  bool after_cd = false;
  for (std::string_view word : words_of(command)) {
    const bool skip_cd_dir = after_cd;
    after_cd = word == "cd";
    if (skip_cd_dir || in(word, kOperators) || word.front() == '-' || word.front() == '>' || word.front() == '<') continue;
    if (word.find('=') != std::string_view::npos && word.front() != '/') continue;  // NAME=value before the program
    if (word.front() == '"' || word.front() == '\'') word = word.substr(1);
    if (!word.empty() && (word.back() == '"' || word.back() == '\'' || word.back() == ';')) word.remove_suffix(1);
    if (word.empty() || in(word, kRunners) || in(basename(word), kRunners)) continue;
    if (std::all_of(word.begin(), word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      continue;  // an option's argument (nice -n 10)
    if (std::string id = slug(basename(word)); !id.empty()) return id;
  }
  return "job";
}

void assign_crontab_ids(std::vector<CrontabEntry>& entries) {
  std::set<std::string> used;
  for (CrontabEntry& e : entries) {
    const std::string base = crontab_job_id(e.command);
    e.id = base;
    for (int n = 2; used.count(e.id); ++n) e.id = base + "-" + std::to_string(n);
    used.insert(e.id);
  }
}

}  // namespace schedtool
