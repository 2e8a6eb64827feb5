// A crontab as a jobs file (config/crontab_file.h): parsed, written as TOML, and loaded by the
// same code as any jobs file, so `run` and `convert` can never disagree.
#include <algorithm>

#include "config/crontab_file.h"

namespace schedtool {
namespace {

// A diagnostic of the generated TOML, moved to the crontab line its job came from.
void to_crontab_line(Diagnostic& d, const std::string& path, const std::vector<std::pair<int, int>>& job_lines) {
  d.file = path;
  if (d.line == 0) return;
  int line = 0;
  for (const auto& [generated, source] : job_lines)
    if (generated <= d.line) line = source;
  d.line = line;
  d.column = line ? 1 : 0;
}

}  // namespace

FileFormat file_format(std::string_view text, const std::string& path, FileFormat asked) {
  if (asked != FileFormat::detect) return asked;
  if (path.ends_with(".toml") || !looks_like_crontab(text)) return FileFormat::toml;
  return is_system_crontab_path(path) ? FileFormat::system_crontab : FileFormat::crontab;
}

LoadResult parse_crontab_config(std::string_view text, const std::string& path, const LoadContext& context,
                                bool system) {
  CrontabFile file = parse_crontab_file(text, path, system);
  LoadResult out;
  out.warnings = std::move(file.warnings);
  if (!file.errors.empty()) {
    out.errors = std::move(file.errors);
    return out;
  }
  std::vector<std::pair<int, int>> job_lines;
  LoadContext as_toml = context;
  as_toml.format = FileFormat::toml;
  LoadResult loaded = parse_config(crontab_to_toml(file, path, &job_lines), path, as_toml);
  for (Diagnostic& d : loaded.errors) to_crontab_line(d, path, job_lines);
  for (Diagnostic& d : loaded.warnings) {
    if (d.line == 0 && file.entries.empty()) d.message = "no jobs: the crontab has no entries; `run` would wait for nothing";
    to_crontab_line(d, path, job_lines);
    out.warnings.push_back(std::move(d));
  }
  std::stable_sort(out.warnings.begin(), out.warnings.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  out.errors = std::move(loaded.errors);
  out.config = std::move(loaded.config);
  return out;
}

}  // namespace schedtool
